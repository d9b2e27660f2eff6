"""The cache tiers: how long each kind of data may be served from the cache.

LONG  (1 h by default)   catalogue-like data, edited rarely;
MEDIUM (10 min)          rankings and per-user figures: change often, read often;
SHORT (2 min)            per-user progress that must feel live;
NONE                     never cached (real-time, or private and cheap).

The durations live in settings.CACHE_TTL (environment CACHE_TTL_LONG/MEDIUM/SHORT), so an
operator can shorten a tier without a code change. Edits never wait for a TTL anyway: the
invalidation deletes the keys a write makes stale. The TTL only bounds what a missed
invalidation (a raw SQL update, a lost delete) can cost.
"""

from __future__ import annotations

import enum

from django.conf import settings


class Tier(enum.Enum):
    LONG = "long"
    MEDIUM = "medium"
    SHORT = "short"
    NONE = "none"


def ttl(tier: Tier) -> int | None:
    """Seconds to keep a value of this tier; None for NONE, which is never stored."""
    if tier is Tier.NONE:
        return None
    return int(settings.CACHE_TTL[tier.value])
