"""Who may run now: a bounded pool of sandbox slots, a bounded queue, one pending run per owner.

The pool is a pair of semaphores in the calling (gunicorn) thread: wasmtime releases the GIL
while wasm runs, so the request thread itself runs the guest and the process keeps serving
pages on its other threads. ``workers`` runs at once; up to ``queue`` more wait, each at most
``queue_timeout`` seconds; anything beyond is refused at once (Busy) rather than holding
another request thread.

The pending mark of an owner is a key in the shared cache (Redis ``SET NX`` with a TTL, via
caching.locks), so two tabs or a script hitting two gunicorn processes or replicas still get
one run at a time. When Redis refuses the write or is down, a per-process set takes over.

A request that may use the sandbox (a « Valider », an SQL « Exécuter ») takes its place in the
pool at the door, before any of its work (``entrance``): a process never has more such requests
than its places, whatever they are doing, so its other threads stay free for the pages. Then,
inside the process's entrance, it does the Python work before its run (session, user, exercise,
counts) one such request at a time, and leaves the entrance once it waits for a slot. Thirty
students pressing « Valider » together were otherwise every thread of a process, taking turns
on its GIL, and a page served meanwhile waited behind all of them (measured: pages at 0.3-0.5 s
at the start of a burst). After its run, a request records its verdict outside the entrance:
runs end one after the other, and a verdict waiting on the database must not hold the others.
The entrance only orders: after the queue timeout a request goes on anyway.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches

from caching import locks

from . import config

PENDING_KEY = "sandbox:pending:{owner}"


# One request at a time per process does its Python work (module docstring).
_entrance = threading.Semaphore(1)
_inside = threading.local()


def leave_entrance() -> None:
    """Let the next request in: this one now waits for a slot, or needs no sandbox. Idempotent."""
    if getattr(_inside, "holding", False):
        _inside.holding = False
        _entrance.release()


def inside_entrance() -> bool:
    """Whether this thread holds the entrance (tests, diagnostics)."""
    return getattr(_inside, "holding", False)


@contextmanager
def entrance(pool: Pool, busy: type[Exception]) -> Iterator[None]:
    """Around a request that may use the sandbox: its place in ``pool`` at once (``busy`` when
    none is left), then the entrance (waited for at most the queue timeout, then gone through
    anyway); both given back, at the latest, when the request ends."""
    pool.take_place(busy)
    _inside.place = pool
    try:
        _inside.holding = _entrance.acquire(timeout=pool.queue_timeout)
        try:
            yield
        finally:
            leave_entrance()
    finally:
        _inside.place = None
        pool.give_place()


class Pool:
    def __init__(self, workers: int, queue: int, queue_timeout: float) -> None:
        self.shape = (workers, queue, queue_timeout)
        self.queue_timeout = queue_timeout
        self._admitted = threading.BoundedSemaphore(workers + queue)
        self._running = threading.BoundedSemaphore(workers)
        self._count_lock = threading.Lock()
        self.admitted = 0  # running or waiting, for tests and diagnostics

    def _count(self, delta: int) -> None:
        with self._count_lock:
            self.admitted += delta

    def take_place(self, busy: type[Exception]) -> None:
        if not self._admitted.acquire(blocking=False):
            raise busy()
        self._count(1)

    def give_place(self) -> None:
        self._count(-1)
        self._admitted.release()

    @contextmanager
    def slot(self, busy: type[Exception]) -> Iterator[None]:
        # A request that came through the entrance has its place already.
        placed = getattr(_inside, "place", None) is self
        if not placed:
            self.take_place(busy)
        # Placed: it only waits now, and the next request may do its work meanwhile.
        leave_entrance()
        try:
            if not self._running.acquire(timeout=self.queue_timeout):
                raise busy()
            try:
                yield
            finally:
                self._running.release()
        finally:
            if not placed:
                self.give_place()


_pool_lock = threading.Lock()
_pool: Pool | None = None


def pool(workers: int, queue: int, queue_timeout: float) -> Pool:
    """This process's pool (a new one if the settings changed, as tests do)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.shape != (workers, queue, queue_timeout):
            _pool = Pool(workers, queue, queue_timeout)
        return _pool


def configured_pool(settings: config.SandboxConfig | None = None) -> Pool:
    """This process's pool, as the sandbox's settings (loaded here unless given) shape it."""
    settings = settings or config.load()
    return pool(settings.workers, settings.queue, settings.queue_timeout)


_local_pending: set[str] = set()
_local_lock = threading.Lock()


@contextmanager
def one_pending(owner: str | None, ttl: int, already_pending: type[Exception]) -> Iterator[None]:
    if owner is None:
        yield
        return
    cache = caches["default"]
    key = PENDING_KEY.format(owner=owner)
    token = secrets.token_hex(8)
    taken = locks.take(cache, key, token, ttl)
    if taken is False:
        raise already_pending()
    if taken:
        try:
            yield
        finally:
            locks.release(cache, key, token)
        return
    # Redis refused or is down: this process at least keeps its owners to one run each.
    with _local_lock:
        if key in _local_pending:
            raise already_pending()
        _local_pending.add(key)
    try:
        yield
    finally:
        with _local_lock:
            _local_pending.discard(key)
