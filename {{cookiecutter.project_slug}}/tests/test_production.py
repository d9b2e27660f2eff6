"""Production pieces that need no Railway: the healthcheck host, prod settings, logs, gunicorn.

The prod settings are imported in a subprocess with Railway's variables, as gunicorn would.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }}.log_format import JsonFormatter
from {{ cookiecutter.project_slug }}.middleware import HEALTHCHECK_HOST

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
