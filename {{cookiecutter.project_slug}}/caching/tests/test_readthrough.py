"""Read-through against the real Redis: values, None and empties cached, and stampedes computed once."""

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from caching import keys
from caching.cached import cached, declared
from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier, ttl
from conftest import caches_for

pytestmark = pytest.mark.usefixtures("redis_connection")


class Counter:
    """A compute function that counts its calls (thread-safe) and can be slow."""

    def __init__(self, value=None, delay=0.0):
        self.value, self.delay, self.calls = value, delay, 0
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            self.calls += 1
        time.sleep(self.delay)
        return self.value


def test_a_value_is_stored_with_its_tier_ttl(redis_connection):
    compute = Counter(["cours 1", "cours 2"])

    assert get_or_compute(names.LIST, Tier.LONG, compute) == ["cours 1", "cours 2"]
    assert get_or_compute(names.LIST, Tier.LONG, compute) == ["cours 1", "cours 2"]

    assert compute.calls == 1
    remaining = redis_connection.ttl(cache.make_key(names.LIST))
    assert ttl(Tier.LONG) - 5 <= remaining <= ttl(Tier.LONG)


@pytest.mark.parametrize("empty", [None, [], {}, 0, ""], ids=repr)
def test_none_and_empty_results_are_cached_too(empty):
    compute = Counter(empty)

    first = get_or_compute(names.recent(1), Tier.SHORT, compute)
    second = get_or_compute(names.recent(1), Tier.SHORT, compute)

    assert first == second == empty
    assert type(second) is type(empty)
    assert compute.calls == 1


def test_the_none_tier_always_computes_and_stores_nothing(redis_connection):
    compute = Counter("profil")

    for _ in range(3):
        assert get_or_compute("profile_1", Tier.NONE, compute) == "profil"

    assert compute.calls == 3
    assert list(redis_connection.scan_iter(match=f"*{cache.make_key('profile_1')}*")) == []


def test_the_decorator_keys_by_the_arguments_and_keeps_the_undecorated_function():
    calls = []

    @cached(Tier.SHORT, "test_progress_{user_id}_{chapter_id}")
    def progress(user_id, chapter_id):
        calls.append((user_id, chapter_id))
        return {"fait": user_id + chapter_id}

    assert progress(1, 2) == {"fait": 3}
    assert progress(1, 2) == {"fait": 3}
    assert progress(user_id=2, chapter_id=1) == {"fait": 3}
    assert calls == [(1, 2), (2, 1)]
    assert cache.get(names.progress(1, 2)) == {"fait": 3}
    assert progress.uncached(1, 2) == {"fait": 3} and len(calls) == 3
    assert progress in declared(Tier.SHORT)
    assert progress not in declared(Tier.LONG)


def test_a_failing_computation_is_not_cached_and_releases_its_lock():
    def broken():
        raise RuntimeError("base indisponible")

    with pytest.raises(RuntimeError):
        get_or_compute(names.OTHER, Tier.LONG, broken)

    assert cache.get(names.OTHER, "absent") == "absent"
    assert cache.get(keys.lock(names.OTHER), "libre") == "libre"
    assert get_or_compute(names.OTHER, Tier.LONG, Counter(["badge"])) == ["badge"]


# --- Stampede ------------------------------------------------------------------------------
THREADS = 32


def assert_cold_key_computed_once_by_concurrent_threads():
    """THREADS readers released together on one cold key: one computation, the same value for all."""
    compute = Counter("classement", delay=0.3)
    barrier = threading.Barrier(THREADS)

    def read(_):
        barrier.wait()
        return get_or_compute(names.COUNT, Tier.MEDIUM, compute)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(read, range(THREADS)))

    assert results == ["classement"] * THREADS
    assert compute.calls == 1


def test_a_hot_key_is_computed_once_by_32_concurrent_threads():
    assert_cold_key_computed_once_by_concurrent_threads()


PROCESSES, THREADS_PER_PROCESS = 4, 8


def _reader_process(barrier, computations, results, key):
    """One worker process: several threads read the same cold key at the same moment."""

    def compute():
        with computations.get_lock():
            computations.value += 1
        time.sleep(0.5)
        return "tableau"

    inner = threading.Barrier(THREADS_PER_PROCESS)

    def read(_):
        inner.wait()
        return get_or_compute(key, Tier.MEDIUM, compute)

    barrier.wait()
    with ThreadPoolExecutor(THREADS_PER_PROCESS) as pool:
        for value in pool.map(read, range(THREADS_PER_PROCESS)):
            results.put(value)


def test_a_hot_key_is_computed_once_by_4_processes_of_8_threads():
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    computations = context.Value("i", 0)
    results = context.Queue()
    key = names.stats(7)
    workers = [
        context.Process(target=_reader_process, args=(barrier, computations, results, key)) for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    values = [results.get(timeout=60) for _ in range(PROCESSES * THREADS_PER_PROCESS)]
    for worker in workers:
        worker.join(30)

    assert [worker.exitcode for worker in workers] == [0] * PROCESSES
    assert values == ["tableau"] * (PROCESSES * THREADS_PER_PROCESS)
    assert computations.value == 1


def _dying_holder(key, lock_timeout, started):
    def compute():
        started.set()
        time.sleep(60)  # killed long before
        return "jamais"

    get_or_compute(key, Tier.LONG, compute, lock_timeout=lock_timeout)


def test_a_computing_process_that_dies_blocks_nobody_beyond_the_lock_timeout():
    context = multiprocessing.get_context("fork")
    started = context.Event()
    key = names.item("algorithmique")
    holder = context.Process(target=_dying_holder, args=(key, 2, started))
    holder.start()
    assert started.wait(30), "le processus n'a pas commencé le calcul"
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(10)
    compute = Counter("cours recalculé")

    start = time.monotonic()
    value = get_or_compute(key, Tier.LONG, compute, lock_timeout=2)
    elapsed = time.monotonic() - start

    assert value == "cours recalculé"
    assert compute.calls == 1
    # The dead holder's lock expires after 2 s: bounded wait, generous for a loaded machine.
    assert elapsed < 6, f"{elapsed:.1f} s"


def test_a_slow_holder_makes_others_wait_at_most_the_lock_timeout():
    slow = Counter("lent", delay=4)
    holder = threading.Thread(target=get_or_compute, args=(names.OTHER, Tier.LONG, slow), daemon=True)
    holder.start()
    while cache.get(keys.lock(names.OTHER)) is None:
        time.sleep(0.01)
    fast = Counter("direct")

    start = time.monotonic()
    value = get_or_compute(names.OTHER, Tier.LONG, fast, lock_timeout=1)
    elapsed = time.monotonic() - start
    holder.join(10)

    assert value == "direct"
    assert fast.calls == 1
    assert 0.9 <= elapsed < 3.5, f"{elapsed:.1f} s"


def test_a_computation_outliving_its_lock_is_served_not_stored_and_said(caplog):
    value = get_or_compute(names.COUNT, Tier.MEDIUM, Counter("lent", delay=1.3), lock_timeout=1)

    assert value == "lent"
    assert cache.get(names.COUNT, "absent") == "absent"
    assert "plus long que son verrou" in caplog.text


def test_more_threads_than_pool_connections_still_compute_once(settings, redis_server):
    # A full pool makes django-redis answer like an outage (None, a miss): callers must wait
    # for a connection, not all compute at once.
    settings.CACHES = caches_for(redis_server.url, max_connections=4)
    assert_cold_key_computed_once_by_concurrent_threads()
