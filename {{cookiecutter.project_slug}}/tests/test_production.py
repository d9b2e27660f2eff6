"""Production pieces that need no Railway: the healthcheck host, prod settings, logs, gunicorn,
a database that hangs.

The prod settings are imported in a subprocess with Railway's variables, as gunicorn would.
"""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from conftest import unavailable
from {{ cookiecutter.project_slug }}.log_format import JsonFormatter
from {{ cookiecutter.project_slug }}.middleware import HEALTHCHECK_HOST, accepted_domain
from {{ cookiecutter.project_slug }}.settings.database import database_config

PROJECT_DIR = Path(__file__).resolve().parents[1]
PROD = "{{ cookiecutter.project_slug }}.settings.prod"
SECRET = "prod-test-" + "k3y!" * 12
RAILWAY = {"RAILWAY_PUBLIC_DOMAIN": "portail.up.railway.app", "CUSTOM_DOMAINS": "nsi.lycee.fr, www.nsi.lycee.fr"}


def in_production(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python code with DJANGO_SETTINGS_MODULE=prod and only the given variables (and PATH)."""
    environ = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": PROD, "SECRET_KEY": "", **env}
    for name in ("REDIS_URL", "DATABASE_URL"):
        environ.setdefault(name, os.environ.get(name, ""))
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def healthcheck_host_allowed(settings):
    settings.MIDDLEWARE = ["{{ cookiecutter.project_slug }}.middleware.HealthcheckHostMiddleware", *settings.MIDDLEWARE]
    settings.ALLOWED_HOSTS = ["portail.up.railway.app", HEALTHCHECK_HOST]


# Django's ALLOWED_HOSTS check takes each of these for the healthcheck host: so must the guard.
HEALTHCHECK_HOST_SPELLINGS = [
    HEALTHCHECK_HOST,
    f"{HEALTHCHECK_HOST}.",
    HEALTHCHECK_HOST.upper(),
    f"{HEALTHCHECK_HOST}:8080",
    "Healthcheck.Railway.App.:80",
]


@pytest.mark.parametrize("host", HEALTHCHECK_HOST_SPELLINGS)
def test_the_healthcheck_host_is_served_on_health_only(client, db, healthcheck_host_allowed, host):
    assert client.get("/health/", HTTP_HOST=host).status_code == 200
    for path in ("/", "/admin/login/", "/accounts/login/"):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 400, path
        assert "Requête invalide" in response.content.decode()
    assert client.get("/accounts/login/", HTTP_HOST="portail.up.railway.app").status_code == 200


def test_a_host_once_accepted_is_refused_as_soon_as_allowed_hosts_drops_it(rf, settings):
    # Accepted hosts are remembered by the process (get_host() costs every request): not past a change.
    settings.ALLOWED_HOSTS = ["portail.up.railway.app", HEALTHCHECK_HOST]
    assert accepted_domain(rf.get("/", HTTP_HOST="Portail.up.railway.app.:443")) == "portail.up.railway.app"
    assert accepted_domain(rf.get("/", HTTP_HOST="Portail.up.railway.app.:443")) == "portail.up.railway.app"
    settings.ALLOWED_HOSTS = [HEALTHCHECK_HOST]
    with pytest.raises(DisallowedHost):
        accepted_domain(rf.get("/", HTTP_HOST="Portail.up.railway.app.:443"))


def test_production_settings_take_railway_variables():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps("
        "[s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.MIDDLEWARE[0], s.SECURE_PROXY_SSL_HEADER, s.DEBUG]))"
    )
    result = in_production(code, SECRET_KEY=SECRET, **RAILWAY)
    assert result.returncode == 0, result.stderr
    hosts, origins, first_middleware, proxy_header, debug = json.loads(result.stdout)
    assert hosts == ["portail.up.railway.app", "nsi.lycee.fr", "www.nsi.lycee.fr", HEALTHCHECK_HOST]
    assert origins == ["https://portail.up.railway.app", "https://nsi.lycee.fr", "https://www.nsi.lycee.fr"]
    assert first_middleware.endswith("HealthcheckHostMiddleware")
    assert proxy_header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert debug is False


def test_production_refuses_to_start_without_secret_key():
    result = in_production("import django; django.setup()", **RAILWAY)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.endswith("SECRET_KEY manquant : définissez la variable d'environnement SECRET_KEY en production.")


def test_the_deployment_checklist_passes_with_railway_variables():
    result = in_production(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        SECRET_KEY=SECRET,
        **RAILWAY,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_counts_attempts_by_the_address_railway_appends():
    code = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from throttling.client_address import client_address; "
        "print(client_address(RequestFactory().post('/', REMOTE_ADDR='10.0.0.1', "
        "HTTP_X_FORWARDED_FOR='192.0.2.66, 203.0.113.7')))"
    )
    result = in_production(code, SECRET_KEY=SECRET, **RAILWAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "203.0.113.7"


def test_production_refuses_to_start_with_a_bad_attempt_limit():
    result = in_production("import django; django.setup()", SECRET_KEY=SECRET, THROTTLE_LOGIN_ACCOUNT="dix", **RAILWAY)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.endswith(
        "THROTTLE_RATES['login_account']='dix' : attendu « nombre/durée », par exemple 10/15m, 50/h ou 5/30s."
    )


def test_json_log_lines_carry_the_level_railway_shows():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "échec %s", ("42",), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["message"], entry["logger"]) == ("error", "échec 42", "x")
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.parametrize(("concurrency", "workers"), [("", 2), ("5", 5)])
def test_gunicorn_takes_its_workers_from_web_concurrency(concurrency, workers):
    code = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    result = in_production(code, WEB_CONCURRENCY=concurrency)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(workers)


def test_gunicorn_rejects_a_bad_web_concurrency_in_one_line():
    result = in_production("import runpy; runpy.run_path('gunicorn.conf.py')", WEB_CONCURRENCY="deux")
    assert result.returncode == 1
    assert result.stderr.strip() == "WEB_CONCURRENCY='deux' : attendu un entier >= 1."


GUNICORN_ACCESS = (
    "import runpy; from gunicorn.config import Config; c = runpy.run_path('gunicorn.conf.py');"
    "cfg = Config(); cfg.set('logconfig_dict', c['logconfig_dict']); log = c['logger_class'](cfg)\n"
    "try:\n    log.access(None, None, {}, None)\nexcept AttributeError:\n    print('built')\n"
    "else:\n    print('skipped')"
)


def test_gunicorn_builds_no_access_line_unless_access_logs_are_on():
    # gunicorn's own logger, with a logging configuration, reads each request's fields (here
    # None, so reading them fails) before the access logger's level drops the line.
    off = in_production(GUNICORN_ACCESS)
    assert (off.returncode, off.stdout.strip()) == (0, "skipped"), off.stderr
    on = in_production(GUNICORN_ACCESS, GUNICORN_ACCESS_LOG="true")
    assert (on.returncode, on.stdout.strip()) == (0, "built"), on.stderr


def test_gunicorn_freezes_what_lives_long_for_the_garbage_collector():
    # "Frozen": most of the objects the collector tracked are now set aside (a collection may
    # itself leave a few hundred there, so a bare count would not tell).
    code = (
        "import gc, json, runpy, types; c = runpy.run_path('gunicorn.conf.py'); seen = []\n"
        "def call(hook, *args):\n"
        "    gc.unfreeze(); tracked = len(gc.get_objects()); hook(*args)\n"
        "    seen.append(gc.get_freeze_count() > tracked / 2)\n"
        "worker = types.SimpleNamespace(nr=c['FREEZE_AFTER_REQUESTS'] - 1)\n"
        "call(c['when_ready'], None)\n"
        "call(c['post_request'], worker, None, {}, None)\n"
        "worker.nr += 1; call(c['post_request'], worker, None, {}, None)\n"
        "worker.nr += 1; call(c['post_request'], worker, None, {}, None)\n"
        "print(json.dumps(seen))"
    )
    result = in_production(code)
    assert result.returncode == 0, result.stderr
    # The master freezes the loaded application; a worker, once, after its first requests.
    assert json.loads(result.stdout) == [True, False, True, False]


def test_gunicorn_runs_threaded_workers_sized_by_environment():
    code = (
        "import json, os, runpy; c = runpy.run_path('gunicorn.conf.py');"
        "print(json.dumps([c['worker_class'], c['threads'], os.environ['DB_STATEMENT_TIMEOUT'], c['reuse_port']]))"
    )
    default = in_production(code)
    assert default.returncode == 0, default.stderr
    # 16 threads with the NSI apps: validations waiting for the sandbox leave threads to the pages.
    # A listening socket per worker (reuse_port): connections opened at once do not all go to one process.
    assert json.loads(default.stdout) == ["gthread", {{ 16 if cookiecutter.include_nsi_apps else 4 }}, "15", True]
    tuned = in_production(code, GUNICORN_THREADS="8", GUNICORN_TIMEOUT="60")
    assert json.loads(tuned.stdout) == ["gthread", 8, "30", True]
    too_many = in_production(code, GUNICORN_THREADS="80", REDIS_MAX_CONNECTIONS="50")
    assert too_many.returncode == 1
    assert too_many.stderr.strip().endswith(
        "GUNICORN_THREADS=80 : dépasse REDIS_MAX_CONNECTIONS (une connexion Redis par thread)."
    )


# --- A database that hangs --------------------------------------------------------------------
@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers, like a PostgreSQL that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(5)
    for connection in accepted:
        connection.close()
    listener.close()


HANGING_DATABASE_PROBE = """
import json, time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
results = []
for path, method, host in [
    ("/health/", "get", "healthcheck.railway.app"),
    ("/accounts/login/", "post", "portail.up.railway.app"),
]:
    start = time.monotonic()
    response = getattr(client, method)(path, {"username": "ada", "password": "x"} if method == "post" else None,
                                       HTTP_HOST=host, secure=host != "healthcheck.railway.app")
    results.append([response.status_code, round(time.monotonic() - start, 1)])
print(json.dumps(results))
"""


def test_a_database_that_never_answers_fails_within_seconds(silent_server):
    """/health/ says 503 and a page that needs the database ends on the error page (500), fast."""
    url = f"postgres://nsi:motdepasse@127.0.0.1:{silent_server}/nsi"
    result = in_production(HANGING_DATABASE_PROBE, SECRET_KEY=SECRET, DATABASE_URL=url, REDIS_URL="", **RAILWAY)
    assert result.returncode == 0, result.stderr[-3000:]
    (health, health_seconds), (page, page_seconds) = json.loads(result.stdout.strip().splitlines()[-1])
    assert health == 503 and health_seconds < 10, (health, health_seconds)
    assert page == 500 and page_seconds < 10, (page, page_seconds)


def test_database_urls_get_timeouts_and_keep_their_own():
    config = database_config(
        "postgres://u:p@db:5432/nsi?connect_timeout=3",
        conn_max_age=0,
        connect_timeout=5,
        statement_timeout=15,
        gunicorn_timeout=30,
    )
    assert config["OPTIONS"] == {"connect_timeout": 3, "options": "-c statement_timeout=15000"}
    sqlite = database_config(
        "sqlite:///x.db", conn_max_age=0, connect_timeout=5, statement_timeout=15, gunicorn_timeout=30
    )
    assert "OPTIONS" not in sqlite or not sqlite["OPTIONS"]
    with pytest.raises(ImproperlyConfigured, match="doit rester sous GUNICORN_TIMEOUT"):
        database_config(
            "postgres://u@db/nsi", conn_max_age=0, connect_timeout=5, statement_timeout=30, gunicorn_timeout=30
        )


def test_the_statement_timeout_cancels_a_long_query_on_the_real_postgresql(django_db_blocker):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    config = database_config(url, conn_max_age=0, connect_timeout=5, statement_timeout=1, gunicorn_timeout=30)
    connection = ConnectionHandler({"default": config})["default"]
    with django_db_blocker.unblock():
        try:
            connection.ensure_connection()
        except OperationalError as error:
            unavailable(f"PostgreSQL injoignable ({error.__class__.__name__}) : ce test exige un PostgreSQL réel.")
        try:
            start = time.monotonic()
            with pytest.raises(OperationalError, match="statement timeout"), connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(10)")
            assert time.monotonic() - start < 5
        finally:
            connection.close()
