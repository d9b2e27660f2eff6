"""Read-through caching: the cached value, or the computed one, stored for its tier.

Selectors use it through ``@cached`` (caching/cached.py). They return lists, dicts or model
instances, never a lazy QuerySet: what is stored is what was evaluated. Empty results are
cached like any other value. ``None`` means "not found" (a slug nobody published): it is
cached for ``MISS_TIMEOUT`` seconds at most (never longer than the SHORT tier), whatever the
selector's tier, so that a hammered 404 stays cheap while random URLs do not fill Redis with
an hour of misses that evict useful keys.

Stampede protection: when a hot key is missing (expired, or just invalidated) and many
requests want it at once, ONE caller computes it under a lock (``cache.add``, atomic SET NX
in Redis, with an expiry). The others poll the cache for the value, and the lock with it, in
one round trip. The lock expires after ``lock_timeout`` seconds, so a computing process that
dies never blocks anyone for longer. A waiter also stops waiting after ``lock_timeout`` and
computes itself. When Redis is down, nobody waits: everyone computes.

The holder stores its value only if it still holds the lock, and deletes only its own lock,
each check and action in one atomic step (a Lua script in Redis, see locks.py): once its lock
expired and another caller took it, the first holder neither stores nor releases anything.

Nobody waits on a lock it could not take. A Redis that answers but refuses writes (full with
``noeviction``, a read-only replica after a failover) is not down for the circuit breaker,
but it makes every ``add()`` fail: the caller then computes at once, as during an outage.
When the holder is done but left no value (it could not store it, it was evicted at once by
a full ``allkeys-lru`` Redis, or a write deleted it), the waiters do not queue up one behind
another: each tries the lock once more, and computes without waiting if it is taken.

A full connection pool is not an outage: callers keep waiting (within ``lock_timeout``) for
a connection instead of all computing at once.

A write committed while a value is being computed deletes the key AND its lock; the caller
that computed then returns its value without storing it, so a row read just before the
commit is not cached after the invalidation.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django_redis.exceptions import ConnectionInterrupted

from . import keys as cache_keys
from . import locks, prefetch
from .client import is_pool_full
from .invalidation import delete_now
from .maintenance import uses_redis
from .tiers import Tier, ttl

# TypeVar, not PEP 695 syntax: the project may be generated for Python 3.11 (hence noqa: UP047).
T = TypeVar("T")
logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
LOCK_TIMEOUT = 10.0
POLL_INTERVAL = 0.05
# How long a None result ("not found") is kept, at most: see the module docstring.
MISS_TIMEOUT = 30
MISSING = object()


def get_or_compute(key: str, tier: Tier, compute: Callable[[], T], *, lock_timeout: float = LOCK_TIMEOUT) -> T:  # noqa: UP047
    """The value cached under ``key``, or ``compute()`` stored with the tier's TTL (computed once)."""
    if tier is Tier.NONE:
        return compute()
    # Read with the page's other keys in one round trip (prefetch.py), when the view asked for it.
    value = prefetch.lookup(key, MISSING)
    if value is not MISSING:
        return value
    cache = caches[CACHE_ALIAS]
    value = cache.get(key, MISSING)
    if value is not MISSING:
        return value

    lock_key, token = cache_keys.lock(key), secrets.token_hex(8)
    # The lock expires by itself: a holder that dies blocks nobody for longer.
    acquired = _take_lock(cache, lock_key, token, lock_timeout)
    if acquired is None:
        # Redis is down or refuses writes: nobody can store this value, so nobody waits for it.
        return compute()
    if acquired:
        return _compute_and_store(cache, key, tier, compute, lock_key, token, lock_timeout)
    value = _wait_for_holder(cache, key, lock_key, time.monotonic() + lock_timeout)
    if value is not MISSING:
        return value
    # The holder left no value, or is too slow: one more try at the lock, never a second wait.
    if _take_lock(cache, lock_key, token, lock_timeout):
        return _compute_and_store(cache, key, tier, compute, lock_key, token, lock_timeout)
    return compute()


def _take_lock(cache, lock_key: str, token: str, lock_timeout: float) -> bool | None:
    """True: taken. False: another caller holds it (or the pool is full: wait like for a held lock).
    None: Redis could not store it (down, full, read-only)."""
    return locks.take(cache, lock_key, token, lock_timeout)


def _wait_for_holder(cache, key: str, lock_key: str, deadline: float) -> object:
    """The value once the holder stored it; MISSING when it finished without one, or at the deadline."""
    while time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL)
        found, lock_held = _value_and_lock(cache, key, lock_key)
        if found is not MISSING:
            return found
        if not lock_held:
            # Done (or dead, or its lock evicted) without a value it could store: stop waiting.
            return MISSING
    return MISSING


def _value_and_lock(cache, key: str, lock_key: str) -> tuple[object, bool]:
    """The cached value (or MISSING) and whether the lock is still held, in one round trip."""
    if not uses_redis(CACHE_ALIAS):
        found = cache.get_many([key, lock_key])
        return found.get(key, MISSING), lock_key in found
    try:
        found = cache.client.get_many([key, lock_key])
    except ConnectionInterrupted as error:
        # A full pool: keep waiting for the holder. Any other failure: it will not store either.
        return MISSING, is_pool_full(error.__cause__)
    return found.get(key, MISSING), lock_key in found


def timeout_for(tier: Tier, value: object) -> int | None:
    """The TTL of a value of this tier: the tier's own, but briefly for a None result (a miss)."""
    if value is None:
        return min(ttl(tier), ttl(Tier.SHORT), MISS_TIMEOUT)
    return ttl(tier)


def _compute_and_store(  # noqa: UP047
    cache, key: str, tier: Tier, compute: Callable[[], T], lock_key: str, token: str, lock_timeout: float
) -> T:
    try:
        # Another caller may have stored it between our miss and our lock: do not compute twice.
        value = cache.get(key, MISSING)
        if value is not MISSING:
            return value
        start = time.monotonic()
        value = compute()
        # An invalidation during the computation deletes the lock with the key (see
        # invalidation.py): what was read may predate that write, so serve it, don't store it.
        # Checked and stored in one step (locks.py): no invalidation can slip in between.
        stored = locks.store_if_held(cache, lock_key, token, key, value, timeout_for(tier, value))
        if not stored and time.monotonic() - start >= lock_timeout:
            logger.warning(
                "Calcul de %s plus long que son verrou (%.1f s > %g s) : valeur servie sans être mise en cache.",
                key,
                time.monotonic() - start,
                lock_timeout,
            )
        return value
    finally:
        # Only our own lock, checked and deleted in one step: if ours expired and another
        # caller took it, theirs stays.
        locks.release(cache, lock_key, token)


def store(key: str, tier: Tier, value: object) -> None:
    """Write a freshly computed value (cache_warm); the HTML rendered from the old one goes."""
    if tier is not Tier.NONE:
        caches[CACHE_ALIAS].set(key, value, timeout_for(tier, value))
        # The HTML rendered from the old value goes, like on any write (replayed if Redis fails).
        delete_now([cache_keys.fragment(key)])
