"""Production middleware."""

from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.http.request import split_domain_port

# Railway's healthcheck sends this Host header, over plain http, from inside Railway.
HEALTHCHECK_HOST = "healthcheck.railway.app"
HEALTHCHECK_PATH = "/health/"

# What get_host() reads from a request, and the settings it checks the host against.
HOST_HEADERS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")
HOST_SETTINGS = ("ALLOWED_HOSTS", "USE_X_FORWARDED_HOST", "DEBUG")
# The domains of hosts ALLOWED_HOSTS accepted, by those headers: a worker sees a handful of
# them, and get_host() + split_domain_port() (ALLOWED_HOSTS, regexes) would cost every request
# more than the rest of this middleware chain's own work. Refused hosts are never kept.
_accepted_domains: dict[tuple, str] = {}
ACCEPTED_DOMAINS_KEPT = 64


def accepted_domain(request) -> str:
    """The request's domain as ALLOWED_HOSTS sees it; DisallowedHost (400) for a host it refuses."""
    headers = tuple(map(request.META.get, HOST_HEADERS))
    domain = _accepted_domains.get(headers)
    if domain is None:
        domain, _port = split_domain_port(request.get_host())
        if len(_accepted_domains) >= ACCEPTED_DOMAINS_KEPT:
            _accepted_domains.clear()  # many different ports or spellings: start again
        _accepted_domains[headers] = domain
    return domain


def _settings_changed(setting, **kwargs):
    if setting in HOST_SETTINGS:
        _accepted_domains.clear()


setting_changed.connect(_settings_changed)


class HealthcheckHostMiddleware:
    """Accept Railway's healthcheck host on /health/ only.

    prod.py adds ``healthcheck.railway.app`` to ALLOWED_HOSTS, otherwise Django answers the
    healthcheck 400 and Railway never routes traffic to the new deployment. This middleware,
    first in the list, refuses that host on every other path with the same 400 Django gives
    an unknown host (the French 400.html), so the rest of the site is only served under its
    own domains.

    The host is compared as Django's ALLOWED_HOSTS check sees it: lower-cased, without the
    port, without one trailing dot. ``HEALTHCHECK.railway.app.:80`` is the same host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A host missing from ALLOWED_HOSTS is refused here (400), as CommonMiddleware would.
        if accepted_domain(request) == HEALTHCHECK_HOST and request.path_info != HEALTHCHECK_PATH:
            raise DisallowedHost(f"{HEALTHCHECK_HOST} n'est accepté que sur {HEALTHCHECK_PATH}")
        return self.get_response(request)
