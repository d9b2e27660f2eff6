"""Security headers on every page, and no page that the Content-Security-Policy would break.

The policy forbids inline code: every page of the site (crawled from the home page as a
visitor, a pupil and a teacher, with the demo content) and of the admin is parsed, and
any inline ``<script>``/``<style>`` without the response's nonce, ``style=`` attribute,
``on…=`` handler or ``javascript:`` link is a failure, as it would be in a browser.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from wsgiref.headers import Headers

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse
from django.http.response import BadHeaderError
from django.urls import path, reverse

from {{ cookiecutter.project_slug }}.security_headers import HeaderValues, allow, static_file_headers

PORTAL = apps.is_installed("courses")
DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# Pages a crawl must not follow: they change state on GET or lead off the site.
NOT_CRAWLED = ("/admin/", "/accounts/logout/")
# Files to download, not pages: no HTML, so no inline code.
NOT_PAGES = (".csv",)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def response_nonce(response) -> str | None:
    nonces = {
        source[len("'nonce-") : -1]
        for directive in ("script-src", "style-src")
        for source in policy(response).get(directive, [])
        if source.startswith("'nonce-")
    }
    assert len(nonces) <= 1, nonces
    return nonces.pop() if nonces else None


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' blocks, and the page's same-site links."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.blocked: list[str] = []
        self.links: list[str] = []
        self.inline_styles = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline_script = tag == "script" and "src" not in attributes
        if inline_script or tag == "style":
            self.inline_styles += tag == "style"
            if self.nonce is None or attributes.get("nonce") != self.nonce:
                self.blocked.append(f"<{tag}> sans le nonce de la réponse")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:…>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def check_page(client, url: str) -> InlineCode:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html"), url
    parser = InlineCode(response_nonce(response))
    parser.feed(response.content.decode())
    assert parser.blocked == [], url
    return parser


def crawl(client, *starts: str, limit: int = 80) -> list[str]:
    """Every same-site page reachable by links from the home page and `starts`, each checked by check_page."""
    seen, queue = set(), ["/", *starts]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        for link in check_page(client, url).links:
            target = urlsplit(urljoin(url, link))
            if not target.netloc and not target.path.startswith(NOT_CRAWLED) and not target.path.endswith(NOT_PAGES):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return sorted(seen)


@pytest.fixture
def demo(db):
    """The demo portal of ``manage.py seed_demo`` (a project without the NSI apps has none)."""
    if PORTAL:
        call_command("seed_demo", "--allow-production", verbosity=0)  # the test runner turns DEBUG off


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/")
    directives = policy(response)
    for name, source in DIRECTIVES.items():
        assert directives[name] == [source], name
    assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # A page that prints no nonce has none in its policy: the header is the same for everyone.
    assert response_nonce(response) is None


def test_no_page_of_the_site_has_inline_code_the_policy_would_block(client, demo):
    pages = crawl(client, reverse("password_reset"))
    if PORTAL:
        for username in ("prof.demo", "eleve.ada"):
            client.force_login(get_user_model().objects.get(username=username))
            pages += crawl(client, reverse("password_change"))
        assert {"/courses/", "/badges/", "/leaderboard/", "/classes/"} <= set(pages)
        assert any(page.startswith("/exercises/") for page in pages)
    assert {"/accounts/login/", "/accounts/password_reset/"} <= set(pages)


def test_no_admin_page_has_inline_code_the_policy_would_block(client, demo):
    client.force_login(get_user_model().objects.create_superuser("direction", "direction@example.org", "x" * 12))
    check_page(client, reverse("admin:index"))
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        check_page(client, base)
        check_page(client, f"{base}add/")
        instance = model._default_manager.first()
        if instance is not None:
            check_page(client, f"{base}{instance.pk}/change/")


def test_a_policy_changed_after_the_first_response_applies_to_the_next(client, db, settings):
    # The header values are built once from the settings, and again when a setting changes.
    assert "img-src" not in policy(client.get("/"))
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "img-src": ["'self'", "https://img.example.org"],
    }
    settings.PERMISSIONS_POLICY = {"fullscreen": ["self"]}
    response = client.get("/")
    assert policy(response)["img-src"] == ["'self'", "https://img.example.org"]
    assert response["Permissions-Policy"] == "fullscreen=(self)"


def test_a_policy_no_header_can_carry_is_refused_when_the_values_are_built():
    # The middleware puts the values built once into the responses unchecked: checked here.
    with pytest.raises(BadHeaderError):
        HeaderValues({"default-src": ["'self'\r\nSet-Cookie: x=1"]}, {}, debug=False)
    with pytest.raises(BadHeaderError):
        HeaderValues({"default-src": ["'self'"]}, {"camera": ["'self'\n"]}, debug=False)


@pytest.mark.urls(__name__)
def test_a_header_the_view_set_itself_is_kept(client, db):
    response = client.get("/propre-politique/")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Permissions-Policy"] == "camera=(self)"
    assert response["Cache-Control"] == "max-age=60"


def test_pages_that_depend_on_the_visitor_are_private(client, db):
    # The home page reads the session (signed in or not, it shows a different menu).
    assert client.get("/")["Cache-Control"] == "private"
    # The login form's CSRF token belongs to this browser alone (never_cache says so too).
    assert "private" in client.get(reverse("login"))["Cache-Control"]
    client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    assert client.get("/")["Cache-Control"] == "private"


def view_without_session(request):
    return HttpResponse("identique pour tous")


def view_with_its_own_headers(request):
    response = HttpResponse("ses propres en-têtes")
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Permissions-Policy"] = "camera=(self)"
    response["Cache-Control"] = "max-age=60"
    request.session.get("lu")  # a page that read the session: "private" unless it said otherwise
    return response


urlpatterns = [path("sans-session/", view_without_session), path("propre-politique/", view_with_its_own_headers)]


@pytest.mark.urls(__name__)
def test_a_response_that_reads_no_session_stays_cacheable_and_the_session_is_not_read(client, db):
    client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    response = client.get("/sans-session/")
    assert response.status_code == 200
    assert "Cache-Control" not in response
    # Deciding "private" must not itself read the session (nor load the user from Redis).
    assert response.wsgi_request.session.accessed is False
    assert policy(response)["default-src"] == ["'self'"]


def test_djangos_debug_pages_keep_working_in_development(client, db, settings):
    # With DEBUG on, a 404 is Django's technical page, all inline styles: it gets no policy...
    settings.DEBUG = True
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404 and "<style" in response.content.decode()
    assert "Content-Security-Policy" not in response
    # ... while the site's own pages get the policy of production.
    assert policy(client.get("/"))["default-src"] == ["'self'"]


def view_that_widens_its_policy(request):
    allow(request, {"script-src": ["'wasm-unsafe-eval'"], "worker-src": ["'self'"]})
    return HttpResponse("WebAssembly ici seulement")


urlpatterns += [path("wasm/", view_that_widens_its_policy)]


@pytest.mark.urls(__name__)
def test_a_page_can_widen_its_own_policy_and_the_others_keep_the_strict_one(client, db, settings):
    widened = policy(client.get("/wasm/"))
    assert widened["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert widened["worker-src"] == ["'self'"]
    # The next response, and the settings, are untouched.
    strict = policy(client.get("/sans-session/"))
    assert strict["script-src"] == ["'self'"] and "worker-src" not in strict
    assert "'wasm-unsafe-eval'" not in settings.CONTENT_SECURITY_POLICY["script-src"]


def test_a_worker_script_is_served_with_its_own_policy(client, settings):
    # WhiteNoise serves static files before the middleware: the worker's policy is its own header.
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    if PORTAL:
        worker = client.get("/static/exercises/pyodide_worker.js")
        assert worker.status_code == 200
        assert policy(worker) == {
            "default-src": ["'none'"],
            "script-src": ["'self'", "'wasm-unsafe-eval'"],
            "connect-src": ["'self'"],
        }
        wasm = client.get("/static/vendor/pyodide/pyodide.asm.wasm", headers={"accept-encoding": "gzip, br"})
        assert wasm["Content-Type"] == "application/wasm" and wasm["Content-Encoding"] == "br"
    stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200 and "Content-Security-Policy" not in stylesheet
    headers = Headers([])
    static_file_headers(headers, "/app/js/chart_worker.0123456789ab.js", "/static/js/chart_worker.0123456789ab.js")
    assert "'wasm-unsafe-eval'" in headers["Content-Security-Policy"]
