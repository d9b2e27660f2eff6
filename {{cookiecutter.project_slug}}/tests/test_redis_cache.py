"""The cache is the real Redis named by REDIS_URL, with the answers given at generation."""

import pickle

from django.conf import settings
from django.core.cache import cache


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
    assert prefix == f"{config['prefix']}:{settings.ENVIRONMENT_NAME}:{config['release']}"
    # Sessions survive a deploy: their prefix has no release in it.
    assert settings.CACHES["sessions"]["KEY_PREFIX"] == f"{config['prefix']}:{settings.ENVIRONMENT_NAME}:sessions"


def test_the_pool_is_sized_from_the_answers(redis_connection):
    pool = redis_connection.connection_pool
    assert pool.max_connections == settings.CACHE_CONFIG["max_connections"]
    connection_kwargs = pool.connection_kwargs
    assert connection_kwargs["socket_timeout"] == settings.CACHE_CONFIG["socket_timeout"]
    assert connection_kwargs["socket_connect_timeout"] == settings.CACHE_CONFIG["socket_timeout"]


def test_data_and_sessions_share_one_connection_pool(redis_connection):
    from django_redis import get_redis_connection

    assert get_redis_connection("sessions").connection_pool is redis_connection.connection_pool
