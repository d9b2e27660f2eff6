"""Sessions land where the chosen engine says: Redis, the database, or both."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse

ENGINE = settings.SESSION_ENGINE.rsplit(".", 1)[-1]
IN_REDIS = ENGINE in {"cache", "cached_db"}
IN_DATABASE = ENGINE in {"db", "cached_db"}


def session_keys_in_redis(redis_connection, session_key: str) -> list[bytes]:
    prefix = settings.CACHES["sessions"]["KEY_PREFIX"]
    return list(redis_connection.scan_iter(match=f"{prefix}:*{session_key}"))


@pytest.fixture
def logged_in_client(client, db):
    user = get_user_model().objects.create_user(username="ada", password="motdepasse-solide-42")
    client.force_login(user)
    return client


def test_the_engine_is_the_answer_given_at_generation():
    assert settings.SESSION_ENGINE.endswith("{{ cookiecutter.session_engine }}")
    assert settings.SESSION_CACHE_ALIAS == "sessions"


def test_a_login_stores_the_session_where_the_engine_says(logged_in_client, redis_connection):
    session_key = logged_in_client.cookies[settings.SESSION_COOKIE_NAME].value

    assert bool(session_keys_in_redis(redis_connection, session_key)) is IN_REDIS
    assert Session.objects.filter(session_key=session_key).exists() is IN_DATABASE


def test_a_logout_removes_the_session_everywhere(logged_in_client, redis_connection):
    session_key = logged_in_client.cookies[settings.SESSION_COOKIE_NAME].value

    logged_in_client.post(reverse("logout"))

    assert session_keys_in_redis(redis_connection, session_key) == []
    assert not Session.objects.filter(session_key=session_key).exists()
