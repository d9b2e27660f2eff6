"""A Redis that answers but refuses writes: full (``noeviction``) or a read-only replica.

That is not an outage for the circuit breaker (Redis answers every command at once), but
every ``add()`` of a stampede lock and every ``set()`` fails. Nobody may wait on a lock it
could not take: a cold page stays fast, and /health/ says the cache is degraded. The NSI
pages are checked the same way in gamification/tests/test_refused_writes.py.

Each test runs against its own redis-server (see conftest.RedisServer).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier
from conftest import caches_for

from .urls import PAGE_KEYS, group_names

# A cold page computes each of its keys once, from the database: far below the 10 s that a
# caller waiting on a lock it could not take would spend.
COLD_PAGE_BOUND = 1.0


@pytest.fixture
def refused(settings, refusing_redis):
    """The project's caches on a private Redis; call the returned function to make it refuse writes."""
    server, refuse_writes = refusing_redis
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    return refuse_writes


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


@pytest.mark.django_db(transaction=True)
def test_a_cold_page_stays_fast_and_health_says_degraded(client, settings, refused):
    settings.ROOT_URLCONF = "caching.tests.urls"
    assert client.get("/health/").json() == {"database": "ok", "cache": "ok"}

    refused()

    response, elapsed = timed(client.get, "/lecture/")
    assert response.status_code == 200 and elapsed < COLD_PAGE_BOUND, f"{elapsed:.2f} s"
    assert cache.get(PAGE_KEYS[0]) is None  # nothing could be stored: it was computed
    health, elapsed = timed(client.get, "/health/")
    assert health.json() == {"database": "ok", "cache": "degraded"}
    assert elapsed < COLD_PAGE_BOUND


@pytest.mark.django_db(transaction=True)
def test_a_cold_fragment_renders_at_once(settings, refused):
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [Path(__file__).parent / "templates"]}
    ]
    refused()

    # The fragment's lock, then the data's lock inside it: neither may be waited for.
    html, elapsed = timed(render_to_string, "caching_tests/fragment.html", {"items": group_names.fragment()})

    assert html == "<p></p><ul></ul>"
    assert elapsed < COLD_PAGE_BOUND, f"{elapsed:.2f} s"


def test_concurrent_callers_of_a_cold_key_do_not_wait_for_each_other(refused):
    refused()
    calls = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def compute():
        with lock:
            calls.append(1)
        time.sleep(0.2)  # a slow query
        return ["cours"]

    def read(_):
        barrier.wait()
        return timed(get_or_compute, names.LIST, Tier.LONG, compute)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(8)))

    assert [value for value, _ in results] == [["cours"]] * 8
    # Nobody stored anything, so nobody could wait for anybody: each computed once, in parallel.
    assert max(elapsed for _, elapsed in results) < COLD_PAGE_BOUND, results
    assert len(calls) == 8
    assert cache.get(names.LIST) is None


def test_waiters_do_not_queue_up_when_the_value_is_evicted_as_soon_as_stored(settings, make_redis_server):
    # allkeys-lru with a maxmemory an empty Redis nearly fills: every value is stored, then
    # evicted by the next command. Waiting for the holder's value is waiting for nothing.
    server = make_redis_server("--maxmemory", "1mb", "--maxmemory-policy", "allkeys-lru")
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    big = "x" * 262_144
    barrier = threading.Barrier(8)

    def compute():
        time.sleep(0.2)
        return big

    def read(_):
        barrier.wait()
        return timed(get_or_compute, names.COUNT, Tier.MEDIUM, compute)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(8)))

    assert all(value == big for value, _ in results)
    # One behind the other, eight computations of 0.2 s would take 1.6 s.
    assert max(elapsed for _, elapsed in results) < COLD_PAGE_BOUND, [round(elapsed, 2) for _, elapsed in results]
    assert cache.get(names.COUNT) is None  # evicted: the premise of this test
