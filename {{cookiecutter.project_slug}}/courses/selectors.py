"""Cached reads of the course catalogue: each declares its key, its tier and what invalidates it.

The cached values are plain dicts and lists, not model instances: small pickles, and
nothing that could run a lazy query from a template.
"""

from django.db.models import Count, Q
from django.urls import reverse

from caching.cached import cached, changes
from caching.tiers import Tier

from . import rendering
from .models import Chapter, ContentBlock, Course

# What a course, chapter or exercise shows on the catalogue pages; other fields feed no key.
COURSE_FIELDS = ("title", "slug", "level", "summary", "is_published")
CHAPTER_FIELDS = ("course", "title", "slug", "order", "is_published")
EXERCISE_FIELDS = ("chapter", "title", "kind", "xp_reward", "is_published", "order")


# --- Key parameters of a written row (these query: teachers write rarely) ----------------------
def course_of(course_id) -> dict | None:
    slug = Course.objects.filter(pk=course_id).values_list("slug", flat=True).first()
    return None if slug is None else {"course_slug": slug}


def course_of_exercise(exercise) -> dict | None:
    return course_of(Chapter.objects.filter(pk=exercise.chapter_id).values_list("course_id", flat=True).first())


def chapters_of(course_id, course_slug: str, *also: str) -> list[dict]:
    """Every chapter page of a course (each shows its neighbours' titles), and the ``also`` slugs."""
    slugs = {*Chapter.objects.filter(course_id=course_id).values_list("slug", flat=True), *also}
    return [{"course_slug": course_slug, "chapter_slug": slug} for slug in sorted(slugs)]


def chapter_and_neighbours(chapter: Chapter) -> list[dict]:
    # The chapter's own slug even when it is deleted or not in the list any more.
    course = course_of(chapter.course_id)
    return [] if course is None else chapters_of(chapter.course_id, course["course_slug"], chapter.slug)


def chapter_of(chapter_id) -> dict | None:
    found = Chapter.objects.filter(pk=chapter_id).values_list("course__slug", "slug").first()
    return None if found is None else {"course_slug": found[0], "chapter_slug": found[1]}


# --- Cached reads ---------------------------------------------------------------------------------
@cached(
    Tier.LONG,
    "courses_published",
    invalidated_by={Course: changes(*COURSE_FIELDS, "order"), Chapter: changes("course", "is_published")},
)
def published_courses() -> list[dict]:
    """Published courses grouped by level, in order, with their number of published chapters (one query)."""
    courses = Course.objects.filter(is_published=True).annotate(
        chapter_count=Count("chapters", filter=Q(chapters__is_published=True))
    )
    cards = [
        {
            "title": course.title,
            "slug": course.slug,
            "level": course.level,
            "summary": course.summary,
            "chapter_count": course.chapter_count,
            "url": course.get_absolute_url(),
        }
        for course in courses
    ]
    levels = [
        {"label": label, "courses": [card for card in cards if card["level"] == value]}
        for value, label in Course.Level.choices
    ]
    return [level for level in levels if level["courses"]]


def published_course_slugs():
    return Course.objects.filter(is_published=True).values_list("slug", flat=True)


def published_chapter_slugs():
    """(course slug, chapter slug) of every published chapter, for `manage.py cache_warm`."""
    chapters = Chapter.objects.filter(is_published=True, course__is_published=True)
    return chapters.values_list("course__slug", "slug")


@cached(
    Tier.LONG,
    "course_{course_slug}",
    invalidated_by={
        Course: changes(*COURSE_FIELDS, params=lambda course: {"course_slug": course.slug}),
        Chapter: changes(*CHAPTER_FIELDS, params=lambda chapter: course_of(chapter.course_id)),
        # A string: exercises depends on courses, not the other way round.
        "exercises.Exercise": changes("chapter", "is_published", params=course_of_exercise),
    },
    warm=published_course_slugs,
)
def course_detail(course_slug: str) -> dict | None:
    """A published course and its published chapters (two queries), or None."""
    course = Course.objects.filter(slug=course_slug, is_published=True).first()
    if course is None:
        return None
    chapters = course.chapters.filter(is_published=True).annotate(
        exercise_count=Count("exercises", filter=Q(exercises__is_published=True))
    )
    return {
        "title": course.title,
        "slug": course.slug,
        "level_label": course.get_level_display(),
        "summary": course.summary,
        "chapters": [
            {
                "id": chapter.pk,
                "title": chapter.title,
                "slug": chapter.slug,
                "exercise_count": chapter.exercise_count,
                "url": reverse("courses:chapter", args=[course.slug, chapter.slug]),
            }
            for chapter in chapters
        ],
    }


# Chapter slugs are unique within a course only: the key carries both. A slug has no dot, so
# "course.chapter" is unambiguous (and stays readable in `manage.py cache_keys`).
@cached(
    Tier.LONG,
    "chapter_content_{course_slug}.{chapter_slug}",
    invalidated_by={
        Course: changes("title", "slug", "is_published", params=lambda course: chapters_of(course.pk, course.slug)),
        Chapter: changes(*CHAPTER_FIELDS, params=chapter_and_neighbours),
        ContentBlock: changes(params=lambda block: chapter_of(block.chapter_id)),
        "exercises.Exercise": changes(*EXERCISE_FIELDS, params=lambda exercise: chapter_of(exercise.chapter_id)),
    },
    warm=published_chapter_slugs,
)
def chapter_content(course_slug: str, chapter_slug: str) -> dict | None:
    """A published chapter: its Markdown rendered and sanitised ONCE, its exercises and
    its neighbours, in four queries whatever its size. None when not published."""
    chapter = (
        Chapter.objects.select_related("course")
        .filter(slug=chapter_slug, course__slug=course_slug, is_published=True, course__is_published=True)
        .first()
    )
    if chapter is None:
        return None
    course = chapter.course
    siblings = [
        {"title": title, "slug": slug, "url": reverse("courses:chapter", args=[course.slug, slug])}
        for title, slug in course.chapters.filter(is_published=True).values_list("title", "slug")
    ]
    position = next(index for index, sibling in enumerate(siblings) if sibling["slug"] == chapter.slug)
    exercises = chapter.exercises.filter(is_published=True)
    return {
        "course": {"title": course.title, "slug": course.slug, "url": course.get_absolute_url()},
        "id": chapter.pk,
        "title": chapter.title,
        "slug": chapter.slug,
        "html": "\n".join(rendering.render(block.markdown) for block in chapter.blocks.all()),
        "exercises": [
            {
                "id": exercise.pk,
                "title": exercise.title,
                "kind_label": exercise.get_kind_display(),
                "xp_reward": exercise.xp_reward,
                "url": exercise.get_absolute_url(),
            }
            for exercise in exercises
        ],
        "previous": siblings[position - 1] if position > 0 else None,
        "next": siblings[position + 1] if position + 1 < len(siblings) else None,
    }
