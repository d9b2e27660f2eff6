"""Walk and remove the project's own keys, and nothing else.

``cache.clear()`` is FLUSHDB on django-redis: it would wipe every other project's keys and
every session stored in that Redis database. These helpers work by the alias's own key
prefix with SCAN (never KEYS, which blocks Redis while it walks the whole keyspace).

They use the raw redis-py client, which IGNORE_EXCEPTIONS does not cover: callers get the
redis error (``redis.exceptions.RedisError``) when Redis is down, and decide what to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.cache import caches

from .credentials import redact

SCAN_COUNT = 500
# What Redis's glob-style MATCH reads as a pattern (stringmatchlen): * ? [ ] and the escape \.
GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


def glob_escape(text: str) -> str:
    """``text`` matched literally in a SCAN pattern: each special character behind a backslash.

    Our own, not django-redis's private ``django_redis.client.default.glob_escape``, which a
    release may change or drop.
    """
    return GLOB_SPECIAL.sub(r"\\\1", text)


def uses_redis(alias: str = "default") -> bool:
    return caches[alias].__class__.__module__.startswith("django_redis")


def redacted_url(url: str) -> str:
    """The URL without its credentials, as the startup line shows it."""
    return redact(url)


def raw_client(alias: str = "default"):
    """The redis-py client of an alias (shares the alias's pool and circuit breaker)."""
    return caches[alias].client.get_client(write=True)


def prefix_pattern(prefix: str) -> str:
    """A SCAN pattern matching every key under ``prefix`` (glob characters in it taken literally).

    The ":" after the prefix keeps ``…/prod`` from matching the keys of ``…/prod2``.
    """
    return f"{glob_escape(prefix)}:*"


def scan(alias: str = "default", pattern: str | None = None) -> Iterator[bytes]:
    """The raw keys under this alias's prefix (or matching ``pattern``), by SCAN."""
    match = pattern or prefix_pattern(caches[alias].key_prefix)
    yield from raw_client(alias).scan_iter(match=match, count=SCAN_COUNT)


def delete_keys(client, keys: Iterator[bytes]) -> int:
    deleted = 0
    batch = []
    for key in keys:
        batch.append(key)
        if len(batch) == SCAN_COUNT:
            deleted += client.delete(*batch)
            batch.clear()
    if batch:
        deleted += client.delete(*batch)
    return deleted


def delete_project_keys(alias: str = "default", pattern: str | None = None) -> int:
    """Delete every key under this alias's prefix (or matching ``pattern``); return how many."""
    if not uses_redis(alias):
        # A per-process memory cache holds only this project's keys.
        caches[alias].clear()
        return 0
    return delete_keys(raw_client(alias), scan(alias, pattern))


def bare_key(alias: str, raw: bytes) -> str:
    """The key as the code names it (``<prefix>:<version>:`` removed), as ``cache.keys()`` gives it."""
    return caches[alias].client.reverse_key(raw.decode(errors="replace"))


def scan_bare(alias: str = "default", pattern: str = "*") -> Iterator[tuple[bytes, str]]:
    """(raw key, bare key) for the project's keys whose bare name matches the glob ``pattern``."""
    match = f"{glob_escape(caches[alias].key_prefix)}:*:{pattern}"
    for raw in scan(alias, match):
        yield raw, bare_key(alias, raw)
