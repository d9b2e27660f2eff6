"""Remove the project's own keys, and nothing else.

``cache.clear()`` is FLUSHDB on django-redis: it would wipe every other project's keys and
every session stored in that Redis database. These helpers delete by the alias's own key
prefix with SCAN (never KEYS, which blocks Redis while it walks the whole keyspace).
"""

from django.core.cache import caches


def uses_redis(alias: str = "default") -> bool:
    return caches[alias].__class__.__module__.startswith("django_redis")


def delete_project_keys(alias: str = "default") -> int:
    """Delete every key under this alias's prefix; return how many were deleted."""
    cache = caches[alias]
    if not uses_redis(alias):
        # A per-process memory cache holds only this project's keys.
        cache.clear()
        return 0
    client = cache.client.get_client(write=True)
    pattern = f"{cache.key_prefix}:*"
    deleted = 0
    batch = []
    for key in client.scan_iter(match=pattern, count=500):
        batch.append(key)
        if len(batch) == 500:
            deleted += client.delete(*batch)
            batch.clear()
    if batch:
        deleted += client.delete(*batch)
    return deleted
