"""GET /health/: the state of the database and the cache, for Railway's healthcheck.

200 while the database answers, whatever the cache does (a cache outage degrades pages,
it does not make the service unhealthy); 503 when the database does not answer.

cache: "ok" (Redis stores a tiny key), "degraded" (Redis configured but failing: pages come
from the database) or "fallback" (no REDIS_URL: per-process memory cache). A write, not a
PING: a full Redis (``noeviction``) or a read-only replica answers a PING but refuses every
write, and then nothing gets cached. One command all the same (SET with its expiry). During an
outage the circuit breaker answers "degraded" without waiting for Redis, so the check stays fast.
The response is never cached, by anyone: a cached "ok" would hide an outage.
"""

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from .maintenance import raw_client, uses_redis

# Under the project's prefix, gone by itself a few seconds after the last check.
HEALTH_KEY = "health"
HEALTH_KEY_TTL = 30


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any database failure means "down"
        return "down"


def cache_state() -> str:
    if not uses_redis("default"):
        return "fallback"
    try:
        written = raw_client("default").set(caches["default"].make_key(HEALTH_KEY), b"1", ex=HEALTH_KEY_TTL)
        return "ok" if written else "degraded"
    except (ConnectionInterrupted, RedisError):
        return "degraded"


@never_cache
@require_GET
def health(request):
    state = {"database": database_state(), "cache": cache_state()}
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)
