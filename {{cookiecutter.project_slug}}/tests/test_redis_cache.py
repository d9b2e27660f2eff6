"""The cache is the real Redis named by REDIS_URL, with the answers given at generation."""

import pickle

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import override_settings

from caching.maintenance import delete_project_keys, scan_bare


def test_a_cache_write_lands_in_redis_under_the_project_prefix(redis_connection):
    cache.set("sonde", {"message": "Bonjour Redis"}, 30)

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(redis_connection.scan_iter(match=f"{prefix}:*"))
    assert keys == [f"{prefix}:1:sonde".encode()]
    assert pickle.loads(redis_connection.get(keys[0])) == {"message": "Bonjour Redis"}
    assert 0 < redis_connection.ttl(keys[0]) <= 30


def test_the_default_timeout_is_the_answer(redis_connection):
    cache.set("sans_duree", 1)

    key = cache.make_key("sans_duree")
    assert 0 < redis_connection.ttl(key) <= settings.CACHE_CONFIG["default_timeout"]


def test_the_prefix_carries_project_environment_and_release():
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    config = settings.CACHE_CONFIG
    assert prefix == f"{config['prefix']}/{settings.ENVIRONMENT_NAME}/{config['release']}"
    # Sessions survive a deploy: their prefix has no release in it.
    assert settings.CACHES["sessions"]["KEY_PREFIX"] == f"{config['prefix']}/{settings.ENVIRONMENT_NAME}/sessions"


@pytest.mark.parametrize("alias", ["default", "sessions"])
def test_keys_and_iter_keys_give_names_that_get_can_read(alias, redis_connection):
    # django-redis gives back what follows the first two ":" of each key: the prefix has none.
    store = caches[alias]
    store.set("foo1", "un", 30)
    store.set("foo2:avec:deux-points", "deux", 30)
    store.set("bar", "trois", 30)

    found = sorted(store.iter_keys("foo*"))

    assert found == ["foo1", "foo2:avec:deux-points"]
    assert [store.get(name) for name in found] == ["un", "deux"]
    assert sorted(store.keys("*")) == ["bar", *found]
    assert {store.get(name) for name in store.keys("*")} == {"un", "deux", "trois"}
    assert sorted(key for _raw, key in scan_bare(alias)) == ["bar", *found]


@pytest.fixture(params=["environment", "release"])
def neighbour_environment(request, redis_connection):
    """The same project on the same Redis, in an environment (or release) whose name starts with ours."""
    from {{ cookiecutter.project_slug }}.settings.cache_layout import cache_layout

    environment, config = settings.ENVIRONMENT_NAME, settings.CACHE_CONFIG
    if request.param == "environment":  # prod and prod2
        environment += "2"
    else:  # the whole prefix is a prefix of the other's
        config = {**config, "release": f"{config['release']}2"}
    neighbour = cache_layout(settings.REDIS_URL, environment, **config).caches["default"]
    with override_settings(CACHES={**settings.CACHES, "neighbour": neighbour}):
        try:
            yield caches["neighbour"]
        finally:
            delete_project_keys("neighbour")


def test_environments_sharing_a_redis_never_see_each_others_keys(neighbour_environment, capsys):
    assert neighbour_environment.key_prefix != cache.key_prefix
    neighbour_environment.set("foo1", "pas à nous", 60)
    neighbour_environment.set("course_x", "pas à nous", 60)
    cache.set("foo1", "à nous", 60)

    assert list(cache.iter_keys("foo*")) == ["foo1"]
    assert cache.keys("*") == ["foo1"]
    assert cache.get("foo1") == "à nous"
    call_command("cache_keys")
    assert capsys.readouterr().out.splitlines()[-1] == "1 clé(s)"

    call_command("cache_clear")
    assert "1 clé(s) du projet supprimée(s)" in capsys.readouterr().out
    assert cache.keys("*") == []
    assert sorted(neighbour_environment.keys("*")) == ["course_x", "foo1"]
    assert neighbour_environment.get("foo1") == "pas à nous"


def test_the_pool_is_sized_from_the_answers(redis_connection):
    pool = redis_connection.connection_pool
    assert pool.max_connections == settings.CACHE_CONFIG["max_connections"]
    connection_kwargs = pool.connection_kwargs
    assert connection_kwargs["socket_timeout"] == settings.CACHE_CONFIG["socket_timeout"]
    assert connection_kwargs["socket_connect_timeout"] == settings.CACHE_CONFIG["socket_timeout"]


def test_the_end_of_a_request_keeps_the_redis_connection(client, db, redis_connection):
    # DJANGO_REDIS_CLOSE_CONNECTION, read for each cache as every request ends, is set to keep it.
    assert settings.DJANGO_REDIS_CLOSE_CONNECTION is False
    before = redis_connection.client_id()
    client.get("/")
    assert redis_connection.client_id() == before  # the same connection: not closed and opened again


def test_data_and_sessions_share_one_connection_pool(redis_connection):
    from django_redis import get_redis_connection

    assert get_redis_connection("sessions").connection_pool is redis_connection.connection_pool


def test_a_part_of_the_prefix_with_unsafe_characters_never_brings_a_colon_in():
    from {{ cookiecutter.project_slug }}.settings.cache_layout import key_prefix

    odd = key_prefix("nsi", "pr 12:revue", "v1")

    assert ":" not in odd and " " not in odd
    assert odd.startswith("nsi/pr-12-revue-") and odd.endswith("/v1")
    # Two environments whose names differ only by unsafe characters keep apart.
    assert odd != key_prefix("nsi", "pr-12-revue", "v1") != key_prefix("nsi", "pr 12 revue", "v1")
