"""Award the badges a student has reached."""

from django.contrib.auth import get_user_model

from caching.invalidation import rows_changed
from exercises.models import Attempt

from .models import Badge, UserBadge


def award_badges(user_id: int) -> list[Badge]:
    """Give every badge whose threshold the user reaches and does not hold yet; return them."""
    reached = {
        Badge.Rule.XP: get_user_model().objects.values_list("xp", flat=True).get(pk=user_id),
        Badge.Rule.EXERCISES_PASSED: Attempt.objects.filter(user_id=user_id, passed=True)
        .values("exercise_id")
        .distinct()
        .count(),
    }
    held = UserBadge.objects.filter(user_id=user_id).values_list("badge_id", flat=True)
    new = [badge for badge in Badge.objects.exclude(pk__in=held) if reached.get(badge.rule, 0) >= badge.threshold]
    if new:
        # ignore_conflicts: a concurrent request may award the same badge; the constraint keeps one.
        awards = [UserBadge(user_id=user_id, badge=badge) for badge in new]
        UserBadge.objects.bulk_create(awards, ignore_conflicts=True)
        # bulk_create sends no signal.
        rows_changed(UserBadge, awards)
    return new


def award_badges_for_passed_answer(sender, attempt, **kwargs) -> list[str]:
    """Receiver of exercises.signals.answer_passed (connected in apps.py): runs in the transaction
    that records the attempt and its XP, after the XP was added. Returns the new badges' names,
    which the exercise page shows as a message."""
    return [badge.name for badge in award_badges(attempt.user_id)]
