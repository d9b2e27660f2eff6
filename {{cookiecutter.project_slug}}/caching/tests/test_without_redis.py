"""The no-Redis fallback (LocMem, per process): the same API works, nothing waits for Redis."""

import pytest
from django.core.cache import cache

from caching import keys
from caching.health import cache_state
from caching.invalidation import delete_now
from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "repli"}}


def test_read_through_and_invalidation_work_on_the_memory_cache():
    calls = []

    def compute():
        calls.append(1)
        return ["cours"]

    assert get_or_compute(names.LIST, Tier.LONG, compute) == ["cours"]
    assert get_or_compute(names.LIST, Tier.LONG, compute) == ["cours"]
    assert len(calls) == 1
    assert cache.get(keys.lock(names.LIST), "libre") == "libre"

    assert delete_now([names.LIST]) is True
    assert cache.get(names.LIST, "absent") == "absent"


def test_health_says_fallback():
    assert cache_state() == "fallback"
