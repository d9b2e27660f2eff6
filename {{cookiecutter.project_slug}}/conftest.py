"""Shared fixtures: the real Redis of the test settings, and a clean key space per test."""

import os

import pytest
from django.conf import settings

from caching.maintenance import delete_project_keys, uses_redis


def redis_aliases() -> list[str]:
    return [alias for alias in settings.CACHES if uses_redis(alias)]


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache: only this run's own prefix is deleted."""
    for alias in settings.CACHES:
        delete_project_keys(alias)
    yield
    for alias in settings.CACHES:
        delete_project_keys(alias)


@pytest.fixture
def redis_connection():
    """The raw redis-py client of the default cache, once Redis has answered a PING.

    Without Redis the test is skipped on a laptop, but FAILS when CI is set: CI always
    has Redis, and a skipped Redis test there would hide a broken configuration.
    """
    if not uses_redis("default"):
        pytest.fail("REDIS_URL est vide : ces tests exigent un Redis réel (voir README).")
    from django_redis import get_redis_connection

    connection = get_redis_connection("default")
    try:
        connection.ping()
    except Exception as error:  # noqa: BLE001 - any failure means Redis is not usable here
        message = f"Redis injoignable ({error.__class__.__name__}) : lancez redis-server ou définissez REDIS_URL."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return connection
