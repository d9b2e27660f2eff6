"""Reads of the teacher pages: the class grid and the class leaderboard, MEDIUM-tier per class.

Each key holds one class's data only (``class_grid_<id>``, ``leaderboard_class_<id>``); who may
read it is checked by the views before they read it (access.py). Their invalidation follows a
member's attempt, an enrolment, an assignment, a renamed student, and an edit of the content
the class was given.
"""

from collections import defaultdict

from django.db.models import Count, Max, Q, Sum

from accounts.models import Classroom, Enrollment, User
from caching.cached import cached, changes
from caching.invalidation import per_write
from caching.tiers import Tier
from courses.models import Chapter, Course
from exercises.models import Attempt, Exercise, HintUse
from gamification.selectors import ranked

from .models import Assignment

MOST_FAILED = 5


# --- Which classes a row feeds (the invalidation's parameters) --------------------------------
@per_write  # a first success asks twice: its attempt feeds the class grids, its XP the class leaderboards
def classes_of_student(user_id: int) -> list[dict]:
    return [
        {"classroom_id": pk}
        for pk in Enrollment.objects.filter(student_id=user_id).values_list("classroom_id", flat=True)
    ]


def classes_given_course(course_id: int) -> list[dict]:
    given = Assignment.objects.filter(Q(course_id=course_id) | Q(chapter__course_id=course_id))
    return [{"classroom_id": pk} for pk in set(given.values_list("classroom_id", flat=True))]


def classes_given_chapter(chapter: Chapter) -> list[dict]:
    given = Assignment.objects.filter(Q(chapter_id=chapter.pk) | Q(course_id=chapter.course_id))
    return [{"classroom_id": pk} for pk in set(given.values_list("classroom_id", flat=True))]


def classes_given_exercise(exercise: Exercise) -> list[dict]:
    given = Assignment.objects.filter(Q(chapter_id=exercise.chapter_id) | Q(course__chapters=exercise.chapter_id))
    return [{"classroom_id": pk} for pk in set(given.values_list("classroom_id", flat=True))]


def student_name(row: dict) -> str:
    """What a teacher calls a student: first and last name, else the pseudo, else the username."""
    full = f"{row['first_name']} {row['last_name']}".strip()
    return full or row["pseudo"] or row["username"]


# --- The class grid -----------------------------------------------------------------------------
def assigned_chapters(classroom_id: int) -> tuple[list[dict], list[dict]]:
    """The class's assignments, and the published chapters they give in the courses' order (two queries)."""
    assignments = list(Assignment.objects.filter(classroom_id=classroom_id).select_related("course", "chapter__course"))
    chapters = (
        Chapter.objects.filter(is_published=True, course__is_published=True)
        .filter(
            Q(pk__in=[a.chapter_id for a in assignments if a.chapter_id])
            | Q(course_id__in=[a.course_id for a in assignments if a.course_id])
        )
        .select_related("course")
        .annotate(total=Count("exercises", filter=Q(exercises__is_published=True)))
        .order_by("course__order", "course__title", "order", "pk")
    )
    due = {}
    for assignment in assignments:
        due[("chapter", assignment.chapter_id) if assignment.chapter_id else ("course", assignment.course_id)] = (
            assignment.due_date
        )
    rows = [
        {
            "id": chapter.pk,
            "title": chapter.title,
            "course_title": chapter.course.title,
            "url": chapter.get_absolute_url(),
            "total": chapter.total,
            "due_date": due.get(("chapter", chapter.pk)) or due.get(("course", chapter.course_id)),
        }
        for chapter in chapters
    ]
    listed = [
        {
            "id": assignment.pk,
            "label": str(assignment.course or f"{assignment.chapter.course} · {assignment.chapter}"),
            "kind": "cours" if assignment.course_id else "chapitre",
            "due_date": assignment.due_date,
        }
        for assignment in assignments
    ]
    return listed, rows


@cached(
    Tier.MEDIUM,
    "class_grid_{classroom_id}",
    invalidated_by={
        Attempt: lambda attempt: classes_of_student(attempt.user_id),
        HintUse: lambda use: classes_of_student(use.user_id),
        Enrollment: lambda enrollment: {"classroom_id": enrollment.classroom_id},
        Assignment: lambda assignment: {"classroom_id": assignment.classroom_id},
        User: changes("username", "first_name", "last_name", "pseudo", params=lambda user: classes_of_student(user.pk)),
        Course: changes("title", "is_published", "order", params=lambda course: classes_given_course(course.pk)),
        Chapter: changes("title", "is_published", "order", "course", "slug", params=classes_given_chapter),
        Exercise: changes("is_published", "chapter", "title", params=classes_given_exercise),
    },
)
def class_grid(classroom_id: int) -> dict:
    """Students × assigned chapters: exercises passed / total and last activity per cell, the
    class average per chapter, the hints each student revealed and the exercises most often
    failed. Six queries whatever the size of the class; nothing in it is a solution, an expected
    answer or a hint's text."""
    students = list(
        User.objects.filter(enrollments__classroom_id=classroom_id)
        .order_by("last_name", "first_name", "username")
        .values("id", "username", "first_name", "last_name", "pseudo", "xp")
    )
    assignments, chapters = assigned_chapters(classroom_id)
    chapter_ids = [chapter["id"] for chapter in chapters]
    members = Attempt.objects.filter(user__enrollments__classroom_id=classroom_id, exercise__chapter_id__in=chapter_ids)
    cells = defaultdict(dict)
    for row in members.values("user_id", "exercise__chapter_id").annotate(
        passed=Count("exercise_id", filter=Q(passed=True, exercise__is_published=True), distinct=True),
        last=Max("created_at"),
    ):
        cells[row["user_id"]][row["exercise__chapter_id"]] = {"passed": row["passed"], "last": row["last"]}
    failed = (
        members.filter(passed=False, exercise__is_published=True)
        .values("exercise_id", "exercise__title", "exercise__chapter__title")
        .annotate(failures=Count("pk"), students=Count("user_id", distinct=True))
        .order_by("-failures", "exercise_id")[:MOST_FAILED]
    )
    for chapter in chapters:
        done = [cells[student["id"]].get(chapter["id"], {}).get("passed", 0) for student in students]
        possible = len(done) * chapter["total"]
        chapter["average"] = round(100 * sum(done) / possible) if possible else None
    hints = {
        row["user_id"]: row
        for row in HintUse.objects.filter(
            user__enrollments__classroom_id=classroom_id, exercise__chapter_id__in=chapter_ids
        )
        .values("user_id")
        .annotate(count=Count("pk"), cost=Sum("cost"))
    }
    for student in students:
        mine = cells.get(student["id"], {})
        student["name"] = student_name(student)
        student["hints"] = hints.get(student["id"], {}).get("count", 0)
        student["hints_cost"] = hints.get(student["id"], {}).get("cost", 0)
        # One cell per chapter, in the chapters' order: the template walks both lists together.
        student["cells"] = [
            {
                "passed": mine.get(chapter["id"], {}).get("passed", 0),
                "total": chapter["total"],
                "last": mine.get(chapter["id"], {}).get("last"),
            }
            for chapter in chapters
        ]
        student["last"] = max((cell["last"] for cell in mine.values()), default=None)
        student["passed"] = sum(cell["passed"] for cell in mine.values())
    return {
        "students": students,
        "chapters": chapters,
        "assignments": assignments,
        "most_failed": [
            {
                "title": row["exercise__title"],
                "chapter_title": row["exercise__chapter__title"],
                "failures": row["failures"],
                "students": row["students"],
            }
            for row in failed
        ],
    }


# --- The class leaderboard --------------------------------------------------------------------
@cached(
    Tier.MEDIUM,
    "leaderboard_class_{classroom_id}",
    invalidated_by={
        User: changes("pseudo", "role", "xp", "level", "is_active", params=lambda user: classes_of_student(user.pk)),
        Enrollment: lambda enrollment: {"classroom_id": enrollment.classroom_id},
    },
)
def class_leaderboard(classroom_id: int) -> list[dict]:
    """The class's students by XP, with shared ranks (one query): pseudo or neutral name only,
    as on the site-wide leaderboard, since classmates see it too."""
    students = (
        User.objects.filter(enrollments__classroom_id=classroom_id, role=User.Role.STUDENT, is_active=True)
        .order_by("-xp", "pk")
        .values("id", "pseudo", "role", "xp", "level")
    )
    return ranked(students)


# --- A student's « À faire » (their dashboard) --------------------------------------------------
def students_in(classes: list[dict]) -> list[dict]:
    """The students of these classes, as the parameters of their per-student keys."""
    ids = [given["classroom_id"] for given in classes]
    students = Enrollment.objects.filter(classroom_id__in=ids).values_list("student_id", flat=True)
    return [{"user_id": pk} for pk in set(students)]


@cached(
    Tier.SHORT,
    "todo_{user_id}",
    invalidated_by={
        # Their own answers (the progress), their classes, the work given, and what it is made of.
        Attempt: lambda attempt: {"user_id": attempt.user_id},
        Enrollment: lambda enrollment: {"user_id": enrollment.student_id},
        Assignment: lambda assignment: students_in([{"classroom_id": assignment.classroom_id}]),
        Classroom: changes("name", params=lambda classroom: students_in([{"classroom_id": classroom.pk}])),
        Course: changes(
            "title", "is_published", "slug", params=lambda course: students_in(classes_given_course(course.pk))
        ),
        Chapter: changes(
            "title",
            "is_published",
            "course",
            "slug",
            params=lambda chapter: students_in(classes_given_chapter(chapter)),
        ),
        Exercise: changes(
            "is_published", "chapter", params=lambda exercise: students_in(classes_given_exercise(exercise))
        ),
    },
)
def todo(user_id: int) -> list[dict]:
    """The work given to the student's classes, with their progress in it (three queries)."""
    given = list(
        Assignment.objects.filter(classroom__enrollments__student_id=user_id)
        .select_related("classroom", "course", "chapter__course")
        .order_by("due_date", "created_at")
    )
    if not given:
        return []
    chapters = list(
        Chapter.objects.filter(is_published=True, course__is_published=True)
        .filter(
            Q(pk__in=[a.chapter_id for a in given if a.chapter_id])
            | Q(course_id__in=[a.course_id for a in given if a.course_id])
        )
        .annotate(total=Count("exercises", filter=Q(exercises__is_published=True)))
        .values("id", "course_id", "total")
    )
    passed = dict(
        Attempt.objects.filter(
            user_id=user_id,
            passed=True,
            exercise__is_published=True,
            exercise__chapter_id__in=[c["id"] for c in chapters],
        )
        .values("exercise__chapter_id")
        .annotate(done=Count("exercise_id", distinct=True))
        .values_list("exercise__chapter_id", "done")
    )
    items = []
    for assignment in given:
        if assignment.chapter_id:
            work, label = assignment.chapter, f"{assignment.chapter.course.title} · {assignment.chapter.title}"
            mine = [c for c in chapters if c["id"] == assignment.chapter_id]
        else:
            work, label = assignment.course, assignment.course.title
            mine = [c for c in chapters if c["course_id"] == assignment.course_id]
        if not mine:
            continue  # unpublished since it was given: nothing to do there
        items.append(
            {
                "label": label,
                "url": work.get_absolute_url(),
                "classroom": assignment.classroom.name,
                "due_date": assignment.due_date,
                "passed": sum(passed.get(c["id"], 0) for c in mine),
                "total": sum(c["total"] for c in mine),
            }
        )
    return items
