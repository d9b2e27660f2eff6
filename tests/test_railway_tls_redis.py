"""rediss:// with the production settings: cache and sessions over TLS, the password never shown.

Railway's own Redis is reached on the private network (redis://), but a managed Redis
elsewhere (Upstash, Redis Cloud…) is rediss:// only. A real redis-server with TLS on a free
port (a throwaway self-signed certificate), a password, and the baked project's prod settings.
"""

import os
import secrets
import shutil
import socket
import subprocess
import time

import pytest

from .baking import bake, clean_env, in_venv, run, venv_for

CHECK = """
from importlib import import_module
from django.conf import settings
from django.core.cache import caches
from django_redis import get_redis_connection

for alias in ("default", "sessions"):
    connection = get_redis_connection(alias)
    assert connection.connection_pool.connection_class.__name__ == "SSLConnection", alias
    assert connection.ping(), alias
caches["default"].set("tls-probe", {"ok": 1}, 30)
assert caches["default"].get("tls-probe") == {"ok": 1}
engine = import_module(settings.SESSION_ENGINE)
store = engine.SessionStore()
store["uid"] = 42
store.save()
assert engine.SessionStore(session_key=store.session_key)["uid"] == 42
assert caches["sessions"].has_key(engine.KEY_PREFIX + store.session_key)
print("TLS-OK", settings.SESSION_ENGINE)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_rediss_for_cache_and_sessions_without_leaking_the_password(tmp_path):
    need(bool(shutil.which("redis-server")) and bool(shutil.which("openssl")), "redis-server et openssl requis")
    certificate, key = tmp_path / "redis.crt", tmp_path / "redis.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port, password = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--tls-port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--tls-cert-file",
            str(certificate),
            "--tls-key-file",
            str(key),
            "--tls-ca-cert-file",
            str(certificate),
            "--tls-auth-clients",
            "no",
            "--requirepass",
            password,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            assert server.poll() is None, server.stdout.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server (TLS) does not answer"
                time.sleep(0.1)

        project = bake(tmp_path / "bake")
        venv = venv_for(project, "3.12")
        url = f"rediss://default:{password}@localhost:{port}/0?ssl_ca_certs={certificate}"
        env = clean_env(
            DJANGO_SETTINGS_MODULE=f"{project.name}.settings.prod",
            SECRET_KEY=secrets.token_urlsafe(50),
            RAILWAY_PUBLIC_DOMAIN="portail-nsi-tls.up.railway.app",
            REDIS_URL=url,
            SESSION_STORE="cache",  # sessions in Redis alone: no database to fall back on
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        )
        python = in_venv(venv, "python")
        outputs = [run([*python, "manage.py", "shell", "-c", CHECK], cwd=project, env=env).stdout]
        assert "TLS-OK django.contrib.sessions.backends.cache" in outputs[0]

        # The startup line says rediss:// without the password; the ops commands neither.
        startup = run([*python, "-c", f"import {project.name}.wsgi"], cwd=project, env=env)
        outputs += [startup.stdout + startup.stderr]
        assert f"cache=Redis rediss://default:***@localhost:{port}/0" in outputs[-1]
        for command in ("redis_check", "cache_stats"):
            result = run([*python, "manage.py", command], cwd=project, env=env)
            outputs.append(result.stdout + result.stderr)

        # Failures are explained in one line, still without the password.
        wrong = secrets.token_hex(16)
        for bad_url in (url.replace(password, wrong), url.split("?")[0]):
            result = subprocess.run(
                [*python, "manage.py", "redis_check"],
                cwd=project,
                env={**env, "REDIS_URL": bad_url},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 1, result.stdout + result.stderr
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            outputs.append(result.stdout + result.stderr)
            assert wrong not in outputs[-1]

        leaked = [output for output in outputs if password in output]
        assert not leaked, leaked
    finally:
        server.terminate()
        server.wait(timeout=10)
