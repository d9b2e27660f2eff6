"""One get_many for a page's keys (caching/prefetch.py, caching/pages.py), against the real Redis."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from caching import invalidation
from caching.cached import cached
from caching.pages import PrefetchMiddleware, cached_page
from caching.prefetch import prefetched
from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier

pytestmark = pytest.mark.usefixtures("redis_connection")


def never():
    raise AssertionError("computed, although the value was in the cache")


def test_inside_the_block_reads_come_from_the_snapshot():
    cache.set(names.OTHER, ["premier"])
    cache.set(names.stats(7), {"xp": 10})

    with prefetched([names.OTHER, names.stats(7), names.COUNT]):
        cache.delete(names.OTHER)  # gone from Redis: only the snapshot can still answer
        assert get_or_compute(names.OTHER, Tier.LONG, never) == ["premier"]
        assert get_or_compute(names.stats(7), Tier.MEDIUM, never) == {"xp": 10}
        # Not in the cache when prefetched: read, computed and stored as usual.
        assert get_or_compute(names.COUNT, Tier.MEDIUM, lambda: ["Ada"]) == ["Ada"]

    assert cache.get(names.COUNT) == ["Ada"]
    # Outside the block, the snapshot is gone: the deleted key is computed again.
    assert get_or_compute(names.OTHER, Tier.LONG, lambda: ["nouveau"]) == ["nouveau"]


def test_an_invalidation_in_the_same_request_drops_the_snapshot():
    cache.set(names.stats(7), {"xp": 10})

    with prefetched([names.stats(7)]):
        invalidation.delete_now([names.stats(7)])
        assert get_or_compute(names.stats(7), Tier.MEDIUM, lambda: {"xp": 60}) == {"xp": 60}


def test_dropping_the_whole_key_space_empties_the_snapshot():
    from caching import prefetch

    cache.set(names.stats(7), {"xp": 10})
    with prefetched([names.stats(7)]):
        prefetch.forget_all()
        assert get_or_compute(names.stats(7), Tier.MEDIUM, never) == {"xp": 10}  # read from Redis again
        cache.delete(names.stats(7))
        assert get_or_compute(names.stats(7), Tier.MEDIUM, lambda: "recalculé") == "recalculé"


@cached(Tier.MEDIUM, "prefetch_stats_{user_id}")
def stats(user_id):
    return "recalculé"


@cached(Tier.LONG, "prefetch_item_{slug}")
def item(slug):
    return "recalculé"


def serve(view, session, slug="listes"):
    """The request through PrefetchMiddleware, as the project's MIDDLEWARE runs it."""
    request = RequestFactory().get("/")
    request.session, request.user = session, SimpleNamespace(is_authenticated=True)
    middleware = PrefetchMiddleware(
        lambda request: middleware.process_view(request, view, (), {"slug": slug}) or view(request, slug=slug)
    )
    return middleware(request)


@pytest.mark.parametrize("order", ["cached_page outside", "cached_page inside"])
def test_a_cached_page_is_prefetched_for_a_signed_in_session_whatever_the_decorator_order(order):
    seen = []

    def view(request, slug):
        # Gone from Redis: only the snapshot can still answer.
        cache.delete_many([stats.key("7"), item.key(slug)])
        seen.append((stats("7"), item(slug)))
        return HttpResponse()

    declare = cached_page(reads=[stats, item])
    page = declare(login_required(view)) if order == "cached_page outside" else login_required(declare(view))
    cache.set_many({stats.key("7"): {"xp": 10}, item.key("listes"): "Listes"})
    serve(page, {SESSION_KEY: "7"})
    cache.set_many({stats.key("7"): {"xp": 10}, item.key("listes"): "Listes"})
    serve(page, {})

    assert seen == [({"xp": 10}, "Listes"), ("recalculé", "recalculé")]


def test_the_prefetch_speed_up_can_be_switched_off(settings):
    settings.CACHING_SPEEDUPS = {"prefetch": False}
    seen = []

    @cached_page(reads=[stats])
    def view(request, slug):
        cache.delete(stats.key("7"))
        seen.append(stats("7"))
        return HttpResponse()

    cache.set(stats.key("7"), {"xp": 10})
    serve(view, {SESSION_KEY: "7"})

    assert seen == ["recalculé"]
