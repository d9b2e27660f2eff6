"""Content-Security-Policy, Permissions-Policy and Cache-Control on the project's responses.

Django 6 ships a CSP middleware, Django 5.2 LTS does not: this one small middleware serves
both versions the project can be generated with, so the policy, its nonce and its tests are
the same whichever is chosen. The nonce is exposed to templates as ``csp_nonce`` (the name
Django 6's own templates, the admin's included, look for).

The policy lives in settings (CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY in base.py).
"""

import secrets

from django.conf import settings
from django.core.signals import setting_changed

# Where a directive of CONTENT_SECURITY_POLICY takes this request's nonce, when it has one.
NONCE = "'nonce'"
# Stands for the nonce in the policy built once (no policy source can contain it).
NONCE_MARK = "\x00"


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


def content_security_policy(directives: dict[str, list[str]], nonce: str | None) -> str:
    """The header value: NONCE becomes ``'nonce-…'``, or disappears when no nonce was drawn."""
    parts = []
    for directive, sources in directives.items():
        sources = [f"'nonce-{nonce}'" if source == NONCE else source for source in sources if source != NONCE or nonce]
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``camera=(), fullscreen=(self)``: an empty list denies the feature to every origin."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class HeaderValues:
    """The header values of the settings, built once: a request only puts its nonce in."""

    def __init__(self, directives: dict[str, list[str]], features: dict[str, list[str]]):
        self.policy_without_nonce = content_security_policy(directives, None)
        self.policy_around_nonce = content_security_policy(directives, NONCE_MARK).split(NONCE_MARK)
        self.permissions = permissions_policy(features)

    def policy(self, nonce: str | None) -> str:
        return self.policy_without_nonce if nonce is None else nonce.join(self.policy_around_nonce)


_values: HeaderValues | None = None


def header_values() -> HeaderValues:
    global _values
    if _values is None:
        _values = HeaderValues(settings.CONTENT_SECURITY_POLICY, settings.PERMISSIONS_POLICY)
    return _values


def _settings_changed(setting, **kwargs):
    global _values
    if setting in ("CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY"):
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
        response = self.get_response(request)
        # Under DEBUG, 404 and 500 are Django's technical pages, made of inline styles and scripts.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        values = header_values()
        if "Content-Security-Policy" not in response and not debug_page:
            response["Content-Security-Policy"] = values.policy(nonce.value)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = values.permissions
        session = getattr(request, "session", None)
        per_visitor = response.cookies or (session is not None and session.accessed)
        if per_visitor and "Cache-Control" not in response:
            response["Cache-Control"] = "private"  # what patch_cache_control(private=True) gives without one
        return response
