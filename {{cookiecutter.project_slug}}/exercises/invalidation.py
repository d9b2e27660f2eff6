"""The cache keys each exercises model feeds (see caching.invalidation).

Choice feeds no key: the exercise page reads its choices fresh.
"""

from caching import keys
from caching.invalidation import register
from courses.invalidation import course_pages_keys
from courses.models import Chapter

from .models import Attempt, Exercise


def exercise_keys(exercise: Exercise) -> list[str]:
    # Chapter pages list the exercises, course pages count them.
    return course_pages_keys(Chapter.objects.filter(pk=exercise.chapter_id).values_list("course_id", flat=True))


def attempt_keys(attempt: Attempt) -> list[str]:
    return [
        keys.user_stats(attempt.user_id),
        keys.recent_attempts(attempt.user_id),
        keys.chapter_progress(attempt.user_id, attempt.exercise.chapter_id),
    ]


register(Exercise, keys=exercise_keys)
register(Attempt, keys=attempt_keys)
