"""Reads about exercises and attempts. Per-user values live under per-user keys (SHORT).

The exercise page's content is LONG-tier and holds only what every student may see: never the
private tests, the solution, the remarks or the expected values (read from the database, and
only once the student has passed).
"""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse

from caching.cached import cached, changes
from caching.tiers import Tier
from courses import rendering
from courses import selectors as course_selectors
from courses.models import Chapter, Course

from .models import Attempt, Choice, Exercise, Hint, HintUse
from .parsons import MAX_INDENT, shuffled_lines

RECENT_ATTEMPTS = 10


@cached(
    Tier.SHORT,
    "chapter_progress_{user_id}_{chapter_id}",
    invalidated_by={Attempt: lambda attempt: {"user_id": attempt.user_id, "chapter_id": attempt.exercise.chapter_id}},
)
def passed_exercise_ids(user_id: int, chapter_id: int) -> frozenset[int]:
    """The exercises of this chapter the user has passed (one query)."""
    passed = Attempt.objects.filter(user_id=user_id, exercise__chapter_id=chapter_id, passed=True)
    return frozenset(passed.values_list("exercise_id", flat=True))


@cached(Tier.SHORT, "recent_attempts_{user_id}", invalidated_by={Attempt: lambda attempt: {"user_id": attempt.user_id}})
def recent_attempts(user_id: int) -> list[dict]:
    """The user's last attempts, newest first, with their chapter (one query): the dashboard's
    "continue" link is the chapter of the latest one."""
    attempts = Attempt.objects.filter(user_id=user_id).select_related("exercise__chapter__course")[:RECENT_ATTEMPTS]
    return [
        {
            "exercise_title": attempt.exercise.title,
            "exercise_url": attempt.exercise.get_absolute_url(),
            "chapter_title": attempt.exercise.chapter.title,
            "course_title": attempt.exercise.chapter.course.title,
            "chapter_url": reverse(
                "courses:chapter", args=[attempt.exercise.chapter.course.slug, attempt.exercise.chapter.slug]
            ),
            "published": attempt.exercise.chapter.is_published and attempt.exercise.chapter.course.is_published,
            "passed": attempt.passed,
            "xp_awarded": attempt.xp_awarded,
            "created_at": attempt.created_at,
        }
        for attempt in attempts
    ]


@cached(Tier.SHORT, "passed_counts_{user_id}", invalidated_by={Attempt: lambda attempt: {"user_id": attempt.user_id}})
def passed_counts(user_id: int) -> dict:
    """The published exercises the user has passed, counted per chapter (by id) and per course
    (by slug), in one query: the course page and the dashboard set them against the totals."""
    rows = (
        Attempt.objects.filter(user_id=user_id, passed=True, exercise__is_published=True)
        .values_list("exercise__chapter_id", "exercise__chapter__course__slug")
        .annotate(done=Count("exercise_id", distinct=True))
        .order_by()
    )
    chapters, courses = {}, {}
    for chapter_id, course_slug, done in rows:
        chapters[chapter_id] = done
        courses[course_slug] = courses.get(course_slug, 0) + done
    return {"chapters": chapters, "courses": courses}


@cached(
    Tier.LONG,
    "exercise_totals",
    invalidated_by={
        Exercise: changes("chapter", "is_published"),
        Chapter: changes("course", "is_published"),
        Course: changes("slug", "is_published"),
    },
)
def exercise_totals() -> dict[str, int]:
    """Published exercises per published course, by slug (one query): the same for everyone."""
    counted = Course.objects.filter(is_published=True).annotate(
        total=Count(
            "chapters__exercises",
            filter=Q(chapters__is_published=True, chapters__exercises__is_published=True),
        )
    )
    return dict(counted.values_list("slug", "total"))


# What the exercise page shows; a change of another field (the solution, the tests only the
# server runs, the expected values) leaves the cached page alone.
CONTENT_FIELDS = (
    *("chapter", "title", "prompt", "kind", "xp_reward", "is_published"),
    *("setup_code", "starter_code", "public_tests", "max_validations", "sql_schema", "sql_ordered"),
    # A Parsons exercise's lines are its solution's, shuffled: the solution feeds its page.
    *("solution", "parsons_distractors", "parsons_indent"),
)


def exercises_of_chapter(chapter: Chapter) -> list[dict]:
    return [{"pk": pk} for pk in Exercise.objects.filter(chapter_id=chapter.pk).values_list("pk", flat=True)]


def exercises_of_course(course: Course) -> list[dict]:
    return [{"pk": pk} for pk in Exercise.objects.filter(chapter__course_id=course.pk).values_list("pk", flat=True)]


@cached(
    Tier.LONG,
    "exercise_content_{pk}",
    invalidated_by={
        Exercise: changes(*CONTENT_FIELDS, params=lambda exercise: {"pk": exercise.pk}),
        Choice: lambda choice: {"pk": choice.exercise_id},
        Hint: lambda hint: {"pk": hint.exercise_id},
        Chapter: changes("course", "title", "slug", "is_published", params=exercises_of_chapter),
        Course: changes("slug", "is_published", params=exercises_of_course),
    },
)
def exercise_content(pk: int) -> dict | None:
    """A published exercise as every student sees it, statement rendered once (two queries, three
    for a QCM), or None. A QCM's choices come without their correctness; hints come as their
    costs only (their texts are read per student, once revealed: hints_of)."""
    exercise = (
        Exercise.objects.select_related("chapter__course")
        .filter(pk=pk, is_published=True, chapter__is_published=True, chapter__course__is_published=True)
        .first()
    )
    if exercise is None:
        return None
    chapter = exercise.chapter
    content = {
        "id": exercise.pk,
        "title": exercise.title,
        "kind": exercise.kind,
        "kind_label": exercise.get_kind_display(),
        "xp_reward": exercise.xp_reward,
        "prompt_html": rendering.render(exercise.prompt),
        "submit_url": reverse("exercises:submit", args=[exercise.pk]),
        "chapter": {
            "id": chapter.pk,
            "title": chapter.title,
            # Both slugs: the "next exercise" link reads the chapter's own cached content.
            "course_slug": chapter.course.slug,
            "slug": chapter.slug,
            "url": reverse("courses:chapter", args=[chapter.course.slug, chapter.slug]),
        },
        "choices": [],
        "hint_costs": list(exercise.hints.values_list("cost", flat=True)),
        "hint_url": reverse("exercises:hint", args=[exercise.pk]),
    }
    if exercise.kind == Exercise.Kind.QCM:
        content["choices"] = [{"id": pk, "text": text} for pk, text in exercise.choices.values_list("pk", "text")]
    elif exercise.kind == Exercise.Kind.PYTHON:
        content.update(
            setup_code=exercise.setup_code,
            starter_code=exercise.starter_code,
            public_tests=exercise.public_tests,
            max_validations=exercise.max_validations,
        )
    elif exercise.kind == Exercise.Kind.SQL:
        content.update(
            sql_schema=exercise.sql_schema,
            sql_ordered=exercise.sql_ordered,
            starter_code=exercise.starter_code,
            max_validations=exercise.max_validations,
            run_url=reverse("exercises:run", args=[exercise.pk]),
        )
    elif exercise.kind == Exercise.Kind.PARSONS:
        # Shuffled once per exercise (parsons.py), not per request: cached with the rest.
        content.update(
            lines=shuffled_lines(exercise),
            parsons_indent=exercise.parsons_indent,
            public_tests=exercise.public_tests,  # with tests, the program runs: these are shown
            indent_levels=list(range(MAX_INDENT + 1)),
            max_validations=exercise.max_validations,
        )
    return content


def python_progress(user_id: int, exercise_id: int) -> dict:
    """The student's last program (or SQL query) and how many validations they used (one query, never cached:
    it changes with each validation and holds the student's own code)."""
    latest = (
        Attempt.objects.filter(user_id=user_id, exercise_id=exercise_id)
        .annotate(used=Window(Count("pk")))
        .values_list("answer", "used")
        .first()
    )
    return {"code": latest[0], "used": latest[1]} if latest else {"code": None, "used": 0}


def hints_of(user_id: int, exercise_id: int) -> list[dict]:
    """The exercise's hints in order, with the text of those this student revealed (one query,
    never cached: it changes with each reveal)."""
    revealed = HintUse.objects.filter(user_id=user_id, hint_id=OuterRef("pk"))
    hints = Hint.objects.filter(exercise_id=exercise_id).annotate(revealed=Exists(revealed))
    return [
        {"cost": cost, "revealed": shown, "html": rendering.render(text) if shown else ""}
        for text, cost, shown in hints.values_list("text", "cost", "revealed")
    ]


def revealed_after_success(exercise_id: int) -> dict:
    """The solution and the remarks, for a student who passed: never cached (one query)."""
    solution, remarks = Exercise.objects.values_list("solution", "remarks").get(pk=exercise_id)
    return {"solution": solution, "remarks_html": rendering.render(remarks) if remarks.strip() else ""}


def revealed_after_last_attempt(exercise_id: int) -> dict:
    """The remarks, never the solution, for a student with no validation left (one query)."""
    return {**revealed_after_success(exercise_id), "solution": None}


def next_step(content: dict) -> dict | None:
    """Where to go after this exercise: the chapter's next exercise, else the next chapter, else
    the course. Read from the chapter's LONG-tier content (one Redis read when warm)."""
    chapter = content["chapter"]
    found = course_selectors.chapter_content(chapter["course_slug"], chapter["slug"])
    if found is None:
        return None
    ids = [exercise["id"] for exercise in found["exercises"]]
    position = ids.index(content["id"]) if content["id"] in ids else len(ids)
    if position + 1 < len(ids):
        following = found["exercises"][position + 1]
        return {"url": following["url"], "title": following["title"], "label": "Exercice suivant"}
    if found["next"]:
        return {"url": found["next"]["url"], "title": found["next"]["title"], "label": "Chapitre suivant"}
    return {"url": found["course"]["url"], "title": found["course"]["title"], "label": "Retour au cours"}


def published_exercise(pk: int) -> Exercise | None:
    """Not cached: the exercise a submission is checked against, read fresh so that a correction
    in the admin applies to the very next answer (and private data never goes to Redis)."""
    return (
        Exercise.objects.select_related("chapter__course")
        .prefetch_related("choices")
        # Whether the reward needs the hints' deduction (services.reward_after_hints), in this query.
        .annotate(has_hints=Exists(Hint.objects.filter(exercise_id=OuterRef("pk"))))
        .filter(pk=pk, is_published=True, chapter__is_published=True, chapter__course__is_published=True)
        .first()
    )
