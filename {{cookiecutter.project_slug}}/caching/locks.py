"""Stampede locks that only their holder can act on: take, store under the lock, release.

A lock is a key holding a random token, with an expiry (SET NX PX, django-redis ``add``). Checking
the token and then acting in two commands (GET, then SET or DEL) leaves a gap between them: the
lock may expire there and be taken by another caller, whose lock the first would then delete; or
a write's invalidation may delete the key and its lock there (caching/invalidation.py), and the
first caller would then store a value read before that write. Here the check and the action are
one Lua script, which Redis runs as one command: nothing happens in between. redis-py's
``Script`` sends it by EVALSHA, and loads it again when Redis forgot it (``SCRIPT FLUSH``, a
restart, a failover): NOSCRIPT never reaches the caller.

Names and values are exactly those django-redis writes: keys from the client's ``make_key``
(prefix and version, as ``cache.add``/``cache.get`` build them, so invalidation's deletes reach
them), values from its ``encode`` (serializer, compressor), so ``cache.get`` reads them back.
The scripts run on the alias's redis-py client, a ``GuardedRedis``: the circuit breaker sees
them like any command (caching/client.py).

A Redis failure never reaches the caller: the value is then served without being stored, and
a lock that could not be released expires by itself.

Without Redis (the per-process LocMem cache), a process-wide lock makes the same sequences
atomic for the callers of this module.
"""

from __future__ import annotations

import threading

from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .client import is_pool_full

# KEYS[1] the lock, KEYS[2] the value; ARGV[1] the encoded token, ARGV[2] the encoded value,
# ARGV[3] the expiry in milliseconds ("" for none).
STORE_IF_HELD = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 0
end
if ARGV[3] == '' then
    redis.call('SET', KEYS[2], ARGV[2])
else
    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
return 1
"""

# KEYS[1] the lock; ARGV[1] the encoded token.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""

# Without Redis: take, store_if_held and release of this process never interleave.
_local_lock = threading.Lock()


def _is_redis(cache) -> bool:
    # By what it has, not its class: ``django.core.cache.cache`` is a proxy to the real backend.
    return hasattr(getattr(cache, "client", None), "get_client")


def take(cache, lock_key: str, token: str, timeout: float) -> bool | None:
    """Take the lock for ``timeout`` seconds.

    True: taken. False: another caller holds it, or no connection was free in the pool (a
    burst: wait as for a held lock). None: Redis could not store it (down, full, read-only).
    """
    if not _is_redis(cache):
        with _local_lock:
            return cache.add(lock_key, token, timeout)
    try:
        # The django-redis client, not the cache: it raises instead of answering None.
        return cache.client.add(lock_key, token, timeout)
    except ConnectionInterrupted as error:
        return False if is_pool_full(error.__cause__) else None


def store_if_held(cache, lock_key: str, token: str, key: str, value: object, timeout: float | None) -> bool:
    """Store ``value`` under ``key`` for ``timeout`` seconds (None: no expiry) if ``token`` still holds the lock.

    False: not stored (the lock expired, was taken by another caller or deleted by an
    invalidation; or Redis failed). A timeout of 0 or less stores nothing, as with ``cache.set``.
    """
    if timeout is not None and timeout <= 0:
        return False
    if not _is_redis(cache):
        with _local_lock:
            if cache.get(lock_key) != token:
                return False
            cache.set(key, value, timeout)
            return True
    client = cache.client
    expiry = "" if timeout is None else int(timeout * 1000)
    return _run(
        client,
        STORE_IF_HELD,
        keys=[client.make_key(lock_key), client.make_key(key)],
        args=[client.encode(token), client.encode(value), expiry],
    )


def release(cache, lock_key: str, token: str) -> bool:
    """Delete the lock if ``token`` still holds it; another caller's lock stays. False: not ours, or Redis failed."""
    if not _is_redis(cache):
        with _local_lock:
            if cache.get(lock_key) != token:
                return False
            cache.delete(lock_key)
            return True
    client = cache.client
    return _run(client, RELEASE, keys=[client.make_key(lock_key)], args=[client.encode(token)])


def _run(client, script: str, *, keys: list, args: list) -> bool:
    raw = client.get_client(write=True)
    try:
        # register_script only hashes the text; EVALSHA (and SCRIPT LOAD after a NOSCRIPT)
        # go through raw.execute_command, hence through the circuit breaker.
        return bool(raw.register_script(script)(keys=keys, args=args))
    except RedisError:
        # Down (the breaker logs it), full or read-only: nothing stored, the lock expires by itself.
        return False
