"""Production middleware."""

from django.http import HttpResponseBadRequest

# Railway's healthcheck sends this Host header, over plain http, from inside Railway.
HEALTHCHECK_HOST = "healthcheck.railway.app"
HEALTHCHECK_PATH = "/health/"


class HealthcheckHostMiddleware:
    """Accept Railway's healthcheck host on /health/ only.

    prod.py adds ``healthcheck.railway.app`` to ALLOWED_HOSTS, otherwise Django answers the
    healthcheck 400 and Railway never routes traffic to the new deployment. This middleware,
    first in the list, refuses that host on every other path with the same 400 Django gives
    an unknown host, so the rest of the site is only served under its own domains.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "").split(":", 1)[0].lower()
        if host == HEALTHCHECK_HOST and request.path_info != HEALTHCHECK_PATH:
            return HttpResponseBadRequest(f"{HEALTHCHECK_HOST} n'est accepté que sur {HEALTHCHECK_PATH}")
        return self.get_response(request)
