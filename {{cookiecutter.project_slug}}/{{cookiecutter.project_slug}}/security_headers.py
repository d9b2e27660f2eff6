"""Content-Security-Policy, Permissions-Policy and Cache-Control on the project's responses.

Django 6 ships a CSP middleware, Django 5.2 LTS does not: this one small middleware serves
both versions the project can be generated with, so the policy, its nonce and its tests are
the same whichever is chosen. The nonce is exposed to templates as ``csp_nonce`` (the name
Django 6's own templates, the admin's included, look for).

The policy lives in settings (CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY in base.py).

One page may need more than the rest of the site (the Python exercise page runs WebAssembly
in a Web Worker): it widens its own response's policy, never the site's, with

    allow(request, {"script-src": ["'wasm-unsafe-eval'"], "worker-src": ["'self'"]})

from a view, or from a template tag rendered by that page (``request.csp_additions`` is the
same dict, for an app that does not import the project package). The sources are added to
the directive; a directive the policy lacks is created with just them.

A Web Worker runs under the policy of its own script's response, which WhiteNoise serves
before this middleware: ``static_file_headers`` gives a static script named ``*_worker.js``
WORKER_CONTENT_SECURITY_POLICY (base.py).
"""

import re
import secrets

from django.conf import settings
from django.core.signals import setting_changed
from django.http.response import ResponseHeaders

# Where a directive of CONTENT_SECURITY_POLICY takes this request's nonce, when it has one.
NONCE = "'nonce'"
# A worker script's URL, with or without the hash collectstatic adds.
WORKER_SCRIPT = re.compile(r"_worker(\.[0-9a-f]{12})?\.js$")
# Stands for the nonce in the policy built once (no policy source can contain it).
NONCE_MARK = "\x00"
CSP = "Content-Security-Policy"
PERMISSIONS = "Permissions-Policy"


class LazyNonce:
    """A random nonce, drawn the first time a template prints it.

    A page without inline ``<style>``/``<script>`` never draws one, and its policy stays the
    same string for everyone.
    """

    def __init__(self):
        self.value = None

    def __str__(self):
        if self.value is None:
            self.value = secrets.token_urlsafe(16)
        return self.value


def allow(request, directives: dict[str, list[str]]) -> None:
    """Add sources to this response's policy only (see the module's docstring)."""
    additions = request.csp_additions
    for directive, sources in directives.items():
        listed = additions.setdefault(directive, [])
        listed.extend(source for source in sources if source not in listed)


def merged(policy: dict[str, list[str]], additions: dict[str, list[str]]) -> dict[str, list[str]]:
    if not additions:
        return policy
    result = {directive: list(sources) for directive, sources in policy.items()}
    for directive, sources in additions.items():
        listed = result.setdefault(directive, [])
        listed.extend(source for source in sources if source not in listed)
    return result


def content_security_policy(directives: dict[str, list[str]], nonce: str | None) -> str:
    """The header value: NONCE becomes ``'nonce-…'``, or disappears when no nonce was drawn."""
    parts = []
    for directive, sources in directives.items():
        sources = [f"'nonce-{nonce}'" if source == NONCE else source for source in sources if source != NONCE or nonce]
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def static_file_headers(headers, path: str, url: str) -> None:
    """WhiteNoise's WHITENOISE_ADD_HEADERS_FUNCTION: a worker script's own policy."""
    if WORKER_SCRIPT.search(url):
        headers["Content-Security-Policy"] = content_security_policy(settings.WORKER_CONTENT_SECURITY_POLICY, None)


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``camera=(), fullscreen=(self)``: an empty list denies the feature to every origin."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class HeaderValues:
    """The header values of the settings, built once: a request only puts its nonce in.

    Each value is checked once here, as Django checks a header it is given (latin-1, no line
    break); the middleware then puts them straight into the response's header store.
    """

    def __init__(self, directives: dict[str, list[str]], features: dict[str, list[str]], debug: bool):
        self.policy_without_nonce = content_security_policy(directives, None)
        self.policy_around_nonce = content_security_policy(directives, NONCE_MARK).split(NONCE_MARK)
        self.permissions = permissions_policy(features)
        self.debug = debug
        # Raises BadHeaderError (or UnicodeError) for a value no response could carry.
        for value in (self.policy_without_nonce, self.policy("nonce"), self.permissions):
            ResponseHeaders({CSP: value})

    def policy(self, nonce: str | None) -> str:
        return self.policy_without_nonce if nonce is None else nonce.join(self.policy_around_nonce)


_values: HeaderValues | None = None


def header_values() -> HeaderValues:
    global _values
    if _values is None:
        _values = HeaderValues(settings.CONTENT_SECURITY_POLICY, settings.PERMISSIONS_POLICY, settings.DEBUG)
    return _values


def _settings_changed(setting, **kwargs):
    global _values
    if setting in ("CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY", "DEBUG"):
        _values = None  # a test overriding the policy: built again from the new value


setting_changed.connect(_settings_changed)


class SecurityHeadersMiddleware:
    """Add the project's security headers to every response that has not set them itself.

    Cache-Control: ``private`` on a response that read the session or sets a cookie (a CSRF
    token): it may differ by visitor, signed in or not, and school networks put caching,
    TLS-intercepting proxies between pupils and the site. Every page of a signed-in user
    reads the session. The decision reads nothing itself: ``accessed`` says whether the
    request already read the session, so no page costs an extra session or Redis read.
    Static files are answered by WhiteNoise before this middleware, with their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = nonce = LazyNonce()
        request.csp_additions = {}
        response = self.get_response(request)
        values = header_values()
        # Django's ResponseHeaders keeps {lower-case name: (name, value)}: the values built and
        # checked once (HeaderValues) go straight in, without response[...]'s checks on each.
        store = response.headers._store
        # Under DEBUG, 404 and 500 are Django's technical pages, made of inline styles and scripts.
        debug_page = values.debug and response.status_code in (404, 500)
        if "content-security-policy" not in store and not debug_page:
            if request.csp_additions:  # a page that widened its own policy: built for it alone
                widened = merged(settings.CONTENT_SECURITY_POLICY, request.csp_additions)
                response[CSP] = content_security_policy(widened, nonce.value)
            else:
                # The nonce, when drawn, is token_urlsafe's: nothing a header must not carry.
                store["content-security-policy"] = (CSP, values.policy(nonce.value))
        if "permissions-policy" not in store:
            store["permissions-policy"] = (PERMISSIONS, values.permissions)
        session = getattr(request, "session", None)
        per_visitor = response.cookies or (session is not None and session.accessed)
        if per_visitor and "cache-control" not in store:
            # What patch_cache_control(private=True) gives a response without one.
            store["cache-control"] = ("Cache-Control", "private")
        return response
