"""Deleting the keys a write makes stale, and only those, after the commit.

Each cached read declares the models that feed it (``@cached(…, invalidated_by={…})``,
caching/cached.py); this module connects their signals. A save deletes a read's keys only
when a field that read watches changed: with ``save(update_fields=[…])`` the fields not
written cannot have changed; otherwise the row as it was before (one SELECT by primary key)
says which did. A save that changes nothing (an admin form sent back as it was) deletes
nothing; a login (``last_login`` only) deletes no shared key. The keys of the row as it was
go too, so a renamed slug leaves no stale ``book_<old slug>``. Creations, deletions and
watched many-to-many changes always delete.

Keys are deleted AFTER the transaction commits (``transaction.on_commit``): deleted earlier, a
concurrent request could read the old row before the commit and cache it again. A rolled back
transaction deletes nothing. In tests wrapped in a transaction (pytest's ``db`` fixture), run
the callbacks with ``django_capture_on_commit_callbacks(execute=True)``.

A write that changes several rows of one owner (an attempt, then the owner's XP) may run in
:func:`one_write`: inside it, a key-parameter lookup marked :func:`per_write` (the classes of a
student) queries once for the whole write instead of once per row.

Bulk writes (``QuerySet.update()``, ``bulk_create()``) send no signal: the service that makes
them calls :func:`rows_changed` with the rows and the fields written.

A delete that fails because Redis is down is remembered by the process and replayed when
Redis answers again, so a Redis that was only unreachable does not serve rows edited during
the outage.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from . import client, prefetch
from . import keys as cache_keys
from .maintenance import delete_project_keys, uses_redis

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
# Past this many deletes waiting for Redis, replaying them one by one is not worth it:
# the whole release key space is dropped instead when Redis comes back.
MAX_PENDING = 10_000
BEFORE_SAVE_ATTR = "_caching_before_save"

# model -> the cached reads it feeds (each read's rule for it is read.invalidated_by[model]).
_watchers: dict[type[Model], list] = {}


def watch(read) -> None:
    """Connect the signals of every model ``read`` declares in ``invalidated_by``."""
    for model, rule in read.invalidated_by.items():
        readers = _watchers.setdefault(model, [])
        if read not in readers:
            readers.append(read)
        label = model._meta.label_lower
        pre_save.connect(_remember_before_save, sender=model, dispatch_uid=f"caching-pre-save-{label}")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"caching-post-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"caching-post-delete-{label}")
        for name in rule.m2m:
            through = model._meta.get_field(name).remote_field.through
            m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"caching-m2m-{label}-{name}")


def unwatch(read) -> None:
    """Forget a read declared again (its new declaration watches in its place)."""
    for readers in _watchers.values():
        if read in readers:
            readers.remove(read)


def watched_models() -> list[type[Model]]:
    return [model for model, readers in _watchers.items() if readers]


def readers_of(model: type[Model]) -> list:
    return list(_watchers.get(model, ()))


def _attnames(model: type[Model], names: Iterable[str]) -> set[str]:
    return {model._meta.get_field(name).attname for name in names}


def _watches(read, model, changed: set[str] | None) -> bool:
    """Whether a change of these columns (None: unknown, a creation or a deletion) matters to ``read``."""
    fields = read.invalidated_by[model].fields
    return changed is None or (bool(changed) and (not fields or bool(_attnames(model, fields) & changed)))


def keys_for(instance: Model, changed: set[str] | None = None) -> set[str]:
    """The keys the row feeds, for the reads that watch one of the ``changed`` columns (None: all)."""
    model = type(instance)
    return {
        key
        for read in _watchers.get(model, ())
        if _watches(read, model, changed)
        for key in read.keys_for_row(model, instance)
    }


def rows_changed(model: type[Model], rows: Iterable, *, fields: Iterable[str] | None = None, using=DEFAULT_DB_ALIAS):
    """A bulk write sent no signal: delete what these rows (instances, or primary keys) feed.

    ``fields``: the fields the write set (``update(xp=…)``); None for new rows.
    """
    changed = None if fields is None else _attnames(model, fields)
    if not any(_watches(read, model, changed) for read in _watchers.get(model, ())):
        return
    rows = list(rows)
    if rows and not isinstance(rows[0], Model):
        rows = list(model._base_manager.using(using).filter(pk__in=rows))
    invalidate(*{key for row in rows for key in keys_for(row, changed)}, using=using)


_write_lookups: ContextVar[dict | None] = ContextVar("caching_write_lookups", default=None)


@contextmanager
def one_write() -> Iterator[None]:
    """Inside, each :func:`per_write` lookup is made once per argument (rows the write leaves alone)."""
    token = _write_lookups.set({})
    try:
        yield
    finally:
        _write_lookups.reset(token)


def per_write(lookup: Callable) -> Callable:
    """A key-parameter lookup whose answer one write does not change: asked once inside :func:`one_write`."""

    @functools.wraps(lookup)
    def remembered(*args):
        known = _write_lookups.get()
        if known is None:
            return lookup(*args)
        if (lookup, args) not in known:
            known[lookup, args] = lookup(*args)
        return known[lookup, args]

    return remembered


def invalidate(*keys: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete these keys once the current transaction commits (at once outside a transaction)."""
    if keys:
        transaction.on_commit(lambda: delete_now(keys), using=using)


# --- Signal receivers ------------------------------------------------------------------------
def _changed_columns(old: Model, new: Model, update_fields) -> set[str]:
    columns = [field.attname for field in new._meta.concrete_fields]
    if update_fields is not None:
        columns = _attnames(type(new), update_fields)
    return {name for name in columns if getattr(old, name) != getattr(new, name)}


def _remember_before_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    readers = _watchers.get(sender, ())
    if update_fields is not None and not any(
        _watches(read, sender, _attnames(sender, update_fields)) for read in readers
    ):
        # Only fields no cached read watches (a login's last_login): nothing to compare, nothing to delete.
        setattr(instance, BEFORE_SAVE_ATTR, (set(), set()))
        return
    old = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if old is None:
        return  # the row is gone: saved as a new one
    changed = _changed_columns(old, instance, update_fields)
    setattr(instance, BEFORE_SAVE_ATTR, (changed, keys_for(old, changed)))


def _on_save(sender, instance, created=False, using=DEFAULT_DB_ALIAS, **kwargs):
    changed, stale = instance.__dict__.pop(BEFORE_SAVE_ATTR, (None, set()))
    if created:
        changed = None
    invalidate(*(keys_for(instance, changed) | stale), using=using)


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    invalidate(*keys_for(instance), using=using)


def _m2m_keys(model: type[Model], through: type[Model], instance: Model) -> set[str]:
    """The keys of the reads that watch the many-to-many field of ``model`` stored in ``through``."""
    return {
        key
        for read in _watchers.get(model, ())
        if any(model._meta.get_field(name).remote_field.through is through for name in read.invalidated_by[model].m2m)
        for key in read.keys_for_row(model, instance)
    }


def _on_m2m_change(sender, instance, action, reverse, model, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
    if not reverse:
        # instance is the watched model's object whose relation changed.
        if action in {"post_add", "post_remove", "post_clear"}:
            invalidate(*_m2m_keys(type(instance), sender, instance), using=using)
        return
    # Changed from the other side: ``model`` is the watched model, pk_set its objects.
    if action in {"post_add", "post_remove"} and pk_set:
        affected = model._base_manager.using(using).filter(pk__in=pk_set)
    elif action == "pre_clear":
        # After the clear nothing says which objects were linked: collect them now.
        affected = [
            obj
            for field in _m2m_fields_towards(model, sender)
            for obj in model._base_manager.using(using).filter(**{field: instance})
        ]
    else:
        return
    invalidate(*{key for obj in affected for key in _m2m_keys(model, sender, obj)}, using=using)


def _m2m_fields_towards(model: type[Model], through: type[Model]) -> set[str]:
    return {
        name
        for read in _watchers.get(model, ())
        for name in read.invalidated_by[model].m2m
        if model._meta.get_field(name).remote_field.through is through
    }


# --- Deleting, and remembering what could not be deleted -------------------------------------
_pending: set[str] = set()
_pending_overflow = False
_pending_lock = threading.Lock()


def delete_now(keys: Iterable[str]) -> bool:
    """Delete the keys (and any left from an outage); remember them if Redis is down."""
    global _pending_overflow
    with _pending_lock:
        batch = set(keys) | _pending
        overflow = _pending_overflow
        _pending.clear()
        _pending_overflow = False
    if overflow and _drop_key_space():
        prefetch.forget_all()
        return True
    if not batch or _delete(batch):
        return True
    with _pending_lock:
        _pending.update(batch)
        if len(_pending) > MAX_PENDING:
            _pending.clear()
            _pending_overflow = True
    return False


def pending() -> set[str]:
    """The deletes still waiting for Redis in this process."""
    return set(_pending)


def _delete(keys: set[str]) -> bool:
    prefetch.forget(name for key in keys for name in cache_keys.companions(key))
    cache = caches[CACHE_ALIAS]
    if not uses_redis(CACHE_ALIAS):
        cache.delete_many([name for key in keys for name in cache_keys.companions(key)])
        return True
    # With each key its stampede lock: a computation running now may have read the old row
    # and must not store it (see readthrough.py). And the HTML rendered from it, with its lock.
    names = [name for key in keys for name in cache_keys.companions(key)]
    try:
        # The django-redis client, not the cache: it raises instead of ignoring the error.
        cache.client.delete_many(names)
    except (ConnectionInterrupted, RedisError):
        return False
    return True


def _drop_key_space() -> bool:
    global _pending_overflow
    try:
        deleted = delete_project_keys(CACHE_ALIAS)
    except RedisError:
        with _pending_lock:
            _pending_overflow = True
        return False
    logger.warning("Trop d'invalidations perdues pendant la panne Redis : %d clés du projet supprimées.", deleted)
    return True


def _replay_after_outage() -> None:
    if _pending or _pending_overflow:
        delete_now(())


client.on_recovery(_replay_after_outage)
