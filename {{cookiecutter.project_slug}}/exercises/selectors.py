"""Reads about exercises and attempts. Per-user values live under per-user keys (SHORT)."""

from caching.cached import cached
from caching.tiers import Tier

from .models import Attempt, Exercise

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
    """The user's last attempts, newest first (one query)."""
    attempts = Attempt.objects.filter(user_id=user_id).select_related("exercise")[:RECENT_ATTEMPTS]
    return [
        {
            "exercise_title": attempt.exercise.title,
            "exercise_url": attempt.exercise.get_absolute_url(),
            "passed": attempt.passed,
            "xp_awarded": attempt.xp_awarded,
            "created_at": attempt.created_at,
        }
        for attempt in attempts
    ]


def published_exercise(pk: int) -> Exercise | None:
    """Not cached: the exercise page is rare next to the chapter pages, and its choices are
    read fresh so that a correction in the admin applies to the very next answer."""
    return (
        Exercise.objects.select_related("chapter__course")
        .prefetch_related("choices")
        .filter(pk=pk, is_published=True, chapter__is_published=True, chapter__course__is_published=True)
        .first()
    )
