"""The cache keys each courses model feeds (see caching.invalidation).

caching.invalidation also deletes the keys of the row as it was before an update, so a
renamed slug or a chapter moved to another course leaves no stale page behind. These
functions query (a slug, the chapter list): they run on writes, which teachers make rarely.
"""

from caching import keys
from caching.invalidation import register

from .models import Chapter, ContentBlock, Course
from .selectors import chapter_content_key


def course_pages_keys(course_ids, extra_chapter_slugs=()) -> list[str]:
    """The catalogue, and every page of these courses: the course page and each chapter
    page (a chapter page shows its neighbours' titles)."""
    found = [keys.courses_published()]
    for course in Course.objects.filter(pk__in=list(course_ids)).prefetch_related("chapters"):
        found.append(keys.course(course.slug))
        slugs = {chapter.slug for chapter in course.chapters.all()} | set(extra_chapter_slugs)
        found += [chapter_content_key(course.slug, slug) for slug in sorted(slugs)]
    return found


def course_keys(course: Course) -> list[str]:
    # Also when the course row is already gone (deleted): its slug is on the instance.
    return [*course_pages_keys([course.pk]), keys.course(course.slug)]


def chapter_keys(chapter: Chapter) -> list[str]:
    # The chapter's own slug even when it is deleted or not in the list any more.
    return course_pages_keys([chapter.course_id], extra_chapter_slugs=[chapter.slug])


def content_block_keys(block: ContentBlock) -> list[str]:
    chapter = Chapter.objects.select_related("course").filter(pk=block.chapter_id).first()
    return [chapter_content_key(chapter.course.slug, chapter.slug)] if chapter else []


register(Course, keys=course_keys)
register(Chapter, keys=chapter_keys)
register(ContentBlock, keys=content_block_keys)
