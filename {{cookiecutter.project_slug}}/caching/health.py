"""GET /health/: the state of the database and the cache, for Railway's healthcheck.

200 while the database answers, whatever the cache does (a cache outage degrades pages,
it does not make the service unhealthy); 503 when the database does not answer.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

PROBE_KEY = "health:probe"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any database failure means "down"
        return "down"


def cache_state() -> str:
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis"):
        return "fallback"
    # IGNORE_EXCEPTIONS turns a Redis failure into a miss: read back what was written.
    cache.set(PROBE_KEY, "ok", 10)
    return "ok" if cache.get(PROBE_KEY) == "ok" else "degraded"


@never_cache
@require_GET
def health(request):
    state = {"database": database_state(), "cache": cache_state()}
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)
