"""The cache keys each gamification model feeds (see caching.invalidation)."""

from caching import keys
from caching.invalidation import register

from .models import Badge, UserBadge

register(Badge, keys=lambda badge: [keys.all_badges()])
register(UserBadge, keys=lambda award: [keys.user_stats(award.user_id)])
