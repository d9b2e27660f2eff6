"""French error pages (400, 403, CSRF, 404, 500, 503) in the site's style, and the headers in production.

The 500 page is checked where it matters: production settings, with the database down.
"""

import json
import os
import subprocess
import sys

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import path, reverse
from redis.backoff import NoBackoff
from redis.retry import Retry

from caching.middleware import RedisOutageMiddleware
from conftest import free_port
from {{ cookiecutter.project_slug }} import urls as project_urls

from .test_production import PROD, PROJECT_DIR, RAILWAY, SECRET, in_production

PUBLIC_HOST = RAILWAY["RAILWAY_PUBLIC_DOMAIN"]


def boom(request):
    raise RuntimeError("erreur de test")


def refused(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("requête de test")


urlpatterns = [
    path("boum/", boom),
    path("interdit/", refused),
    path("suspect/", suspicious),
    *project_urls.urlpatterns,
]


def assert_french_page(response, status: int, heading: str, *, layout: bool = True) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="fr">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'rel="stylesheet" href="/static/css/site.css"' in html
    # The site's own layout (menu, login link) where rendering it cannot fail.
    assert ('href="/accounts/login/"' in html) is layout
    return html


def test_a_missing_page_is_a_french_404(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    html = assert_french_page(response, 404, "Page introuvable")
    assert "Not Found" not in html
    assert "Content-Security-Policy" in response


@pytest.mark.urls(__name__)
def test_a_failing_view_gives_the_french_500_page(db):
    response = Client(raise_request_exception=False).get("/boum/")
    html = assert_french_page(response, 500, "Le site a rencontré une erreur", layout=False)
    assert "Server Error" not in html and "RuntimeError" not in html and "erreur de test" not in html


@pytest.mark.urls(__name__)
def test_a_refused_page_is_a_french_403(client, db):
    assert_french_page(client.get("/interdit/"), 403, "Accès refusé")


@pytest.mark.urls(__name__)
def test_a_suspicious_request_is_a_french_400(client, db):
    html = assert_french_page(client.get("/suspect/"), 400, "Requête invalide")
    assert "requête de test" not in html


def test_an_unknown_host_is_a_french_400(client, db, settings):
    settings.ALLOWED_HOSTS = [PUBLIC_HOST]
    assert_french_page(client.get("/", HTTP_HOST="inconnu.example.org"), 400, "Requête invalide")


def test_a_form_without_its_csrf_token_gives_the_french_csrf_page(db):
    get_user_model().objects.create_user("camille", password="x" * 12)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "camille", "password": "x" * 12})
    html = assert_french_page(response, 403, "Formulaire expiré")
    assert "CSRF verification failed" not in html
    # Signed in, then a stale form: the page still shows the user's own menu and logout button.
    browser.force_login(get_user_model().objects.get(username="camille"))
    response = browser.post(reverse("logout"))
    assert response.status_code == 403 and "Se déconnecter" in response.content.decode()


def test_a_redis_outage_gives_the_french_503_page(db, django_assert_num_queries):
    # A real refused connection (without redis-py's retries, which only make it slower).
    closed = redis.Redis(port=free_port(), retry=Retry(NoBackoff(), 0))
    with pytest.raises(redis.exceptions.ConnectionError) as outage:
        closed.ping()
    middleware = RedisOutageMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        response = middleware.process_exception(RequestFactory().get("/"), outage.value)
    assert response["Retry-After"] == "10"
    assert_french_page(response, 503, "Service momentanément indisponible", layout=False)


# --- Production settings, in a subprocess as gunicorn would run them --------------------------
REQUESTS = """
import json, django
django.setup()
from django.test import Client

def page(response):
    return {"status": response.status_code, "headers": dict(response.headers), "html": response.getvalue().decode()}

# As behind Railway's edge, which terminates TLS and says so.
EDGE = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}
client = Client(raise_request_exception=False, **EDGE)
print(json.dumps({name: page(send(client)) for name, send in REQUESTS.items()}))
"""


def in_production_requests(requests: str, tmp_path, static_root, **env) -> dict:
    code = f"HOST = {PUBLIC_HOST!r}\nREQUESTS = {requests}\n{REQUESTS}"
    environ = {"SECRET_KEY": SECRET, "STATIC_ROOT": str(static_root), "REDIS_URL": "", **RAILWAY}
    environ.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = in_production(code, **{**environ, **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The static files as the build collects them for production (hashed, with the manifest)."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": PROD, "SECRET_KEY": SECRET, "STATIC_ROOT": str(root), **RAILWAY}
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
    return root


def test_production_pages_carry_the_headers_and_french_error_pages(tmp_path, static_root):
    pages = in_production_requests(
        """{
        "home": lambda c: c.get("/"),
        "missing": lambda c: c.get("/nulle-part/"),
        "csrf": lambda c: Client(enforce_csrf_checks=True, **EDGE).post("/accounts/login/"),
        "bad_host": lambda c: c.get("/", HTTP_HOST="inconnu.example.org"),
        "healthcheck_host": lambda c: c.get("/", HTTP_HOST="healthcheck.railway.app."),
        }""",
        tmp_path,
        static_root,
    )
    home = pages["home"]
    assert home["status"] == 200
    csp = home["headers"]["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert home["headers"]["Permissions-Policy"].startswith("camera=()")
    assert home["headers"]["Referrer-Policy"] == "same-origin"
    assert home["headers"]["Strict-Transport-Security"].startswith("max-age=")
    assert home["headers"]["Cache-Control"] == "private"
    expected = {"missing": (404, "Page introuvable"), "csrf": (403, "Formulaire expiré")}
    expected |= {"bad_host": (400, "Requête invalide"), "healthcheck_host": (400, "Requête invalide")}
    for name, (status, heading) in expected.items():
        assert pages[name]["status"] == status, name
        assert '<html lang="fr">' in pages[name]["html"] and f"<h1>{heading}</h1>" in pages[name]["html"], name
    assert "Content-Security-Policy" in pages["missing"]["headers"]


def test_the_500_page_renders_and_is_styled_with_the_database_down(tmp_path, static_root):
    dead_database = f"postgres://nsi:nsi@127.0.0.1:{free_port()}/nsi"
    pages = in_production_requests(
        """{
        "login": lambda c: c.post("/accounts/login/", {"username": "ada", "password": "mot-de-passe"}),
        "stylesheet": lambda c: c.get("/static/css/site.css"),
        }""",
        tmp_path,
        static_root,
        DATABASE_URL=dead_database,
    )
    assert pages["login"]["status"] == 500
    html = pages["login"]["html"]
    assert '<html lang="fr">' in html and "<h1>Le site a rencontré une erreur</h1>" in html
    assert 'href="/static/css/site.css"' in html
    # The unhashed stylesheet the page links to is served in production too.
    assert pages["stylesheet"]["status"] == 200
    assert pages["stylesheet"]["headers"]["Content-Type"].startswith("text/css")
    assert ".error-page" in pages["stylesheet"]["html"]
