"""The NSI pages with a Redis that refuses writes (full, or a read-only replica): a cold page
is computed from the database at once, never after waiting on a stampede lock nobody could
take (see caching/tests/test_refused_writes.py)."""

import time

import pytest

from accounts.tests.factories import make_student
from conftest import caches_for
from courses.tests.factories import make_chapter, make_course
from gamification.models import Badge

COLD_PAGE_BOUND = 1.0
PAGES = ["/courses/", "/courses/algo/", "/courses/algo/chapitre-1/", "/badges/", "/leaderboard/"]


@pytest.mark.django_db(transaction=True)
def test_cold_pages_stay_fast_and_health_says_degraded(client, settings, refusing_redis):
    server, refuse_writes = refusing_redis
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    make_chapter(make_course(slug="algo", chapters=0), slug="chapitre-1", exercises=2)
    Badge.objects.create(code="premier-pas", name="Premier pas", description="…", rule="xp", threshold=10)
    client.force_login(make_student())

    refuse_writes()

    for url in PAGES:
        start = time.monotonic()
        response = client.get(url)
        elapsed = time.monotonic() - start
        assert response.status_code == 200, url
        assert elapsed < COLD_PAGE_BOUND, f"{url} : {elapsed:.2f} s"
    assert client.get("/health/").json() == {"database": "ok", "cache": "degraded"}
