"""Who may run now: a bounded pool of sandbox slots, a bounded queue, one pending run per owner.

The pool is a pair of semaphores in the calling (gunicorn) thread: wasmtime releases the GIL
while wasm runs, so the request thread itself runs the guest and the process keeps serving
pages on its other threads. ``workers`` runs at once; up to ``queue`` more wait, each at most
``queue_timeout`` seconds; anything beyond is refused at once (Busy) rather than holding
another request thread.

The pending mark of an owner is a key in the shared cache (Redis ``SET NX`` with a TTL, via
caching.locks), so two tabs or a script hitting two gunicorn processes or replicas still get
one run at a time. When Redis refuses the write or is down, a per-process set takes over.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches

from caching import locks

PENDING_KEY = "sandbox:pending:{owner}"


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

    @contextmanager
    def slot(self, busy: type[Exception]) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise busy()
        self._count(1)
        try:
            if not self._running.acquire(timeout=self.queue_timeout):
                raise busy()
            try:
                yield
            finally:
                self._running.release()
        finally:
            self._count(-1)
            self._admitted.release()


_pool_lock = threading.Lock()
_pool: Pool | None = None


def pool(workers: int, queue: int, queue_timeout: float) -> Pool:
    """This process's pool (a new one if the settings changed, as tests do)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.shape != (workers, queue, queue_timeout):
            _pool = Pool(workers, queue, queue_timeout)
        return _pool


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
