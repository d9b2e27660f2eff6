"""Test settings: the real Redis named by REDIS_URL, in a key space of this run alone.

The environment part of the key prefix is unique to each run, so parallel runs (and a
developer's own server) never see each other's keys or sessions; the tests clean up by
that prefix, never with FLUSHDB. REDIS_URL="" runs the no-Redis fallback instead.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import CACHE_CONFIG, cache_layout, env_str

SECRET_KEY = "test-only-key"
DEBUG = False
ENVIRONMENT_NAME = f"test-{secrets.token_hex(4)}"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").strip()
# A loaded CI machine can stall a command past a short production timeout, which would open
# the circuit breaker mid-test; outage tests build their own settings with 1 s timeouts.
CACHE_CONFIG = {**CACHE_CONFIG, "socket_timeout": max(CACHE_CONFIG["socket_timeout"], 10)}
CACHES, SESSION_ENGINE, SESSION_CACHE_ALIAS = cache_layout(REDIS_URL, ENVIRONMENT_NAME, **CACHE_CONFIG)

# Fast hashing: tests create many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In-memory SQLite unless DATABASE_URL names another database (PostgreSQL in CI).
if not env_str("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
