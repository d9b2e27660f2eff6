"""Redis stopped, frozen or saturated: pages and writes keep working, each request pays at most
one bounded timeout, and the outage is logged once.

Every test runs against its own redis-server (see conftest.RedisServer) with 1 s socket
timeouts: stop() refuses connections, pause() (SIGSTOP) makes them hang like a Redis that
answers slowly or a network that drops packets. The time bounds are generous (a loaded 2-core
CI machine) but each sits well below what the same requests cost without the breaker.
"""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django_redis import get_redis_connection

from caching.invalidation import pending
from conftest import caches_for, free_port

from .urls import PAGE_KEYS

PROJECT_DIR = Path(__file__).resolve().parents[2]
COOLDOWN = 4
# One 1 s timeout plus room for a loaded machine; without the breaker the page below pays
# 1 s per cache call (6 s or more).
ONE_TIMEOUT_BOUND = 3.5
# A request that skips Redis entirely.
FAST_BOUND = 1.0


@pytest.fixture
def own_redis(settings, redis_server):
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis"):
        pytest.fail("Ces tests exigent la configuration Redis (REDIS_URL défini).")
    settings.CACHES = caches_for(redis_server.url, socket_timeout=1, cooldown=COOLDOWN)
    return redis_server


@pytest.fixture
def pages(settings):
    settings.ROOT_URLCONF = "caching.tests.urls"


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


def outage_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "caching.client" and r.levelno >= logging.WARNING]


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_mid_test_pages_render_from_the_database_and_writes_succeed(client, own_redis, pages, caplog):
    Group.objects.create(name="Première")
    assert client.get("/lecture/").content.decode() == "1 groupes : Première (premier : Première)"
    assert cache.get(PAGE_KEYS[0]) == ["Première"]

    own_redis.stop()
    response, elapsed = timed(client.post, "/ecriture/", {"name": "Terminale"})
    assert response.status_code == 201 and elapsed < FAST_BOUND
    for _ in range(5):
        response, elapsed = timed(client.get, "/lecture/")
        assert response.status_code == 200
        assert response.content.decode() == "2 groupes : Première, Terminale (premier : Première)"
        assert elapsed < FAST_BOUND, f"{elapsed:.2f} s"
    health, elapsed = timed(client.get, "/health/")
    assert (health.status_code, health.json()) == (200, {"database": "ok", "cache": "degraded"})
    assert elapsed < FAST_BOUND
    assert len([m for m in outage_logs(caplog) if "injoignable" in m]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_frozen_redis_costs_one_timeout_then_is_skipped_then_used_again(client, own_redis, pages, caplog):
    Group.objects.create(name="SNT")
    client.get("/lecture/")
    own_redis.pause()

    first, first_time = timed(client.get, "/lecture/")
    later = [timed(client.get, "/lecture/") for _ in range(5)]
    health, health_time = timed(client.get, "/health/")

    assert first.status_code == 200 and first.content.decode().startswith("1 groupes : SNT")
    assert 0.9 <= first_time < ONE_TIMEOUT_BOUND, f"{first_time:.2f} s"
    assert [response.status_code for response, _ in later] == [200] * 5
    assert max(elapsed for _, elapsed in later) < FAST_BOUND
    assert health.json() == {"database": "ok", "cache": "degraded"} and health_time < FAST_BOUND
    assert len(outage_logs(caplog)) == 1

    own_redis.resume()
    time.sleep(COOLDOWN + 0.2)
    assert client.get("/health/").json() == {"database": "ok", "cache": "ok"}
    logs = outage_logs(caplog)
    assert len(logs) == 2 and "de nouveau joignable" in logs[1]
    client.get("/lecture/")
    assert cache.get(PAGE_KEYS[1]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_during_the_outage_is_not_hidden_by_stale_cache_afterwards(client, own_redis, pages):
    Group.objects.create(name="Algo")
    client.get("/lecture/")
    own_redis.pause()  # frozen, not wiped: the old page is still in Redis

    assert client.post("/ecriture/", {"name": "Bases de données"}).status_code == 201
    assert set(PAGE_KEYS) <= pending()

    own_redis.resume()
    time.sleep(COOLDOWN + 0.2)
    assert client.get("/lecture/").content.decode() == "2 groupes : Algo, Bases de données (premier : Algo)"
    assert pending() == set()


@pytest.mark.django_db(transaction=True)
def test_the_project_pages_render_with_redis_stopped(client, own_redis):
    own_redis.stop()
    for url in ["/", reverse("login"), "/health/"]:
        response, elapsed = timed(client.get, url)
        assert response.status_code == 200, url
        assert elapsed < ONE_TIMEOUT_BOUND, f"{url}: {elapsed:.2f} s"


@pytest.mark.django_db(transaction=True)
def test_logging_in_with_redis_down_works_or_fails_fast_depending_on_the_session_engine(client, own_redis, settings):
    get_user_model().objects.create_user(username="ada", password="motdepasse-solide-42")
    own_redis.stop()
    credentials = {"username": "ada", "password": "motdepasse-solide-42"}

    start = time.monotonic()
    if settings.SESSION_ENGINE.endswith(".cache"):
        # Sessions live only in Redis: no login is possible, but it fails at once (instead of
        # SessionStore.create() retrying add() 10 000 times) with a French 503, not a 500.
        response = client.post(reverse("login"), credentials)
        assert response.status_code == 503
        assert "Service momentanément indisponible" in response.content.decode()
        assert response["Retry-After"] == "10"
    else:
        response = client.post(reverse("login"), credentials)
        assert response.status_code == 302
        assert client.get(reverse("login")).wsgi_request.user.is_authenticated
    assert time.monotonic() - start < ONE_TIMEOUT_BOUND


def test_a_full_pool_is_a_miss_not_an_outage(settings, redis_server, caplog):
    settings.CACHES = caches_for(redis_server.url, socket_timeout=1, cooldown=COOLDOWN, max_connections=2)
    cache.set("sonde", "valeur")
    redis_client = get_redis_connection("default")
    pool = redis_client.connection_pool
    held = [pool.get_connection() for _ in range(2)]
    try:
        # Each waits for a free connection, at most the 1 s pool timeout, then misses.
        results = [timed(cache.get, "sonde", "défaut") for _ in range(2)]
        assert [value for value, _ in results] == ["défaut"] * 2
        assert all(0.9 <= elapsed < ONE_TIMEOUT_BOUND for _, elapsed in results), results
        assert not redis_client.breaker.is_open
    finally:
        for connection in held:
            pool.release(connection)
    assert cache.get("sonde") == "valeur"
    messages = outage_logs(caplog)
    assert len(messages) == 1 and "Pool Redis plein" in messages[0]


def test_health_answers_503_fast_when_the_database_is_down(settings):
    dead = f"127.0.0.1:{free_port()}"
    code = (
        "import json, time, django; django.setup(); from django.test.utils import setup_test_environment; "
        "setup_test_environment(); from django.test import Client; start = time.monotonic(); "
        "response = Client().get('/health/'); "
        "print(response.status_code, json.dumps(response.json()), round(time.monotonic() - start, 2))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": f"postgres://nsi:nsi@{dead}/nsi",
        "REDIS_URL": f"redis://{dead}/0",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    # The last line: the log lines (the outage, once) come before it on stdout.
    status, rest = result.stdout.strip().splitlines()[-1].split(" ", 1)
    state, elapsed = rest.rsplit(" ", 1)
    assert status == "503"
    assert state == '{"database": "down", "cache": "degraded"}'
    assert float(elapsed) < 3
