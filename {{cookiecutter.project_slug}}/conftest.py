"""Shared fixtures: the real Redis of the test settings, a clean key space per test, and a
private redis-server that a test may stop, pause or restart."""

import copy
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import caches

from caching.client import stop_probing
from caching.maintenance import delete_project_keys, uses_redis


def redis_aliases() -> list[str]:
    return [alias for alias in settings.CACHES if uses_redis(alias)]


def unavailable(message: str):
    """Skip on a laptop, but FAIL when CI is set: a skipped Redis test in CI would hide a broken setup."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache: only this run's own prefix is deleted."""
    for alias in settings.CACHES:
        delete_project_keys(alias)
    yield
    for alias in settings.CACHES:
        delete_project_keys(alias)
    if settings.SESSION_ENGINE == "caching.cached_db":
        # Next to the sessions' prefix, not under it (see caching/cached_db.py).
        from caching.cached_db import epoch_key

        sessions = caches[settings.SESSION_CACHE_ALIAS]
        sessions.delete(epoch_key(sessions))


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
        unavailable(f"Redis injoignable ({error.__class__.__name__}) : lancez redis-server ou définissez REDIS_URL.")
    return connection


# --- A private redis-server ------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of this test alone, on a free port, without persistence.

    stop() kills it (connection refused), pause() freezes it with SIGSTOP (connections hang:
    a slow or unreachable Redis), start() brings it back on the same port, empty.
    """

    def __init__(self, binary: str, workdir, *extra_args: str) -> None:
        self.binary = binary
        self.workdir = workdir
        self.extra_args = extra_args
        self.port = free_port()
        self.name = secrets.token_hex(4)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        # django-redis keeps one pool per URL for the life of the process: a unique client
        # name gives this server a fresh pool (and breaker) even if its port was used before.
        return f"redis://127.0.0.1:{self.port}/0?client_name=test-{self.name}"

    def start(self) -> "RedisServer":
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.workdir), *self.extra_args]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        probe = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                return self
            except (redis.exceptions.AuthenticationError, redis.exceptions.ResponseError):
                return self  # it answers: started with --requirepass
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)
            finally:
                probe.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.resume()
            self.process.kill()
            self.process.wait(10)

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def fill_until_full(self) -> None:
        """Write 64 KiB values until Redis refuses with OOM (start it with ``--maxmemory``, noeviction).

        Then maxmemory goes down to half: closing a connection frees its buffers, which would
        otherwise leave room for a few more small writes.
        """
        raw = redis.Redis(port=self.port)
        try:
            for index in range(1000):
                raw.set(f"remplissage:{index}", b"x" * 65536)
        except redis.exceptions.OutOfMemoryError:
            raw.config_set("maxmemory", "1mb")
        else:
            pytest.fail("Redis n'a jamais refusé d'écriture : lancé sans --maxmemory ?")
        finally:
            raw.close()

    def make_read_only(self) -> None:
        """A replica after a failover whose master is gone: it answers reads and refuses writes."""
        raw = redis.Redis(port=self.port)
        try:
            raw.replicaof("127.0.0.1", free_port())  # nothing listens there
            with pytest.raises(redis.exceptions.ReadOnlyError):
                raw.set("sonde", "valeur")
        finally:
            raw.close()

    def make_writable(self) -> None:
        raw = redis.Redis(port=self.port)
        try:
            raw.replicaof("NO", "ONE")
        finally:
            raw.close()

    def resume(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def make_redis_server(tmp_path):
    """Start private redis-servers with extra arguments (``--requirepass``…); all killed at the end."""
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    if binary is None:
        unavailable("redis-server introuvable : installez-le (apt install redis-server) pour les tests de panne.")
    servers = []

    def make(*extra_args: str) -> RedisServer:
        server = RedisServer(binary, tmp_path, *extra_args)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()
    stop_probing()  # the circuit breakers' background PINGs to these servers


@pytest.fixture
def redis_server(make_redis_server):
    """A started private redis-server (see RedisServer); killed at the end of the test."""
    return make_redis_server()


@pytest.fixture(params=["pleine", "lecture seule"])
def refusing_redis(request, make_redis_server):
    """A private Redis that will refuse writes once ``refuse_writes()`` is called: full
    (maxmemory reached with noeviction), or a read-only replica. Returns (server, refuse_writes)."""
    if request.param == "pleine":
        server = make_redis_server("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
        return server, server.fill_until_full
    server = make_redis_server()
    return server, server.make_read_only


def caches_for(url: str, *, socket_timeout: float = 1, cooldown: float = 2, **pool_kwargs) -> dict:
    """The test settings' CACHES, pointed at another Redis, with short timeouts for outage tests."""
    caches = copy.deepcopy(settings.CACHES)
    for config in caches.values():
        if config["BACKEND"].startswith("django_redis"):
            config["LOCATION"] = url
            options = config["OPTIONS"]
            options["SOCKET_TIMEOUT"] = options["SOCKET_CONNECT_TIMEOUT"] = socket_timeout
            options["REDIS_CLIENT_KWARGS"] = {
                **options.get("REDIS_CLIENT_KWARGS", {}),
                "circuit_breaker_cooldown": cooldown,
            }
            pool = {**options.get("CONNECTION_POOL_KWARGS", {}), **pool_kwargs}
            if "timeout" in pool:  # the blocking pool's wait for a free connection
                pool["timeout"] = socket_timeout
            options["CONNECTION_POOL_KWARGS"] = pool
    return caches


@pytest.fixture
def redis_commands(monkeypatch):
    """Every command this process sends to the real Redis, in order (the query-count tests)."""
    from caching.client import GuardedRedis

    sent = []
    execute = GuardedRedis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(GuardedRedis, "execute_command", counting)
    return sent
