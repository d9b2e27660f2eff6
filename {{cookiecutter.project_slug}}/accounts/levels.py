"""Levels from XP: one table, used by the user row, the atomic XP update and the pages."""

from django.db.models import Case, Value, When

# (level, XP needed, name)
LEVELS = (
    (1, 0, "Débutant"),
    (2, 50, "Apprenti"),
    (3, 150, "Codeur"),
    (4, 300, "Développeur"),
    (5, 600, "Expert"),
    (6, 1000, "Maître NSI"),
)


def level_for(xp: int) -> int:
    return max(level for level, needed, _ in LEVELS if xp >= needed)


def level_name(level: int) -> str:
    return next(name for number, _, name in LEVELS if number == level)


def next_level_xp(xp: int) -> int | None:
    """XP needed for the next level, or None at the top."""
    return next((needed for _, needed, _ in LEVELS if needed > xp), None)


def level_after_gain(gain: int) -> Case:
    """SQL for the level once `gain` is added to the current xp, for the same UPDATE as the
    XP itself: xp + gain >= needed  <=>  xp >= needed - gain."""
    whens = [When(xp__gte=needed - gain, then=Value(level)) for level, needed, _ in reversed(LEVELS[1:])]
    return Case(*whens, default=Value(1))
