"""A course or chapter page that does not exist leaves no key for the LONG tier in Redis
(see caching/tests/test_misses.py): at most the SHORT tier, or nothing."""

import pytest
from django.core.cache import cache

from accounts.tests.factories import make_student
from caching.tiers import Tier, ttl
from courses.selectors import chapter_content, course_detail
from courses.tests.factories import make_course

pytestmark = pytest.mark.django_db

# What Redis answers to TTL for a key that does not exist.
ABSENT = -2


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/courses/nulle-part/", course_detail.key("nulle-part")),
        ("/courses/algo/nulle-part/", chapter_content.key("algo", "nulle-part")),
    ],
)
def test_a_missing_page_is_cached_briefly_or_not_at_all(client, redis_connection, url, key):
    make_course(slug="algo")
    client.force_login(make_student())

    assert client.get(url).status_code == 404

    left = redis_connection.ttl(cache.make_key(key))
    assert left == ABSENT or 0 < left <= ttl(Tier.SHORT), left
