"""The circuit breaker and the cache layout, against a private redis-server."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.utils.module_loading import import_string
from django_redis import get_redis_connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from caching.client import CircuitOpen, stop_probing
from conftest import caches_for

COOLDOWN = 3
LAYOUT = {"prefix": "nsi", "release": "r1", "default_timeout": 300, "max_connections": 50, "socket_timeout": 5}


def cache_layout(*args, **kwargs):
    # The settings package is named after the project: found through the settings module.
    package = django_settings.SETTINGS_MODULE.rsplit(".", 1)[0]
    return import_string(f"{package}.cache_layout.cache_layout")(*args, **kwargs)


@pytest.fixture
def frozen_redis(settings, redis_server):
    settings.CACHES = caches_for(redis_server.url, socket_timeout=1, cooldown=COOLDOWN)
    cache.set("sonde", "valeur")
    redis_server.pause()
    yield redis_server
    redis_server.resume()


def timed(call, *args, **kwargs):
    start = time.monotonic()
    try:
        return call(*args, **kwargs), time.monotonic() - start
    except RedisError as error:
        return error, time.monotonic() - start


def test_after_one_timeout_every_path_skips_redis_at_once(frozen_redis):
    value, first = timed(cache.get, "sonde", "défaut")
    assert value == "défaut" and 0.9 <= first < 3

    # Where IGNORE_EXCEPTIONS does not reach (locks, SCAN, raw client), the breaker does.
    attempts = {
        "get": lambda: cache.get("sonde", "défaut"),
        "set": lambda: cache.set("sonde", "autre"),
        "ttl": lambda: cache.ttl("sonde"),
        "lock": lambda: cache.lock("verrou", timeout=5).acquire(blocking=False),
        "iter_keys": lambda: list(cache.iter_keys("*")),
        "raw ping": lambda: get_redis_connection("default").ping(),
        "pipeline": lambda: cache.set_many({"a": 1, "b": 2}),
    }
    for name, attempt in attempts.items():
        result, elapsed = timed(attempt)
        assert elapsed < 0.2, f"{name}: {elapsed:.2f} s"
        if isinstance(result, RedisError):
            assert isinstance(result, RedisConnectionError), name


def test_while_redis_stays_frozen_requests_never_wait_again(frozen_redis):
    cache.get("sonde")  # opens the breaker
    time.sleep(COOLDOWN + 0.1)
    barrier = threading.Barrier(8)

    def read(_):
        barrier.wait()
        return timed(cache.get, "sonde", "défaut")[1]

    with ThreadPoolExecutor(8) as pool:
        durations = sorted(pool.map(read, range(8)))

    # The background probe keeps meeting the frozen Redis, so no request has to probe it.
    assert durations[-1] < 0.5, durations
    assert get_redis_connection("default").breaker.is_open


def test_redis_is_used_again_as_soon_as_it_answers(frozen_redis):
    cache.get("sonde")
    assert get_redis_connection("default").breaker.is_open
    frozen_redis.resume()
    resumed = time.monotonic()
    while get_redis_connection("default").breaker.is_open and time.monotonic() - resumed < COOLDOWN:
        time.sleep(0.01)
    closed_after = time.monotonic() - resumed

    # Well within the cooldown: the background probe saw it, no request had to.
    assert closed_after < 1, f"{closed_after:.2f} s"
    cache.set("sonde", "écrite après la reprise")
    assert get_redis_connection("default").get(cache.make_key("sonde")) is not None
    assert cache.get("sonde") == "écrite après la reprise"


def test_after_the_cooldown_a_caller_probes_when_no_background_probe_runs(frozen_redis):
    cache.get("sonde")
    breaker = get_redis_connection("default").breaker
    # As in a process just forked: its probing thread did not survive.
    breaker._probe = None
    stop_probing()
    breaker._prober.join(5)
    frozen_redis.resume()
    time.sleep(COOLDOWN + 0.1)

    assert cache.get("sonde") == "valeur"
    assert not breaker.is_open


def test_the_breaker_is_shared_by_both_aliases_and_every_thread(frozen_redis):
    caches["default"].get("sonde")
    breaker = get_redis_connection("default").breaker
    assert breaker.is_open
    assert get_redis_connection("sessions").breaker is breaker
    seen = []
    thread = threading.Thread(target=lambda: seen.append(get_redis_connection("default").breaker))
    thread.start()
    thread.join()
    assert seen == [breaker]
    with pytest.raises(CircuitOpen):
        get_redis_connection("sessions").ping()


@pytest.mark.parametrize(("store", "sessions_ignore_errors"), [("cached_db", True), ("cache", False), ("db", True)])
def test_sessions_ignore_redis_errors_except_with_the_cache_engine(store, sessions_ignore_errors):
    layout = cache_layout("redis://127.0.0.1:6379/0", "production", session_store=store, **LAYOUT)
    assert layout.caches["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert layout.caches["sessions"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is sessions_ignore_errors


def test_each_alias_goes_through_the_breaker_without_retries():
    layout = cache_layout("redis://127.0.0.1:6379/0", "production", session_store="cached_db", **LAYOUT)
    for config in layout.caches.values():
        options = config["OPTIONS"]
        assert options["REDIS_CLIENT_CLASS"] == "caching.client.GuardedRedis"
        # Longer than a timeout: a request that met one does not meet a second.
        assert options["REDIS_CLIENT_KWARGS"]["circuit_breaker_cooldown"] >= 2 * LAYOUT["socket_timeout"]
        assert "retry_on_timeout" not in options["CONNECTION_POOL_KWARGS"]
        # A burst waits for a free connection (at most one timeout) instead of missing at once.
        assert options["CONNECTION_POOL_CLASS"] == "redis.BlockingConnectionPool"
        assert options["CONNECTION_POOL_KWARGS"]["timeout"] == LAYOUT["socket_timeout"]
