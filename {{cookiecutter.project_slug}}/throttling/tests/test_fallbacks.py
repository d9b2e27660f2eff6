"""Without Redis, and during a Redis outage, failed logins are still counted (per process)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from conftest import caches_for
from throttling import counters
from throttling.client_address import client_address

PASSWORD = "motdepasse-solide-42"


@pytest.fixture(autouse=True)
def _empty_process_counters():
    counters.PROCESS_COUNTERS.clear()
    yield
    counters.PROCESS_COUNTERS.clear()


def refused_after_failures(client, settings, failures: int = 3) -> bool:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login_account": f"{failures}/15m"}
    get_user_model().objects.create_user(username="ada", password=PASSWORD)
    for _ in range(failures):
        assert client.post("/accounts/login/", {"username": "ada", "password": "mauvais"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    return response.status_code == 429


def test_without_redis_the_counters_live_in_the_process(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "repli"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert refused_after_failures(client, settings)
    assert len(counters.PROCESS_COUNTERS._cache) > 0


def test_during_a_redis_outage_the_process_keeps_counting(client, db, settings, redis_server):
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis"):
        pytest.fail("Ce test exige la configuration Redis (REDIS_URL défini).")
    settings.CACHES = caches_for(redis_server.url, socket_timeout=1, cooldown=30)
    redis_server.stop()
    assert refused_after_failures(client, settings)


@pytest.mark.parametrize(
    ("header", "meta", "expected"),
    [
        ("", {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "10.0.0.9"),
        ("X-Forwarded-For", {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}, "203.0.113.7"),
        ("X-Forwarded-For", {}, "10.0.0.9"),
        ("X-Real-IP", {"HTTP_X_REAL_IP": "203.0.113.7"}, "203.0.113.7"),
        ("X-Forwarded-For", {"HTTP_X_FORWARDED_FOR": "2001:db8:1:2:aaaa::1"}, "2001:db8:1:2::/64"),
        ("X-Forwarded-For", {"HTTP_X_FORWARDED_FOR": "::ffff:203.0.113.7"}, "203.0.113.7"),
    ],
)
def test_the_client_address_trusts_only_what_the_proxy_adds(settings, header, meta, expected):
    settings.THROTTLE_CLIENT_IP_HEADER = header
    settings.THROTTLE_TRUSTED_PROXIES = 1
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.9", **meta)
    assert client_address(request) == expected


def test_two_trusted_proxies_take_the_second_entry_from_the_right(settings):
    settings.THROTTLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.THROTTLE_TRUSTED_PROXIES = 2
    forwarded = "192.0.2.66, 203.0.113.7, 10.1.1.1"
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == "203.0.113.7"
