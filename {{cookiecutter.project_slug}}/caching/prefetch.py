"""This request's snapshot of prefetched keys: one get_many (MGET) instead of one GET per key.

``cached_page`` views fill it before they run (caching/pages.py); ``get_or_compute`` then
answers from it without a round trip, and a key that was missing is read, computed and
stored as usual. The snapshot lives for this request only (a context variable), and an
invalidation in the same request drops what it deletes.

Redis down: ``get_many`` returns nothing (errors ignored) and every read falls back as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import caches

_snapshot: ContextVar[dict | None] = ContextVar("caching_prefetched", default=None)


def prefetched(keys: Iterable[str], alias: str = "default"):
    """Within the block, get_or_compute answers these keys from one get_many."""
    return _snapshot_as(caches[alias].get_many(list(dict.fromkeys(keys))))


def lookup(key: str, missing: object) -> object:
    """The prefetched value of ``key``, or ``missing`` (not prefetched, or not in the cache)."""
    snapshot = _snapshot.get()
    return missing if snapshot is None else snapshot.get(key, missing)


def bypassed():
    """Within the block, reads go to the cache itself: for a value that must be read now."""
    return _snapshot_as(None)


def start() -> object:
    """A new request: no snapshot yet. Returns the token :func:`end` takes."""
    return _snapshot.set(None)


def end(token) -> None:
    _snapshot.reset(token)


def fill(keys: Iterable[str], alias: str = "default") -> None:
    """This request reads these keys from one get_many (until :func:`end`)."""
    _snapshot.set(caches[alias].get_many(list(dict.fromkeys(keys))))


@contextmanager
def _snapshot_as(snapshot: dict | None):
    token = _snapshot.set(snapshot)
    try:
        yield
    finally:
        _snapshot.reset(token)


def forget_all() -> None:
    """The whole key space was dropped: nothing of the snapshot may be served any more."""
    snapshot = _snapshot.get()
    if snapshot:
        snapshot.clear()


def forget(keys: Iterable[str]) -> None:
    """A write deleted these keys: the snapshot of this request must not serve them again."""
    snapshot = _snapshot.get()
    if snapshot:
        for key in keys:
            snapshot.pop(key, None)
