"""Which keys each model feeds, and deleting exactly those keys when it is written.

Each app declares its own, next to its models, in ``<app>/invalidation.py`` imported from its
``AppConfig.ready()``::

    register(Course, lambda course: [keys.courses_published(), keys.course(course.slug)])
    register(Attempt, lambda attempt: keys.user_keys(attempt.user_id) + [keys.leaderboard_global()])
    register(Chapter, chapter_keys, m2m_fields=["prerequisites"])

The callable gets the instance and returns key names (from caching.keys). Prefer ``*_id``
attributes to related objects: it runs on every save and should not query. Service functions
that write in bulk (``QuerySet.update()``, ``bulk_create()`` send no signal) call
:func:`invalidate` with the keys themselves.

Keys are deleted AFTER the transaction commits (``transaction.on_commit``): deleted earlier, a
concurrent request could read the old row before the commit and cache it again. A rolled back
transaction deletes nothing. In tests wrapped in a transaction (pytest's ``db`` fixture), run
the callbacks with ``django_capture_on_commit_callbacks(execute=True)``.

An update also deletes the keys of the row as it was before (a renamed slug leaves no stale
``course_<old slug>``), at the cost of one SELECT by primary key per update.

A delete that fails because Redis is down is remembered by the process and replayed when
Redis answers again, so a Redis that was only unreachable does not serve rows edited during
the outage.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
STALE_KEYS_ATTR = "_caching_stale_keys"


@dataclass(frozen=True)
class Registration:
    model: type[Model]
    keys: Callable[[Model], Iterable[str]]
    m2m_fields: tuple[str, ...] = ()


_registry: dict[type[Model], list[Registration]] = {}


def register(model: type[Model], keys: Callable[[Model], Iterable[str]], *, m2m_fields: Iterable[str] = ()) -> None:
    """Declare the keys ``model`` feeds; saves, deletes and m2m changes then delete them."""
    registration = Registration(model, keys, tuple(m2m_fields))
    registrations = _registry.setdefault(model, [])
    if registration in registrations:
        return
    registrations.append(registration)
    label = model._meta.label_lower
    pre_save.connect(_remember_old_keys, sender=model, dispatch_uid=f"caching-pre-save-{label}")
    post_save.connect(_on_save, sender=model, dispatch_uid=f"caching-post-save-{label}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"caching-post-delete-{label}")
    for name in registration.m2m_fields:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"caching-m2m-{label}-{name}")


def registered() -> list[Registration]:
    """Every registration, for tests that walk the registry."""
    return [registration for registrations in _registry.values() for registration in registrations]


def keys_for(instance: Model) -> set[str]:
    """The keys every registration of the instance's model declares for it."""
    return {key for registration in _registry.get(type(instance), ()) for key in registration.keys(instance)}


def invalidate(*keys: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete these keys once the current transaction commits (at once outside a transaction)."""
    if keys:
        transaction.on_commit(lambda: delete_now(keys), using=using)


# --- Signal receivers ------------------------------------------------------------------------
def _remember_old_keys(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    if raw or instance._state.adding or instance.pk is None or sender not in _registry:
        return
    old = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if old is not None:
        setattr(instance, STALE_KEYS_ATTR, keys_for(old))


def _on_save(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    stale = instance.__dict__.pop(STALE_KEYS_ATTR, set())
    invalidate(*(keys_for(instance) | stale), using=using)


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    invalidate(*keys_for(instance), using=using)


def _on_m2m_change(sender, instance, action, reverse, model, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
    if not reverse:
        # instance is the registered model's object whose relation changed.
        if action in {"post_add", "post_remove", "post_clear"}:
            invalidate(*keys_for(instance), using=using)
        return
    # Changed from the other side: ``model`` is the registered model, pk_set its objects.
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
    invalidate(*{key for obj in affected for key in keys_for(obj)}, using=using)


def _m2m_fields_towards(model: type[Model], through: type[Model]) -> list[str]:
    return [
        name
        for registration in _registry.get(model, ())
        for name in registration.m2m_fields
        if model._meta.get_field(name).remote_field.through is through
    ]


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
