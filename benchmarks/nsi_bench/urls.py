"""The project's URLs, plus two reference views behind the same middleware.

- the ceiling: a view that does nothing (no session read, no query, no template);
- the layout floor: the project's base.html with an empty content block, for the logged-in
  user (session and user read, navigation rendered): what every portal page costs at least.
"""

import importlib

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


def ceiling(request):
    """The fastest page this server can answer: no session read, no query, no template."""
    return HttpResponse(b"ok\n", content_type="text/plain")


def layout(request):
    """The site's layout around nothing: the floor under any page that extends base.html."""
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/ceiling/", ceiling, name="bench-ceiling"),
    path("__bench__/layout/", layout, name="bench-layout"),
    *importlib.import_module(settings.PROJECT_URLCONF).urlpatterns,
]
