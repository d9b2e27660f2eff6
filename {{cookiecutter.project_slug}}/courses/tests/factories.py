"""Builders for courses, chapters and exercises, in bulk where the tests need many."""

from itertools import count

from courses.models import Chapter, ContentBlock, Course
from exercises.models import Choice, Exercise

_numbers = count(1)


def make_course(slug=None, chapters=1, exercises=1, **fields):
    """A published course with published chapters, each with a block and QCM exercises."""
    number = next(_numbers)
    fields = {"title": f"Cours {number}", "level": "premiere", "is_published": True, **fields}
    course = Course.objects.create(slug=slug or f"cours-{number}", **fields)
    for index in range(chapters):
        make_chapter(course, slug=f"chapitre-{index + 1}", exercises=exercises, order=index)
    return course


def make_chapter(course, slug, exercises=1, markdown="Un **paragraphe**.", **fields):
    fields = {"title": slug.replace("-", " ").capitalize(), "is_published": True, **fields}
    chapter = Chapter.objects.create(course=course, slug=slug, **fields)
    ContentBlock.objects.create(chapter=chapter, markdown=markdown)
    for index in range(exercises):
        make_qcm(chapter, title=f"Exercice {index + 1}", order=index)
    return chapter


def make_qcm(chapter, title="QCM", xp_reward=10, **fields):
    """A published QCM whose right answer is the choice returned as exercise.right_choice."""
    exercise = Exercise.objects.create(
        chapter=chapter, title=title, prompt="2 + 2 ?", kind="qcm", xp_reward=xp_reward, is_published=True, **fields
    )
    Choice.objects.create(exercise=exercise, text="3", order=0)
    exercise.right_choice = Choice.objects.create(exercise=exercise, text="4", is_correct=True, order=1)
    exercise.wrong_choice = exercise.choices.get(text="3")
    return exercise


def make_short_answer(chapter, accepted="DNS\nDomain Name System", xp_reward=10, **fields):
    return Exercise.objects.create(
        chapter=chapter,
        title="Réponse courte",
        prompt="Quel service traduit un nom en adresse IP ?",
        kind="reponse_courte",
        accepted_answers=accepted,
        xp_reward=xp_reward,
        is_published=True,
        **fields,
    )


def make_published_qcm(course_slug=None, title="QCM"):
    """A QCM in chapter `chapitre-1` of a new course, with .right_choice and .wrong_choice."""
    course = make_course(slug=course_slug, chapters=0)
    return make_qcm(make_chapter(course, slug="chapitre-1", exercises=0), title=title)


SOMME = {
    "prompt": "Écrire une fonction `somme(nombres)` qui renvoie la somme des nombres de la liste.",
    "starter_code": "def somme(nombres):\n    ...\n",
    "public_tests": "assert somme([1, 2, 3]) == 6\nassert somme([]) == 0",
    "private_tests": "somme([10, -4])\nsomme(list(range(100)))\nassert somme([2.5]) == 2.5",
    "solution": "def somme(nombres):\n    total = 0\n    for n in nombres:\n        total += n\n    return total\n",
    "remarks": "On peut aussi écrire `sum(nombres)`.",
}


def make_python_exercise(chapter=None, title="Somme", xp_reward=10, **fields):
    """A published Python exercise (somme by default), saved through the sandbox like any other."""
    if chapter is None:
        chapter = make_chapter(make_course(chapters=0), slug="chapitre-1", exercises=0)
    return Exercise.objects.create(
        chapter=chapter, title=title, kind="python", xp_reward=xp_reward, is_published=True, **{**SOMME, **fields}
    )


NOTES = {
    "prompt": "Donner le nom et la moyenne des élèves dont la moyenne dépasse 12, par moyenne décroissante.",
    "sql_schema": (
        "CREATE TABLE eleve (id INTEGER PRIMARY KEY, nom TEXT NOT NULL, moyenne REAL NOT NULL);\n"
        "INSERT INTO eleve (nom, moyenne) VALUES ('Ada', 17.5), ('Alan', 11.0), ('Grace', 14.25), ('Linus', 12.5);"
    ),
    "solution": "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC;",
    "starter_code": "SELECT ",
    "sql_ordered": True,
}


def make_sql_exercise(chapter=None, title="Moyennes", xp_reward=10, **fields):
    """A published SQL exercise (the eleve table by default), checked on save like any other."""
    if chapter is None:
        chapter = make_chapter(make_course(chapters=0), slug="chapitre-1", exercises=0)
    return Exercise.objects.create(
        chapter=chapter, title=title, kind="sql", xp_reward=xp_reward, is_published=True, **{**NOTES, **fields}
    )
