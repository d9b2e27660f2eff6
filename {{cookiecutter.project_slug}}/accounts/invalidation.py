"""The cache keys each accounts model feeds (see caching.invalidation)."""

from caching import keys
from caching.invalidation import register

from .models import User
from .selectors import session_user_key

# XP, level or pseudo change the leaderboard and the user's own stats.
register(
    User,
    keys=lambda user: [session_user_key(user.pk), keys.user_stats(user.pk), keys.leaderboard_global()],
)
