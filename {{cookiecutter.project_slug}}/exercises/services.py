"""Submitting an answer: the server decides, XP is added once, atomically."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.levels import level_after_gain
from caching.invalidation import rows_changed

from .models import Attempt, Exercise
from .signals import answer_passed

MAX_ANSWER_LENGTH = 2000


def add_xp(user_id: int, gain: int) -> None:
    """One UPDATE: concurrent gains add up, none is lost to a read-modify-write."""
    get_user_model().objects.filter(pk=user_id).update(xp=F("xp") + gain, level=level_after_gain(gain))
    # A queryset update sends no signal: the cached reads that show XP are told here.
    rows_changed(get_user_model(), [user_id], fields=["xp", "level"])


def submit_answer(user, exercise: Exercise, answer: str) -> Attempt:
    """Record an attempt. Only the answer comes from the browser: passed, score and XP are
    decided here. The first passed attempt earns the exercise's XP; the unique constraint
    on rewarded attempts, not a prior check, makes that hold under concurrent requests."""
    answer = (answer or "")[:MAX_ANSWER_LENGTH]
    passed = exercise.is_correct(answer)
    with transaction.atomic():
        if passed:
            try:
                with transaction.atomic():
                    attempt = Attempt.objects.create(
                        user=user, exercise=exercise, answer=answer, passed=True, xp_awarded=exercise.xp_reward
                    )
            except IntegrityError:
                pass  # Already rewarded, perhaps by a request running at the same time.
            else:
                add_xp(user.pk, exercise.xp_reward)
                # Badges and whatever else follows a first success, in this transaction.
                answer_passed.send(sender=Attempt, attempt=attempt)
                return attempt
        return Attempt.objects.create(user=user, exercise=exercise, answer=answer, passed=passed, xp_awarded=0)
