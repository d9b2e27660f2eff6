"""Cached reads of the course catalogue. Each selector names its key and its tier.

The cached values are plain dicts and lists, not model instances: small pickles, and
nothing that could run a lazy query from a template.
"""

from django.db.models import Count, Q
from django.urls import reverse

from caching import keys
from caching.readthrough import cached
from caching.tiers import Tier

from . import rendering
from .models import Chapter, Course


def chapter_content_key(course_slug: str, chapter_slug: str) -> str:
    # Chapter slugs are unique within a course only: the key carries both. A slug has no
    # dot, so "course.chapter" is unambiguous (and stays readable in `manage.py cache_keys`).
    return keys.chapter_content(f"{course_slug}.{chapter_slug}")


@cached(Tier.LONG, key=lambda: keys.courses_published())
def published_courses() -> list[dict]:
    """Published courses in order, with their number of published chapters (one query)."""
    courses = Course.objects.filter(is_published=True).annotate(
        chapter_count=Count("chapters", filter=Q(chapters__is_published=True))
    )
    return [
        {
            "title": course.title,
            "slug": course.slug,
            "level": course.level,
            "level_label": course.get_level_display(),
            "summary": course.summary,
            "chapter_count": course.chapter_count,
            "url": course.get_absolute_url(),
        }
        for course in courses
    ]


def published_course_slugs():
    return Course.objects.filter(is_published=True).values_list("slug", flat=True)


def published_chapter_slugs():
    """(course slug, chapter slug) of every published chapter, for `manage.py cache_warm`."""
    chapters = Chapter.objects.filter(is_published=True, course__is_published=True)
    return chapters.values_list("course__slug", "slug")


@cached(Tier.LONG, key=lambda slug: keys.course(slug), warm=published_course_slugs)
def course_detail(slug: str) -> dict | None:
    """A published course and its published chapters (two queries), or None."""
    course = Course.objects.filter(slug=slug, is_published=True).first()
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


@cached(Tier.LONG, key=chapter_content_key, warm=published_chapter_slugs)
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
