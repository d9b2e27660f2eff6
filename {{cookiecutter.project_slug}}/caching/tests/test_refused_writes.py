"""A Redis that answers but refuses writes: full (``noeviction``) or a read-only replica.

That is not an outage for the circuit breaker (Redis answers every command at once), but
every ``add()`` of a stampede lock and every ``set()`` fails. Nobody may wait on a lock it
could not take: a cold page stays fast, and /health/ says the cache is degraded.

Each test runs against its own redis-server (see conftest.RedisServer).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import cache

from accounts.tests.factories import make_student
from caching import keys
from caching.readthrough import get_or_compute
from caching.tiers import Tier
from conftest import caches_for, free_port
from courses.tests.factories import make_course
from gamification.models import Badge

# A cold page computes each of its keys once, from the database: far below the 10 s that a
# caller waiting on a lock it could not take would spend.
COLD_PAGE_BOUND = 1.0
PAGES = ["/courses/", "/courses/algo/", "/badges/", "/leaderboard/"]


def fill_until_full(server) -> None:
    """Write 64 KiB values until Redis answers OOM (maxmemory reached, noeviction).

    Then maxmemory goes down to half: closing a connection frees its buffers, which would
    otherwise leave room for a few more small writes.
    """
    raw = redis.Redis(port=server.port)
    try:
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            for index in range(1000):
                raw.set(f"remplissage:{index}", b"x" * 65536)
        raw.config_set("maxmemory", "1mb")
    finally:
        raw.close()


def make_read_only(server) -> None:
    """A replica after a failover whose master is gone: it answers reads, refuses writes."""
    raw = redis.Redis(port=server.port)
    try:
        raw.replicaof("127.0.0.1", free_port())  # nothing listens there
        with pytest.raises(redis.exceptions.ReadOnlyError):
            raw.set("sonde", "valeur")
    finally:
        raw.close()


@pytest.fixture(params=["pleine", "lecture seule"])
def refusing_redis(request, settings, make_redis_server):
    """A private Redis, not yet refusing; call the returned function to make it refuse writes."""
    if request.param == "pleine":
        server = make_redis_server("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
        refuse = fill_until_full
    else:
        server = make_redis_server()
        refuse = make_read_only
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    return lambda: refuse(server)


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


@pytest.mark.django_db(transaction=True)
def test_cold_pages_stay_fast_and_health_says_degraded(client, refusing_redis):
    make_course(slug="algo", chapters=2)
    Badge.objects.create(code="premier-pas", name="Premier pas", description="…", rule="xp", threshold=10)
    client.force_login(make_student())
    assert client.get("/health/").json() == {"database": "ok", "cache": "ok"}

    refusing_redis()

    for url in PAGES:
        response, elapsed = timed(client.get, url)
        assert response.status_code == 200, url
        assert elapsed < COLD_PAGE_BOUND, f"{url} : {elapsed:.2f} s"
    health, elapsed = timed(client.get, "/health/")
    assert health.json() == {"database": "ok", "cache": "degraded"}
    assert elapsed < COLD_PAGE_BOUND


def test_concurrent_callers_of_a_cold_key_do_not_wait_for_each_other(refusing_redis):
    refusing_redis()
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
        return timed(get_or_compute, keys.courses_published(), Tier.LONG, compute)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(8)))

    assert [value for value, _ in results] == [["cours"]] * 8
    # Nobody stored anything, so nobody could wait for anybody: each computed once, in parallel.
    assert max(elapsed for _, elapsed in results) < COLD_PAGE_BOUND, results
    assert len(calls) == 8
    assert cache.get(keys.courses_published()) is None


def test_waiters_do_not_queue_up_when_the_value_is_evicted_as_soon_as_stored(settings, make_redis_server):
    # allkeys-lru with a maxmemory an empty Redis nearly fills: every value is stored, then
    # evicted by the next command. Waiting for the holder's value is waiting for nothing.
    server = make_redis_server("--maxmemory", "1mb", "--maxmemory-policy", "allkeys-lru")
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    big = "x" * 262_144
    calls = []
    barrier = threading.Barrier(8)

    def compute():
        calls.append(1)
        time.sleep(0.2)
        return big

    def read(_):
        barrier.wait()
        return timed(get_or_compute, keys.leaderboard_global(), Tier.MEDIUM, compute)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(read, range(8)))

    assert all(value == big for value, _ in results)
    # One behind the other, eight computations of 0.2 s would take 1.6 s.
    assert max(elapsed for _, elapsed in results) < COLD_PAGE_BOUND, [round(elapsed, 2) for _, elapsed in results]
    assert cache.get(keys.leaderboard_global()) is None  # evicted: the premise of this test
