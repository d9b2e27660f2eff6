"""Cached reads: the badge list (LONG), the leaderboard and each user's stats (MEDIUM)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from accounts.levels import level_name, next_level_xp
from accounts.models import User, neutral_name
from caching.cached import cached, changes
from caching.tiers import Tier
from exercises.models import Attempt

from .models import Badge, UserBadge

LEADERBOARD_SIZE = 50


def ranked(students) -> list[dict]:
    """Rows of students ordered by XP (values id, pseudo, role, xp, level), with shared ranks
    for equal XP; the pseudo or a neutral name only: what every student may see."""
    rows, rank, previous_xp = [], 0, None
    for position, student in enumerate(students, start=1):
        if student["xp"] != previous_xp:
            rank, previous_xp = position, student["xp"]
        rows.append(
            {
                "user_id": student["id"],
                "rank": rank,
                "name": student["pseudo"] or neutral_name(student["id"], student["role"]),
                "xp": student["xp"],
                "level": student["level"],
            }
        )
    return rows


@cached(Tier.LONG, "all_badges", invalidated_by={Badge: changes()})
def all_badges() -> list[dict]:
    return list(Badge.objects.values("id", "code", "name", "description", "icon", "rule", "threshold"))


# A login (last_login) or a new e-mail address changes nothing here.
@cached(Tier.MEDIUM, "leaderboard_global", invalidated_by={User: changes("pseudo", "role", "xp", "level", "is_active")})
def leaderboard() -> list[dict]:
    """The best students, with shared ranks for equal XP: ONE query whatever their number.

    Only the pseudo (or a neutral name), XP and level are kept: what every student may see.
    Never the username, which is a login name; equal XP are not ordered by it either.
    """
    students = (
        get_user_model()
        .objects.filter(role=get_user_model().Role.STUDENT, is_active=True)
        .order_by("-xp", "pk")
        .values("id", "pseudo", "role", "xp", "level")[:LEADERBOARD_SIZE]
    )
    return ranked(students)


@cached(
    Tier.MEDIUM,
    "user_stats_{user_id}",
    invalidated_by={
        User: changes("xp", "level", params=lambda user: {"user_id": user.pk}),
        "exercises.Attempt": lambda attempt: {"user_id": attempt.user_id},
        UserBadge: lambda award: {"user_id": award.user_id},
    },
)
def user_stats(user_id: int) -> dict:
    """One student's own numbers (three queries), for their pages only."""
    user = get_user_model().objects.values("xp", "level").get(pk=user_id)
    attempts = Attempt.objects.filter(user_id=user_id).aggregate(
        attempt_count=Count("pk"), passed_count=Count("exercise", filter=Q(passed=True), distinct=True)
    )
    return {
        "xp": user["xp"],
        "level": user["level"],
        "level_name": level_name(user["level"]),
        "next_level_xp": next_level_xp(user["xp"]),
        **attempts,
        "badge_ids": frozenset(UserBadge.objects.filter(user_id=user_id).values_list("badge_id", flat=True)),
    }


RECENT_BADGES = 3


@cached(
    Tier.MEDIUM,
    "recent_badges_{user_id}",
    invalidated_by={
        UserBadge: lambda award: {"user_id": award.user_id},
        # A renamed badge or a new icon: every holder's key (a few, and teachers rarely edit badges).
        Badge: changes("name", "icon", params=lambda badge: holders_of(badge.pk)),
    },
)
def recent_badges(user_id: int) -> list[dict]:
    """The user's last badges, newest first (one query), for their dashboard."""
    awards = UserBadge.objects.filter(user_id=user_id).select_related("badge")[:RECENT_BADGES]
    return [
        {"name": award.badge.name, "icon": award.badge.icon, "code": award.badge.code, "earned_at": award.earned_at}
        for award in awards
    ]


def holders_of(badge_id: int) -> list[dict]:
    return [{"user_id": pk} for pk in UserBadge.objects.filter(badge_id=badge_id).values_list("user_id", flat=True)]
