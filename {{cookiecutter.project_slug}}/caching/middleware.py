"""A Redis outage that a view cannot hide becomes a French 503 page, not a 500 error.

Cached reads never get here: the cache turns an outage into a miss. What remains is what
cannot work without Redis, such as a login with SESSION_STORE=cache (the session has
nowhere else to live). The circuit breaker makes that error immediate; this says so
politely and invites the visitor to retry, which the breaker allows a few seconds later.

The page is the project's ``503.html`` (like Django's ``500.html``: rendered without a request,
so no context processor, session or cache read), or PAGE in a project that has none.
"""

from django.http import HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 10
TEMPLATE_NAME = "503.html"
PAGE = (
    "<!doctype html><html lang='fr'><meta charset='utf-8'><title>Service momentanément indisponible</title>"
    "<h1>Service momentanément indisponible</h1>"
    "<p>Le stockage des sessions ne répond pas. Réessayez dans quelques secondes.</p></html>"
)


class RedisOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RedisConnectionError | RedisTimeoutError):
            try:
                page = render_to_string(TEMPLATE_NAME)
            except TemplateDoesNotExist:
                page = PAGE
            response = HttpResponse(page, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None
