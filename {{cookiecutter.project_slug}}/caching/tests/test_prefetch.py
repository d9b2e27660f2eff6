"""One get_many for a page's keys (caching/prefetch.py), against the real Redis."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from caching import invalidation, keys
from caching.prefetch import prefetch, prefetched
from caching.readthrough import get_or_compute
from caching.tiers import Tier

pytestmark = pytest.mark.usefixtures("redis_connection")


def never():
    raise AssertionError("computed, although the value was in the cache")


def test_inside_the_block_reads_come_from_the_snapshot():
    cache.set(keys.all_badges(), ["premier"])
    cache.set(keys.user_stats(7), {"xp": 10})

    with prefetched([keys.all_badges(), keys.user_stats(7), keys.leaderboard_global()]):
        cache.delete(keys.all_badges())  # gone from Redis: only the snapshot can still answer
        assert get_or_compute(keys.all_badges(), Tier.LONG, never) == ["premier"]
        assert get_or_compute(keys.user_stats(7), Tier.MEDIUM, never) == {"xp": 10}
        # Not in the cache when prefetched: read, computed and stored as usual.
        assert get_or_compute(keys.leaderboard_global(), Tier.MEDIUM, lambda: ["Ada"]) == ["Ada"]

    assert cache.get(keys.leaderboard_global()) == ["Ada"]
    # Outside the block, the snapshot is gone: the deleted key is computed again.
    assert get_or_compute(keys.all_badges(), Tier.LONG, lambda: ["nouveau"]) == ["nouveau"]


def test_an_invalidation_in_the_same_request_drops_the_snapshot():
    cache.set(keys.user_stats(7), {"xp": 10})

    with prefetched([keys.user_stats(7)]):
        invalidation.delete_now([keys.user_stats(7)])
        assert get_or_compute(keys.user_stats(7), Tier.MEDIUM, lambda: {"xp": 60}) == {"xp": 60}


def test_dropping_the_whole_key_space_empties_the_snapshot():
    from caching import prefetch

    cache.set(keys.user_stats(7), {"xp": 10})
    with prefetched([keys.user_stats(7)]):
        prefetch.forget_all()
        assert get_or_compute(keys.user_stats(7), Tier.MEDIUM, never) == {"xp": 10}  # read from Redis again
        cache.delete(keys.user_stats(7))
        assert get_or_compute(keys.user_stats(7), Tier.MEDIUM, lambda: "recalculé") == "recalculé"


def test_the_view_decorator_prefetches_for_a_signed_in_session_only():
    cache.set(keys.user_stats("7"), {"xp": 10})
    seen = []

    @prefetch(lambda request, user_id, slug: [keys.user_stats(user_id), keys.course(slug)])
    def view(request, slug):
        cache.delete(keys.user_stats("7"))
        seen.append(get_or_compute(keys.user_stats("7"), Tier.MEDIUM, lambda: "recalculé"))
        return HttpResponse()

    signed_in = RequestFactory().get("/")
    signed_in.session = {SESSION_KEY: "7"}
    anonymous = RequestFactory().get("/")
    anonymous.session = {}
    view(signed_in, slug="listes")
    cache.set(keys.user_stats("7"), {"xp": 10})
    view(anonymous, slug="listes")

    assert seen == [{"xp": 10}, "recalculé"]
