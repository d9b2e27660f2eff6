"""Stampede locks (caching/locks.py): only the holder stores under its lock or releases it.

The races are played for real: a hook on the Redis client runs "another caller" (a lock that
expires and is taken again, an invalidation) right after the holder's first command on the
lock, which is exactly where a GET-then-act sequence would let it in. Faults (SCRIPT FLUSH,
writes refused, a frozen Redis) run against a private redis-server (see conftest.RedisServer).
"""

import time

import pytest
import redis
from django.core.cache import cache, caches

from caching import keys, locks
from caching.client import GuardedRedis
from caching.invalidation import delete_now
from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier
from conftest import caches_for

KEY = names.LIST
LOCK = keys.lock(KEY)
SHORT_LOCK = 0.2  # seconds: the lock of a holder whose computation outlives it


@pytest.fixture
def after_first_lock_command(monkeypatch):
    """``arm(other_caller)``: run ``other_caller()`` once, right after the next command on the lock."""
    execute = GuardedRedis.execute_command
    pending = []

    def hooked(self, *args, **options):
        result = execute(self, *args, **options)
        if pending and any(str(arg) == cache.make_key(LOCK) for arg in args[1:]):
            pending.pop()()  # popped first: the other caller's own commands do not trigger it
        return result

    monkeypatch.setattr(GuardedRedis, "execute_command", hooked)
    return pending.append


def expire_and_take_again(token: str):
    def other_caller():
        time.sleep(SHORT_LOCK + 0.1)  # the holder's lock expires
        assert locks.take(cache, LOCK, token, 10) is True

    return other_caller


# --- Against the real Redis ------------------------------------------------------------------
@pytest.mark.usefixtures("redis_connection")
def test_a_lock_that_expired_and_was_taken_again_is_not_released_by_its_first_holder(after_first_lock_command):
    assert locks.take(cache, LOCK, "premier", SHORT_LOCK) is True
    after_first_lock_command(expire_and_take_again("second"))

    locks.release(cache, LOCK, "premier")

    assert cache.get(LOCK) == "second"


@pytest.mark.usefixtures("redis_connection")
def test_a_value_is_not_stored_after_an_invalidation_deleted_its_lock(after_first_lock_command):
    assert locks.take(cache, LOCK, "calcul", 10) is True
    # A write commits while the holder stores what it read before: the write's delete wins.
    after_first_lock_command(lambda: delete_now([KEY]))

    locks.store_if_held(cache, LOCK, "calcul", KEY, ["ligne lue avant l'écriture"], 60)

    assert cache.get(KEY, "absent") == "absent"


@pytest.mark.usefixtures("redis_connection")
def test_a_holder_whose_lock_was_taken_again_stores_nothing_and_leaves_the_lock():
    assert locks.take(cache, LOCK, "premier", SHORT_LOCK) is True
    time.sleep(SHORT_LOCK + 0.1)
    assert locks.take(cache, LOCK, "second", 10) is True

    assert locks.store_if_held(cache, LOCK, "premier", KEY, "périmé", 60) is False
    assert locks.release(cache, LOCK, "premier") is False

    assert cache.get(KEY, "absent") == "absent"
    assert cache.get(LOCK) == "second"


@pytest.mark.parametrize("value", [["cours", 1], {"xp": 3}, 42, True, None, ""], ids=repr)
def test_a_stored_value_reads_back_through_the_cache_with_its_ttl(redis_connection, value):
    assert locks.take(cache, LOCK, "calcul", 10) is True

    assert locks.store_if_held(cache, LOCK, "calcul", KEY, value, 60) is True
    assert locks.release(cache, LOCK, "calcul") is True

    assert cache.get(KEY, "absent") == value and type(cache.get(KEY)) is type(value)
    assert 59_000 <= redis_connection.pttl(cache.make_key(KEY)) <= 60_000
    assert cache.get(LOCK, "libre") == "libre"


@pytest.mark.usefixtures("redis_connection")
def test_a_cold_miss_stores_and_releases_in_one_command_each(monkeypatch):
    get_or_compute(names.OTHER, Tier.LONG, lambda: ["badge"])  # the scripts are now loaded
    execute = GuardedRedis.execute_command
    sent = []

    def counting(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(GuardedRedis, "execute_command", counting)

    def compute():
        sent.append("calcul")
        return ["classement"]

    assert get_or_compute(KEY, Tier.MEDIUM, compute) == ["classement"]

    # Before: GET + SET to store, GET + DEL to release.
    assert sent[sent.index("calcul") + 1 :] == ["EVALSHA", "EVALSHA"], sent
    assert cache.get(KEY) == ["classement"]


# --- Against a private redis-server ----------------------------------------------------------
def test_the_scripts_survive_a_script_flush(settings, redis_server):
    settings.CACHES = caches_for(redis_server.url)
    raw = redis.Redis(port=redis_server.port)
    assert locks.take(cache, LOCK, "calcul", 10) is True
    assert locks.store_if_held(cache, LOCK, "calcul", KEY, "avant", 60) is True

    raw.script_flush()  # what a restart or a failover to a fresh replica also does

    assert locks.store_if_held(cache, LOCK, "calcul", KEY, "après", 60) is True
    assert locks.release(cache, LOCK, "calcul") is True
    assert cache.get(KEY) == "après"
    assert raw.exists(cache.make_key(LOCK)) == 0
    raw.close()


def test_values_and_names_follow_the_cache_settings(settings, redis_server):
    # Another serializer, a compressor and a version: what the script stores is what
    # cache.set would have stored, under the name cache.get (and invalidation) uses.
    settings.CACHES = caches_for(redis_server.url)
    default = settings.CACHES["default"]
    default["VERSION"] = 7
    default["OPTIONS"]["SERIALIZER"] = "django_redis.serializers.json.JSONSerializer"
    default["OPTIONS"]["COMPRESSOR"] = "django_redis.compressors.zlib.ZlibCompressor"
    value = {"chapitres": ["Récursivité"] * 50}
    assert locks.take(cache, LOCK, "calcul", 10) is True

    assert locks.store_if_held(cache, LOCK, "calcul", KEY, value, 60) is True

    assert cache.get(KEY) == value
    raw = redis.Redis(port=redis_server.port)
    assert raw.exists(f"{default['KEY_PREFIX']}:7:{KEY}") == 1
    raw.close()
    assert locks.release(cache, LOCK, "calcul") is True
    assert cache.get(LOCK, "libre") == "libre"


def test_a_redis_refusing_writes_gives_no_lock_and_no_error(settings, refusing_redis):
    server, refuse_writes = refusing_redis
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    assert locks.take(cache, LOCK, "calcul", 10) is True
    refuse_writes()

    start = time.monotonic()
    assert locks.take(cache, keys.lock(names.OTHER), "autre", 10) is None
    assert locks.store_if_held(cache, LOCK, "calcul", KEY, "jamais stocké", 60) is False
    locks.release(cache, LOCK, "calcul")  # a full Redis still deletes; a read-only one cannot
    elapsed = time.monotonic() - start

    assert elapsed < 1.0, f"{elapsed:.2f} s"  # nothing waited for a lock or a timeout
    assert cache.get(KEY, "absent") == "absent"


def test_a_redis_frozen_during_a_script_opens_the_circuit_breaker(settings, redis_server):
    settings.CACHES = caches_for(redis_server.url, socket_timeout=1, cooldown=4)
    assert locks.take(cache, LOCK, "calcul", 10) is True
    breaker = caches["default"].client.get_client(write=True).breaker
    redis_server.pause()

    start = time.monotonic()
    stored = locks.store_if_held(cache, LOCK, "calcul", KEY, "valeur", 60)
    first = time.monotonic() - start
    start = time.monotonic()
    released = locks.release(cache, LOCK, "calcul")
    second = time.monotonic() - start

    assert (stored, released) == (False, False)
    assert 0.9 <= first < 3.5, f"{first:.2f} s"  # one socket timeout
    assert breaker.is_open
    assert second < 0.5, f"{second:.2f} s"  # skipped: the breaker is open
    redis_server.resume()


# --- Without Redis ---------------------------------------------------------------------------
@pytest.fixture
def locmem(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verrous"}}


@pytest.mark.usefixtures("locmem")
def test_without_redis_only_the_holder_stores_and_releases():
    assert locks.take(cache, LOCK, "premier", SHORT_LOCK) is True
    assert locks.take(cache, LOCK, "second", 10) is False
    time.sleep(SHORT_LOCK + 0.1)
    assert locks.take(cache, LOCK, "second", 10) is True

    assert locks.store_if_held(cache, LOCK, "premier", KEY, "périmé", 60) is False
    assert locks.release(cache, LOCK, "premier") is False
    assert cache.get(KEY, "absent") == "absent" and cache.get(LOCK) == "second"

    assert locks.store_if_held(cache, LOCK, "second", KEY, ["frais"], 60) is True
    assert locks.release(cache, LOCK, "second") is True
    assert cache.get(KEY) == ["frais"] and cache.get(LOCK, "libre") == "libre"


@pytest.mark.usefixtures("locmem")
def test_without_redis_an_invalidation_keeps_the_holder_from_storing():
    assert locks.take(cache, LOCK, "calcul", 10) is True
    delete_now([KEY])

    assert locks.store_if_held(cache, LOCK, "calcul", KEY, "lu avant l'écriture", 60) is False
    assert cache.get(KEY, "absent") == "absent"
