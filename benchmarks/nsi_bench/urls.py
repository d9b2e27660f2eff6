"""The project's URLs, plus the ceiling: a view that does nothing, behind the same middleware."""

import importlib

from django.conf import settings
from django.http import HttpResponse
from django.urls import path


def ceiling(request):
    """The fastest page this server can answer: no session read, no query, no template."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("__bench__/ceiling/", ceiling, name="bench-ceiling"),
    *importlib.import_module(settings.PROJECT_URLCONF).urlpatterns,
]
