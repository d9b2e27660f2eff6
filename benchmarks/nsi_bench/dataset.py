"""The benchmark's data set, loaded with the project's own models (run inside Django).

    python -c "import django; django.setup(); from nsi_bench import dataset; dataset.main()" \
        load SCALE OUT.json      # courses, chapters, blocks, exercises, badges, students, attempts
    ... sessions COUNT OUT.json  # one logged-in session per student, through SESSION_ENGINE

``load`` writes the URL paths of the pages to measure; ``sessions`` writes the session keys
(the cookies the load generator sends). Without the NSI apps (a bare project) only the
students and their sessions are created.
"""

from __future__ import annotations

import json
import random
import sys
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse

# levels × courses per level × chapters per course × blocks per chapter, exercises per
# chapter, badges, students, attempts.
SIZES = ("levels", "courses", "chapters", "blocks", "exercises", "badges", "students", "attempts")
SCALES = {
    "full": dict(zip(SIZES, (3, 10, 12, 8, 2, 20, 1000, 20000), strict=True)),
    "quick": dict(zip(SIZES, (3, 4, 6, 4, 2, 10, 100, 1000), strict=True)),
    "tiny": dict(zip(SIZES, (1, 2, 3, 2, 1, 3, 20, 60), strict=True)),
}
STUDENT_PREFIX = "bench-eleve-"
# Every student gets the same password hash: hashing 1000 passwords would take minutes.
PASSWORD = "bench-password-not-secret"
# The teacher of every class (35 students each), whose session reads the class page.
TEACHER_USERNAME = "bench-professeur"
# Chapters given to each class (whole courses, as many as that takes): the class page's columns.
CLASS_CHAPTERS = 12
TEACHER_SESSIONS = 8

MARKDOWN_BLOCK = """## Partie {n}

Un **algorithme** se décrit en *pseudo-code* puis en Python :

```python
def somme(liste):
    total = 0
    for x in liste:
        total = total + x
    return total
```

- complexité : linéaire, O(n) ;
- invariant : `total` vaut la somme des éléments déjà vus.

> Exercice : écrire la fonction `maximum(liste)`.
"""


def nsi_apps_installed() -> bool:
    return apps.is_installed("courses")


def create_students(count: int):
    User = get_user_model()
    password = make_password(PASSWORD)
    field_names = {f.name for f in User._meta.get_fields()}
    users = []
    for i in range(count):
        user = User(username=f"{STUDENT_PREFIX}{i:05d}", password=password)
        if "email" in field_names:
            user.email = f"eleve{i}@example.org"
        extra_student_fields(user, i, field_names)
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    return list(User.objects.filter(username__startswith=STUDENT_PREFIX).order_by("username"))


def extra_student_fields(user, i: int, field_names: set[str]) -> None:
    """The NSI User's own fields (role, pseudo, xp), when the model has them."""
    if "role" in field_names:
        user.role = student_role(type(user))
    if "pseudo" in field_names:
        user.pseudo = f"Élève {i}"
    if "xp" in field_names:
        user.xp = random.Random(i).randint(0, 5000)


def student_role(User):
    field = User._meta.get_field("role")
    for value, label in field.choices or ():
        if any(word in f"{value} {label}".lower() for word in ("eleve", "élève", "student")):
            return value
    return field.get_default()


def load(scale_name: str, out_path: str) -> None:
    scale = SCALES[scale_name]
    random.seed(6)
    with transaction.atomic():
        students = create_students(scale["students"])
        paths, counts = {}, {"students": len(students)}
        if nsi_apps_installed():
            paths, counts = load_nsi(scale, students)
    with open(out_path, "w") as f:
        json.dump({"scale": scale_name, "sizes": scale, "paths": paths, "counts": counts, "students": len(students)}, f)


# How many distinct paths the load spreads over (each student keeps to one of them).
COURSE_PATHS = 10
CHAPTER_PATHS = 24
# Python exercises (the demo's `somme`), one in each of that many chapters.
PYTHON_EXERCISES = 6
SOMME = {
    "title": "Somme",
    "prompt": "Écrire une fonction `somme(nombres)` qui renvoie la somme des nombres de la liste.",
    "starter_code": "def somme(nombres):\n    ...\n",
    "public_tests": "assert somme([1, 2, 3]) == 6\nassert somme([]) == 0",
    "private_tests": "somme([10, -4])\nsomme(list(range(100)))\nassert somme([2.5]) == 2.5",
    "solution": "def somme(nombres):\n    total = 0\n    for n in nombres:\n        total += n\n    return total\n",
    "remarks": "On peut aussi écrire `sum(nombres)`.",
    "xp_reward": 10,
}
# The SQL exercise (the demo's, on NSI students' grades): title, prompt and reward of the benchmark.
SQL_EXERCISE = {
    "title": "Moyennes de la TG1",
    "prompt": "Donner le prénom et la moyenne de chaque élève de la classe **TG1**, de la meilleure à la moins bonne.",
    "xp_reward": 30,
}


def load_nsi(scale: dict, students) -> dict:
    """Courses, chapters, blocks, exercises, badges, a class, attempts, XP and badges earned.

    Bulk inserts, so no signal fires: the benchmark empties its Redis after loading anyway.
    """
    from accounts.levels import level_for
    from accounts.models import Classroom, Enrollment, User
    from courses.models import Chapter, ContentBlock, Course
    from exercises.models import Attempt, Choice, Exercise
    from gamification.models import Badge, UserBadge

    rng = random.Random(6)
    levels = [value for value, _ in Course.Level.choices][: scale["levels"]]
    courses = Course.objects.bulk_create(
        Course(
            title=f"Cours {level} {n + 1}",
            slug=f"bench-{level}-{n + 1}",
            level=level,
            is_published=True,
            order=n,
            summary=f"Cours {n + 1} du niveau {level} : données, algorithmes, langages, machines.",
        )
        for level in levels
        for n in range(scale["courses"])
    )
    chapters = Chapter.objects.bulk_create(
        Chapter(
            course=course,
            title=f"Chapitre {n + 1} · {course.title}",
            slug=f"chapitre-{n + 1}",
            is_published=True,
            order=n,
        )
        for course in courses
        for n in range(scale["chapters"])
    )
    ContentBlock.objects.bulk_create(
        (
            ContentBlock(chapter=chapter, order=n, markdown=MARKDOWN_BLOCK.format(n=n + 1))
            for chapter in chapters
            for n in range(scale["blocks"])
        ),
        batch_size=1000,
    )
    exercises = Exercise.objects.bulk_create(
        (
            Exercise(
                chapter=chapter,
                title=f"Exercice {n + 1}",
                prompt="Combien vaut `somme([1, 2, 3])` ?",
                kind=Exercise.Kind.QCM,
                xp_reward=10,
                is_published=True,
                order=n,
            )
            for chapter in chapters
            for n in range(scale["exercises"])
        ),
        batch_size=1000,
    )
    Choice.objects.bulk_create(
        (
            Choice(exercise=exercise, text=text, is_correct=text == "6", order=n)
            for exercise in exercises
            for n, text in enumerate(("5", "6", "123"))
        ),
        batch_size=1000,
    )
    # Python exercises, saved one by one: save() runs the teacher's solution in the sandbox and
    # stores the expected values (the compiled module is cached, ~0.2 s each).
    # An older template without Python exercises (benchmarks/instructions --rev) gets none.
    python_exercises = [
        Exercise.objects.create(
            chapter=chapter, kind=Exercise.Kind.PYTHON, is_published=True, order=scale["exercises"], **SOMME
        )
        for chapter in chapters[:: max(len(chapters) // PYTHON_EXERCISES, 1)][:PYTHON_EXERCISES]
        if hasattr(Exercise.Kind, "PYTHON")
    ]
    sql_exercise = create_sql_exercise(Exercise, chapters[-1], scale["exercises"] + 1)
    badges = Badge.objects.bulk_create(
        Badge(
            code=f"bench-badge-{n}",
            name=f"Badge {n + 1}",
            description=f"Atteindre le palier {n + 1}",
            rule=Badge.Rule.XP if n % 2 == 0 else Badge.Rule.EXERCISES_PASSED,
            threshold=(n + 1) * (50 if n % 2 == 0 else 2),
            order=n,
        )
        for n in range(scale["badges"])
    )

    teacher = User.objects.create(username=TEACHER_USERNAME, role=User.Role.TEACHER, password="!")
    classrooms = Classroom.objects.bulk_create(
        Classroom(name=f"Classe {n + 1}", teacher=teacher, join_code=f"BENCH{n:03d}")
        for n in range((len(students) + 34) // 35)
    )
    Enrollment.objects.bulk_create(
        (Enrollment(student=student, classroom=classrooms[i // 35]) for i, student in enumerate(students)),
        batch_size=1000,
    )
    # Each class is given its first courses: its page (the teacher's grid) has a column per chapter.
    # An older template without the teaching app (benchmarks/instructions --rev) gives none.
    if apps.is_installed("teaching"):
        from teaching.models import Assignment

        given = courses[: max(1, CLASS_CHAPTERS // scale["chapters"])]
        Assignment.objects.bulk_create(
            Assignment(classroom=classroom, course=course) for classroom in classrooms for course in given
        )

    # Attempts: random students on random exercises; the first pass of an exercise earns XP.
    attempts, earned, xp, passed_count = [], set(), dict.fromkeys((s.pk for s in students), 0), {}
    for _ in range(scale["attempts"]):
        student, exercise = rng.choice(students), rng.choice(exercises)
        passed = rng.random() < 0.6
        award = exercise.xp_reward if passed and (student.pk, exercise.pk) not in earned else 0
        if award:
            earned.add((student.pk, exercise.pk))
            xp[student.pk] += award
            passed_count[student.pk] = passed_count.get(student.pk, 0) + 1
        attempts.append(
            Attempt(user=student, exercise=exercise, answer="1" if passed else "0", passed=passed, xp_awarded=award)
        )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    for student in students:
        student.xp = xp[student.pk]
        student.level = level_for(student.xp)
    User.objects.bulk_update(students, ["xp", "level"], batch_size=1000)
    UserBadge.objects.bulk_create(
        (
            UserBadge(user=student, badge=badge)
            for student in students
            for badge in badges
            if (badge.rule == Badge.Rule.XP and xp[student.pk] >= badge.threshold)
            or (badge.rule == Badge.Rule.EXERCISES_PASSED and passed_count.get(student.pk, 0) >= badge.threshold)
        ),
        batch_size=2000,
    )

    step = max(len(chapters) // CHAPTER_PATHS, 1)
    paths = {
        "courses": ["/courses/"],
        "course": [course.get_absolute_url() for course in courses[:: max(len(courses) // COURSE_PATHS, 1)]][
            :COURSE_PATHS
        ],
        "chapter": [chapter.get_absolute_url() for chapter in chapters[::step]][:CHAPTER_PATHS],
    }
    # The exercise pages: the Python ones (editor) and as many QCM, spread over the chapters.
    paths["exercise_python"] = [exercise.get_absolute_url() for exercise in python_exercises]
    paths["exercise_qcm"] = [exercise.get_absolute_url() for exercise in exercises[::step]][:CHAPTER_PATHS]
    # A student's home page is their dashboard (teaching/dashboard.py): only with the NSI apps.
    paths["dashboard"] = [reverse("home")]
    # The teacher's class page, for a full class (35 students), read with the teacher's session.
    paths["class"] = [reverse("classes:detail", args=[classrooms[0].pk])]
    # Where the "Valider" burst posts (benchmarks/run: a class validating one exercise at once).
    paths["submit_python"] = [reverse("exercises:submit", args=[python_exercises[0].pk])] if python_exercises else []
    paths["submit_sql"] = [reverse("exercises:submit", args=[sql_exercise.pk])] if sql_exercise else []
    counts = {
        "courses": len(courses),
        "chapters": len(chapters),
        "blocks": len(chapters) * scale["blocks"],
        "exercises": len(exercises) + len(python_exercises) + (sql_exercise is not None),
        "python_exercises": len(python_exercises),
        "sql_exercises": int(sql_exercise is not None),
        "badges": len(badges),
        "students": len(students),
        "attempts": len(attempts),
        "badges_earned": UserBadge.objects.count(),
        "classrooms": len(classrooms),
    }
    return paths, counts


def create_sql_exercise(Exercise, chapter, order: int):
    """The SQL exercise the burst validates, in the last chapter (outside the chapter and course
    pages the quick and full runs measure); None for a template without SQL exercises or demo."""
    try:
        from gamification.demo_content import NOTES_NSI
    except ImportError:
        return None
    if not hasattr(Exercise.Kind, "SQL"):
        return None
    # save() checks the script and the expected query on a fresh in-memory database.
    return Exercise.objects.create(
        chapter=chapter, kind=Exercise.Kind.SQL, is_published=True, order=order, **SQL_EXERCISE, **NOTES_NSI
    )


def session_of(engine, backend: str, user) -> str:
    session = engine.SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def create_sessions(count: int, out_path: str) -> None:
    """One logged-in session per student, written the way django.contrib.auth.login does."""
    User = get_user_model()
    engine = import_module(settings.SESSION_ENGINE)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys = []
    for user in User.objects.filter(username__startswith=STUDENT_PREFIX).order_by("username")[:count]:
        keys.append(session_of(engine, backend, user))
    # The benchmark's teacher (NSI apps only), for the class page.
    teacher = User.objects.filter(username=TEACHER_USERNAME).first()
    with open(out_path, "w") as f:
        json.dump(
            {
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "keys": keys,
                # Several sessions (tabs) of the one teacher: wrk's connections do not all share one.
                "teacher": [session_of(engine, backend, teacher) for _ in range(TEACHER_SESSIONS)] if teacher else [],
            },
            f,
        )


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    command, arg, out_path = argv
    if command == "load":
        load(arg, out_path)
    elif command == "sessions":
        create_sessions(int(arg), out_path)
    else:
        raise SystemExit(f"dataset: unknown command {command!r}")
