"""The ``cached_db`` session engine, safe across Redis outages: a logout always logs out.

Django's ``cached_db`` reads the copy in Redis first and trusts it. When a logout (or a login,
which replaces the session key) happens while the circuit breaker skips Redis, the database
row goes but the copy in Redis stays, valid for the session's whole age. Two rules fix that:

- a delete that did not reach Redis is remembered by the process (which no longer trusts that
  copy) and replayed when Redis answers again, before anybody else uses it (caching/client.py);
- each copy carries the *session epoch*, a token in Redis that every process renews when it
  recovers from an outage. A copy of another epoch may predate a delete lost in the outage
  (by a process that died since, or that never saw the outage): it is checked against the
  database once, then cached again, or dropped if its row is gone.

The epoch is read with the session in the same MGET: no extra round trip on a warm page. Its
key sits next to the sessions' prefix, not under it, so that nothing counts or clears it as a
session (``cache_stats``, ``cache_clear --sessions``).
"""

from __future__ import annotations

import secrets
import threading

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django_redis.util import CacheKey

from . import client

NOT_READ = object()

_pending: set[str] = set()
_pending_lock = threading.Lock()


class SessionStore(cached_db.SessionStore):
    """cached_db, whose copies in Redis are trusted only within the epoch they were written in."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._epoch = NOT_READ

    def load(self):
        # self._cache looks the alias up on each read (a thread-local): once per load.
        cache = self._cache
        cache_key, epoch = self.cache_key, epoch_key(cache)
        found = cache.get_many([cache_key, epoch])
        self._epoch = found.get(epoch) or _new_epoch(cache)
        copy = found.get(cache_key)
        if self._trusted(cache_key, copy):
            return copy["data"]
        row = self._get_session_from_db()
        if row is None:
            if copy is not None:
                cache.delete(cache_key)  # left by an outage: its row is gone
            return {}
        data = self.decode(row.session_data)
        self._store_copy(cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def _trusted(self, cache_key: str, copy) -> bool:
        """A copy of the current epoch, whose delete is not waiting for Redis in this process."""
        return (
            isinstance(copy, dict)
            and self._epoch is not None
            and copy.get("epoch") == self._epoch
            and isinstance(copy.get("data"), dict)
            and cache_key not in _pending
        )

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._store_copy(self.cache_key, self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        cache_key = self.cache_key_prefix + session_key
        # django-redis answers None when it ignored an error (Redis down, skipped, or read-only).
        if self._cache.delete(cache_key) is None:
            with _pending_lock:
                _pending.add(cache_key)
        elif _pending:
            _replay_deletes(self._cache)  # Redis takes writes again (it refused them, without an outage)

    def _store_copy(self, cache_key: str, data: dict, expiry_age: int) -> None:
        if self._epoch is NOT_READ:
            self._epoch = self._cache.get(epoch_key(self._cache)) or _new_epoch(self._cache)
        self._cache.set(cache_key, {"epoch": self._epoch, "data": data}, expiry_age)

    # Async twins of the above (Django's asynchronous session API), run in a thread.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        await sync_to_async(self.delete)(session_key)


def epoch_key(cache) -> CacheKey:
    """``<sessions prefix>-epoch``: a CacheKey is used as it is, without the prefix and version."""
    return CacheKey(f"{cache.key_prefix}-epoch")


def _new_epoch(cache) -> str | None:
    """Start an epoch when there is none (a new or emptied Redis); None if Redis refuses it.

    It lives as long as a session (like every key of the project, it expires): the next one
    then makes each copy be checked once more, which is all a new epoch costs.
    """
    token = secrets.token_hex(8)
    if cache.add(epoch_key(cache), token, settings.SESSION_COOKIE_AGE):
        return token
    return cache.get(epoch_key(cache))


def pending() -> set[str]:
    """Session deletes of this process still waiting for Redis."""
    with _pending_lock:
        return set(_pending)


def _replay_deletes(cache) -> None:
    with _pending_lock:
        keys = list(_pending)
        _pending.clear()
    if keys and cache.delete_many(keys) is None:
        with _pending_lock:
            _pending.update(keys)


def _after_outage() -> None:
    if __name__ != settings.SESSION_ENGINE:
        return
    cache = caches[settings.SESSION_CACHE_ALIAS]
    _replay_deletes(cache)
    # Every copy written before now may predate a delete this outage lost (in any process).
    cache.set(epoch_key(cache), secrets.token_hex(8), settings.SESSION_COOKIE_AGE)


client.on_recovery(_after_outage)
