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


# --- Across a Redis stall (a private redis-server, frozen then resumed) ------------------------
CREDENTIALS = {"username": "grace", "password": "motdepasse-solide-42"}


@pytest.fixture
def stalled_redis(settings, redis_server, django_user_model):
    """The cached_db store (the default answer) on a private Redis; ``stall(client)`` freezes
    Redis until a request opens the circuit breaker, then resumes it.

    Whatever engine this project was generated with: the store ships with every project.
    """
    from conftest import caches_for

    caches = caches_for(redis_server.url, socket_timeout=1, cooldown=4)
    caches["sessions"]["OPTIONS"]["IGNORE_EXCEPTIONS"] = True  # as cache_layout sets it for cached_db
    settings.CACHES = caches
    settings.SESSION_ENGINE = "caching.cached_db"
    django_user_model.objects.create_user(**CREDENTIALS)

    def stall(client):
        redis_server.pause()
        try:
            client.get(reverse("login"))  # reads the session: one timeout, the breaker opens
        finally:
            redis_server.resume()

    return redis_server, stall


def raw_session_keys(server, session_key: str) -> list[bytes]:
    import redis

    raw = redis.Redis(port=server.port)
    try:
        return list(raw.scan_iter(match=f"*{session_key}"))
    finally:
        raw.close()


def authenticates(session_key: str) -> bool:
    from django.test import Client

    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return other.get(reverse("login")).wsgi_request.user.is_authenticated


@pytest.mark.django_db(transaction=True)
def test_a_logout_just_after_redis_comes_back_logs_out(client, stalled_redis):
    import time

    server, stall = stalled_redis
    assert client.post(reverse("login"), CREDENTIALS).status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert raw_session_keys(server, session_key)

    stall(client)
    time.sleep(0.2)  # Redis answers again, well within the breaker's cooldown
    client.post(reverse("logout"))

    assert raw_session_keys(server, session_key) == []
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not authenticates(session_key)


@pytest.mark.django_db(transaction=True)
def test_a_copy_left_in_redis_by_an_outage_is_not_served_once_its_row_is_gone(client, stalled_redis):
    import time

    server, stall = stalled_redis
    assert client.post(reverse("login"), CREDENTIALS).status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    stall(client)
    # Another worker logged this session out during the stall: its row is gone, its delete
    # in Redis was lost with that worker.
    Session.objects.filter(session_key=session_key).delete()
    time.sleep(0.5)  # Redis is back and this process has noticed
    assert raw_session_keys(server, session_key)  # the copy is still there

    assert not authenticates(session_key)
    assert raw_session_keys(server, session_key) == []


@pytest.mark.django_db(transaction=True)
def test_a_logout_on_a_read_only_redis_logs_out_and_is_replayed_once_it_takes_writes(client, stalled_redis):
    import redis

    from conftest import free_port

    server, _ = stalled_redis
    assert client.post(reverse("login"), CREDENTIALS).status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    raw = redis.Redis(port=server.port)
    raw.replicaof("127.0.0.1", free_port())  # a replica after a failover: reads yes, writes no
    try:
        client.post(reverse("logout"))
        assert raw_session_keys(server, session_key)  # Redis refused the delete

        assert not authenticates(session_key)

        raw.replicaof("NO", "ONE")  # writable again: the next session delete replays the lost one
        client.post(reverse("login"), CREDENTIALS)
        client.post(reverse("logout"))
        assert raw_session_keys(server, session_key) == []
    finally:
        raw.close()
