"""Views that say which cached reads they make: ONE Redis round trip for all of them.

    @cached_page(reads=[selectors.book, selectors.book.html, selectors.reading_list])
    @login_required
    def book(request, slug): ...

Each read's key parameters come from the view's URL arguments of the same name, and
``user_id`` from the session. Before the view runs, ``PrefetchMiddleware`` (placed after
AuthenticationMiddleware) fetches these keys, plus those of every read declared with
``every_page=True`` (the signed-in user's row, which ``request.user`` reads), in one
``get_many`` (MGET). The middleware works from the view's declaration, before any decorator
runs: the order of ``cached_page`` and ``login_required`` does not matter.

List what the page reads on every request: the cached HTML (``selector.html``) rather than
the data it is rendered from, which is only read when the fragment is missing (and then read
again under the fragment's lock, never from this snapshot).

Only for signed-in requests: the user id comes from the session, before the user is loaded.
Switched off by ``CACHING_SPEEDUPS = {"prefetch": False}`` (caching/speedups.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured

from . import prefetch, speedups
from .cached import every_page_reads

READS_ATTR = "cached_page_reads"


def cached_page(*, reads: Iterable):
    """Declare the cached reads (``selector`` or ``selector.html``) a view makes on every request."""
    reads = tuple(reads)

    def decorate(view):
        # An attribute, not a wrapper: functools.wraps (login_required…) copies it outwards.
        setattr(view, READS_ATTR, reads)
        return view

    return decorate


def page_keys(reads: Iterable, params: dict) -> list[str]:
    keys = []
    for read in (*every_page_reads(), *reads):
        missing = [name for name in read.key_template.fields if name not in params]
        if missing:
            raise ImproperlyConfigured(f"cached_page : la clé {read.key_template.template!r} attend {missing}.")
        keys.append(read.key_for(params))
    return keys


class PrefetchMiddleware:
    """Reads the keys a ``cached_page`` view declares, in one round trip, before it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = prefetch.start()
        try:
            return self.get_response(request)
        finally:
            prefetch.end(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = getattr(view_func, READS_ATTR, None)
        if reads is None or not speedups.enabled("prefetch"):
            return None
        user_id = request.session.get(SESSION_KEY)
        if user_id is None:
            return None
        prefetch.fill(page_keys(reads, {**view_kwargs, "user_id": user_id}))
        return None
