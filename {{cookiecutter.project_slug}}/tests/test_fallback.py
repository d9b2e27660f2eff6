"""Without REDIS_URL: a per-process LocMem cache, and sessions in the database whatever the answer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from {{ cookiecutter.project_slug }}.settings.cache_layout import cache_layout, redacted_url, release_id

PROJECT_DIR = Path(__file__).resolve().parents[1]
LAYOUT = {
    "prefix": "nsi",
    "release": "r1",
    "default_timeout": 300,
    "max_connections": 50,
    "socket_timeout": 5,
}


def settings_seen_by_a_new_process(settings_module: str, **environ: str) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); print(settings.SESSION_ENGINE); print(sorted(settings.CACHES))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **environ}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


@pytest.mark.parametrize("store", ["cached_db", "cache", "db"])
def test_without_redis_url_the_dev_settings_fall_back_to_locmem_and_database_sessions(store):
    backend, engine, aliases = settings_seen_by_a_new_process(
        "{{ cookiecutter.project_slug }}.settings.dev", REDIS_URL="", SESSION_STORE=store
    )
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert engine == "django.contrib.sessions.backends.db"
    assert aliases == "['default']"


def test_with_redis_url_the_dev_settings_use_redis():
    backend, engine, _ = settings_seen_by_a_new_process(
        "{{ cookiecutter.project_slug }}.settings.dev", REDIS_URL="redis://127.0.0.1:6379/0", SESSION_STORE="cache"
    )
    assert backend == "django_redis.cache.RedisCache"
    assert engine == "django.contrib.sessions.backends.cache"


def test_tls_urls_are_accepted():
    layout = cache_layout("rediss://:secret@redis.example.org:6380/0", "production", session_store="cache", **LAYOUT)
    assert layout.caches["default"]["LOCATION"].startswith("rediss://")


@pytest.mark.parametrize("url", ["http://:secret@redis:6379", "localhost:6379", "redis://"])
def test_a_bad_redis_url_is_refused_in_one_line_without_its_password(url):
    with pytest.raises(ImproperlyConfigured) as error:
        cache_layout(url, "production", session_store="cached_db", **LAYOUT)
    message = str(error.value)
    assert "REDIS_URL" in message and "\n" not in message
    assert "secret" not in message


def test_an_unknown_session_store_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SESSION_STORE"):
        cache_layout("", "dev", session_store="file", **LAYOUT)


def test_passwords_are_redacted():
    assert redacted_url("redis://default:s3cr3t@redis.railway.internal:6379/0") == (
        "redis://default:***@redis.railway.internal:6379/0"
    )
    assert redacted_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_the_release_prefers_cache_version_then_commit_then_deployment():
    assert release_id({"CACHE_VERSION": "v7", "RAILWAY_GIT_COMMIT_SHA": "abc"}) == "v7"
    assert release_id({"RAILWAY_GIT_COMMIT_SHA": "0123456789abcdef", "RAILWAY_DEPLOYMENT_ID": "d"}) == "0123456789ab"
    assert release_id({"RAILWAY_DEPLOYMENT_ID": "dep-1"}) == "dep-1"
    assert release_id({}) == "local"
