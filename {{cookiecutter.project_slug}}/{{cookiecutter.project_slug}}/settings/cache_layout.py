"""Build CACHES and the session settings from REDIS_URL (or the fallback without Redis).

Kept apart from the settings modules so that base, test and prod build the same layout
from different inputs, and so that the rules below have one home:

- with Redis, two aliases share one connection pool: ``default`` for cached data, whose
  key prefix carries the release (a deploy never unpickles objects written by older code),
  and ``sessions``, whose prefix does not (a deploy must not log everybody out);
- without Redis, the cache is a per-process LocMem and sessions ALWAYS go to the
  database: a per-process cache holding sessions logs users out at random and can keep a
  logged-out session alive in another worker.

When Redis fails, ``caching.client.GuardedRedis`` (a circuit breaker) makes each request pay
at most one timeout, then skips Redis for a few seconds. Cached data ignores the errors
(a miss, served from the database). Sessions ignore them only with ``cached_db``, where the
database holds every session anyway; with the ``cache`` engine a swallowed error would make
``SessionStore.create()`` retry ``add()`` 10 000 times (minutes to hours per request), so
there the error surfaces at once instead: reading a session gives an anonymous visitor,
logging in fails fast.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

from caching.credentials import redact, redis_url_refusal

SESSION_ENGINES = {
    "cached_db": "caching.cached_db",  # Django's cached_db, safe across Redis outages
    "cache": "django.contrib.sessions.backends.cache",
    "db": "django.contrib.sessions.backends.db",
}
# Between the parts of the key prefix. Never ":": Django's key is "<prefix>:<version>:<key>",
# and django-redis's keys()/iter_keys() give back the name after the first two ":" of each
# key (util.default_reverse_key), which a prefix with ":" in it would cut in the wrong place.
PREFIX_SEPARATOR = "/"
# What a part may hold as it is: nothing special in a SCAN glob, never the separator.
SAFE_PREFIX_PART = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class CacheLayout(NamedTuple):
    caches: dict
    session_engine: str
    session_cache_alias: str


def redacted_url(url: str) -> str:
    """The URL without its credentials (password, token, ?password=…), for logs and messages."""
    return redact(url)


def check_redis_url(url: str) -> None:
    """Refuse, in one line without the password, a URL that redis-py would not read as meant."""
    if refusal := redis_url_refusal(url):
        raise ImproperlyConfigured(refusal)


def prefix_part(value: str) -> str:
    """One part of the prefix, made of safe characters; two different values never share one."""
    if SAFE_PREFIX_PART.fullmatch(value):
        return value
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-")[:32]
    digest = hashlib.sha256(value.encode()).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else digest


def key_prefix(prefix: str, environment: str, release: str) -> str:
    """``project/environment/release``: staging and production can share one Redis.

    Keys are then ``project/environment/release:1:name``: the ":" right after the prefix ends
    it, so a SCAN of ``portail/prod/…:*`` never matches ``portail/prod2/…``.
    """
    return PREFIX_SEPARATOR.join(prefix_part(part) for part in (prefix, environment, release) if part)


def release_id(environ) -> str:
    """The key-space version. CACHE_VERSION wins, then the commit, then the deployment.

    The commit is preferred to the deployment id: a restart or a redeploy of the same code
    keeps its warm cache, while new code (maybe new models) starts a fresh key space.
    """
    for name, length in (("CACHE_VERSION", 32), ("RAILWAY_GIT_COMMIT_SHA", 12), ("RAILWAY_DEPLOYMENT_ID", 12)):
        value = environ.get(name, "").strip()
        if value:
            return value[:length]
    return "local"


def redis_cache(
    url: str, prefix: str, timeout: int, max_connections: int, socket_timeout: int, *, ignore_errors: bool
) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # The circuit breaker (caching/client.py): one timeout per outage and per
            # cooldown, not one per cache call. The cooldown outlasts a timeout, so a request
            # that met one does not meet a second.
            "REDIS_CLIENT_CLASS": "caching.client.GuardedRedis",
            "REDIS_CLIENT_KWARGS": {"circuit_breaker_cooldown": max(5, 2 * socket_timeout)},
            # Per process: a gunicorn sync worker holds one connection at a time, so the
            # cap only has to cover threads. redis-py 8's default pool raises at once past
            # it, and django-redis swallows that as a miss: under a burst every thread then
            # recomputes (and the stampede lock holder cannot even store its value). The
            # blocking pool makes a thread wait for a free connection, at most one timeout.
            "CONNECTION_POOL_CLASS": "redis.BlockingConnectionPool",
            # No retry (redis-py's default for pooled connections): a retry would double
            # the time a request waits for a dead Redis; the breaker does the retrying.
            "CONNECTION_POOL_KWARGS": {"max_connections": max_connections, "timeout": socket_timeout},
            "SOCKET_CONNECT_TIMEOUT": socket_timeout,
            "SOCKET_TIMEOUT": socket_timeout,
            # True: a cache outage degrades to the database instead of answering 500.
            "IGNORE_EXCEPTIONS": ignore_errors,
        },
    }


def cache_layout(
    redis_url: str,
    environment: str,
    *,
    prefix: str,
    release: str,
    default_timeout: int,
    max_connections: int,
    socket_timeout: int,
    session_store: str,
) -> CacheLayout:
    if session_store not in SESSION_ENGINES:
        raise ImproperlyConfigured(f"SESSION_STORE={session_store!r} : attendu cached_db, cache ou db.")
    if not redis_url:
        locmem = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": key_prefix(prefix, environment, release),
            "TIMEOUT": default_timeout,
        }
        return CacheLayout({"default": locmem}, SESSION_ENGINES["db"], "default")

    check_redis_url(redis_url)
    pool = {"timeout": default_timeout, "max_connections": max_connections, "socket_timeout": socket_timeout}
    caches = {
        "default": redis_cache(redis_url, key_prefix(prefix, environment, release), **pool, ignore_errors=True),
        # Session keys expire with the session (SESSION_COOKIE_AGE), not with this timeout.
        # Same URL, so the same connection pool and breaker; errors ignored except with the
        # cache engine (see the module docstring).
        "sessions": redis_cache(
            redis_url,
            key_prefix(prefix, environment, "sessions"),
            **pool,
            ignore_errors=session_store != "cache",
        ),
    }
    return CacheLayout(caches, SESSION_ENGINES[session_store], "sessions")


def describe(caches: dict, session_engine: str) -> str:
    """One line for the startup log: which cache and which session store are in use."""
    default = caches["default"]
    if default["BACKEND"].startswith("django_redis"):
        cache = f"Redis {redacted_url(default['LOCATION'])} (préfixe {default['KEY_PREFIX']})"
    elif "locmem" in default["BACKEND"]:
        cache = "mémoire locale du processus (REDIS_URL absent)"
    else:
        cache = default["BACKEND"]
    return f"cache={cache}, sessions={session_engine.rsplit('.', 1)[-1]}"
