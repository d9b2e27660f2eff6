"""One Redis round trip for everything a signed-in page reads, instead of one per key.

    @prefetch(lambda request, user_id: [keys.fragment(keys.all_badges()), keys.user_stats(user_id)])
    @login_required
    def badges(request): ...

Before the view runs, the keys it will read (plus the user row of ``request.user``, which
accounts registers with :func:`also_for_every_user`) are fetched with ONE ``get_many``
(MGET). ``get_or_compute`` then answers from this snapshot without a round trip; a key that
was missing is read, computed and stored as usual. The snapshot lives for this request only
(a context variable), and an invalidation in the same request drops what it deletes.

List what the page reads on every request: the cached HTML (``keys.fragment``) rather than
the data it is rendered from, which is only read when the fragment is missing (and then
read again under the fragment's lock, never from this snapshot).

Only for signed-in requests: the user id comes from the session, before the user is loaded.
Redis down: ``get_many`` returns nothing (errors ignored) and every read falls back as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.core.cache import caches

# Keys every signed-in request reads whatever the page, from the user id (the user row).
_per_user: list[Callable[[str], str]] = []
_snapshot: ContextVar[dict | None] = ContextVar("caching_prefetched", default=None)


def also_for_every_user(key_for_user: Callable[[str], str]) -> None:
    """Prefetch this key (built from the user id) on every page that prefetches."""
    if key_for_user not in _per_user:
        _per_user.append(key_for_user)


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


def prefetch(keys_for: Callable[..., Iterable[str]]):
    """View decorator: ``keys_for(request, user_id, **view_kwargs)`` lists what the view reads."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user_id = request.session.get(SESSION_KEY)
            if user_id is None:
                return view(request, *args, **kwargs)
            keys = [key_for(user_id) for key_for in _per_user]
            keys += keys_for(request, user_id, **kwargs)
            with prefetched(keys):
                return view(request, *args, **kwargs)

        return wrapper

    return decorate
