"""A None result ("not found") is not cached for its selector's tier: briefly, at most the SHORT tier.

1 500 random course URLs must not leave 1 500 keys for an hour in Redis, evicting useful
ones under ``allkeys-lru``. The NSI pages are checked in courses/tests/test_missing_pages.py.
"""

import pytest
from django.core.cache import cache

from caching.readthrough import get_or_compute, store
from caching.tests import names
from caching.tiers import Tier, ttl

pytestmark = pytest.mark.usefixtures("redis_connection")


def remaining(redis_connection, key: str) -> int:
    return redis_connection.ttl(cache.make_key(key))


def test_a_none_result_of_a_long_selector_expires_within_the_short_tier(redis_connection):
    assert get_or_compute(names.item("fantome"), Tier.LONG, lambda: None) is None

    assert 0 < remaining(redis_connection, names.item("fantome")) <= ttl(Tier.SHORT)
    # A found value, even an empty one, keeps its own tier.
    get_or_compute(names.item("algo"), Tier.LONG, lambda: {"title": "Algo"})
    get_or_compute(names.LIST, Tier.LONG, lambda: [])
    assert remaining(redis_connection, names.item("algo")) > ttl(Tier.SHORT)
    assert remaining(redis_connection, names.LIST) > ttl(Tier.SHORT)


def test_a_refresh_that_finds_nothing_is_kept_briefly_too(redis_connection):
    store(names.item("disparu"), Tier.LONG, None)  # what cache_warm and .refresh() call

    assert 0 < remaining(redis_connection, names.item("disparu")) <= ttl(Tier.SHORT)
