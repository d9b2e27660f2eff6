"""Production middleware."""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

# Railway's healthcheck sends this Host header, over plain http, from inside Railway.
HEALTHCHECK_HOST = "healthcheck.railway.app"
HEALTHCHECK_PATH = "/health/"


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
        # get_host() refuses a host missing from ALLOWED_HOSTS (400), as CommonMiddleware would.
        domain, _port = split_domain_port(request.get_host())
        if domain == HEALTHCHECK_HOST and request.path_info != HEALTHCHECK_PATH:
            raise DisallowedHost(f"{HEALTHCHECK_HOST} n'est accepté que sur {HEALTHCHECK_PATH}")
        return self.get_response(request)
