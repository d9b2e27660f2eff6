"""A page that does not exist is not cached for its selector's tier: a miss is kept briefly.

1 500 random course URLs must not leave 1 500 keys for an hour in Redis, evicting useful
ones under ``allkeys-lru``.
"""

import pytest
from django.core.cache import cache

from accounts.tests.factories import make_student
from caching import keys
from caching.readthrough import get_or_compute
from caching.tiers import Tier, ttl
from courses.selectors import chapter_content_key
from courses.tests.factories import make_course

pytestmark = pytest.mark.django_db

# What redis-py's TTL answers for a key that does not exist.
ABSENT = -2


def remaining(redis_connection, key: str) -> int:
    return redis_connection.ttl(cache.make_key(key))


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/courses/nulle-part/", keys.course("nulle-part")),
        ("/courses/algo/nulle-part/", chapter_content_key("algo", "nulle-part")),
    ],
)
def test_a_missing_page_is_cached_briefly_or_not_at_all(client, redis_connection, url, key):
    make_course(slug="algo")
    client.force_login(make_student())

    assert client.get(url).status_code == 404

    left = remaining(redis_connection, key)
    assert left == ABSENT or 0 < left <= ttl(Tier.SHORT), left


def test_a_none_result_of_a_long_selector_expires_within_the_short_tier(redis_connection):
    assert get_or_compute(keys.course("fantome"), Tier.LONG, lambda: None) is None

    assert 0 < remaining(redis_connection, keys.course("fantome")) <= ttl(Tier.SHORT)
    # A found value keeps its own tier.
    get_or_compute(keys.course("algo"), Tier.LONG, lambda: {"title": "Algo"})
    assert remaining(redis_connection, keys.course("algo")) > ttl(Tier.SHORT)
