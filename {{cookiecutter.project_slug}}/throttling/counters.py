"""Attempt counters, shared by every process through Redis; per process without it.

A counter is two keys that expire together at the end of its window: the count, created at
0 by ``add`` then raised by ``incr`` (both atomic in Redis: two processes counting at once
both count), and the window's end, written by ``add`` at the first attempt, so that a refused
visitor can be told how long to wait with any cache backend. Keys name a SHA-256 of the
account or address, never the value itself.

With Redis (the ``default`` cache alias), the counters go through its django-redis client
directly, which raises on a failure where the cache alias would swallow it (IGNORE_EXCEPTIONS):
during a Redis outage the counting carries on in this process's memory instead of silently
stopping, and the circuit breaker (caching/client.py) keeps that switch instant.

Without Redis, the counters live in this process's memory (its own LocMem, large enough that
a flood of keys cannot push the counters out). Each process then counts alone: with
WEB_CONCURRENCY=2 an attacker gets at most twice the limit, which still stops an online
guessing attack; sessions, which must not be per process, are in the database in that mode.
The database is not used for counters: every failed login would become a write.

Keys live under the ``default`` prefix, whose release part changes with each deploy: a deploy
starts the counters afresh, which costs an attacker's window at most once per deploy.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Iterable

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.maintenance import uses_redis

from .rules import Rule

logger = logging.getLogger(__name__)

PROCESS_COUNTERS = LocMemCache("throttling", {"OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10}})
STORE_ERRORS = (ConnectionInterrupted, RedisError)


def counter_keys(rule: Rule, subject: str) -> tuple[str, str]:
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    base = f"throttle:{rule.name}:{digest}"
    return base, f"{base}:end"


def _stores():
    """The shared store first (Redis, errors raised), then this process's memory."""
    if uses_redis("default"):
        yield caches["default"].client
    yield PROCESS_COUNTERS


def _run(operation):
    for store in _stores():
        try:
            return operation(store)
        except STORE_ERRORS:
            if store is PROCESS_COUNTERS:
                raise
            # The breaker logs the outage once; counting goes on in this process meanwhile.
            continue
    raise AssertionError("unreachable")


def hit(rule: Rule, subject: str) -> int:
    """Count one attempt; return the count in the current window."""
    count_key, end_key = counter_keys(rule, subject)

    def count(store) -> int:
        store.add(end_key, time.time() + rule.window, rule.window)
        store.add(count_key, 0, rule.window)
        try:
            return store.incr(count_key)
        except ValueError:  # the window ended between add and incr: this attempt opens the next
            store.add(end_key, time.time() + rule.window, rule.window)
            store.add(count_key, 1, rule.window)
            return 1

    value = _run(count)
    if value == rule.limit:
        logger.warning("Trop de tentatives (%s) : formulaire refusé pendant %s s.", rule.name, rule.window)
    return value


def retry_after(counters: Iterable[tuple[Rule, str]]) -> int | None:
    """Seconds until every exhausted counter's window ends; None when none is exhausted."""
    counters = [(rule, *counter_keys(rule, subject)) for rule, subject in counters]
    keys = [key for _, count_key, end_key in counters for key in (count_key, end_key)]
    values = _run(lambda store: store.get_many(keys))
    now = time.time()
    waits = [
        values.get(end_key, now + rule.window) - now
        for rule, count_key, end_key in counters
        if int(values.get(count_key) or 0) >= rule.limit
    ]
    return max(1, math.ceil(max(waits))) if waits else None


def reset(counters: Iterable[tuple[Rule, str]]) -> None:
    keys = [key for rule, subject in counters for key in counter_keys(rule, subject)]
    _run(lambda store: store.delete_many(keys))
