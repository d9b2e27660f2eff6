"""BENCH_MODE=redis-plain: the redis mode with issue 6's speed-ups switched off.

The cache layer as it was before them: every page reads its keys one GET at a time
(no prefetch), renders its shared lists on every request (no cachedfragment), and
renders the navigation and reverses the layout's URLs on every request (no
render_once / url_once). Applied by nsi_bench/urls.py, before the first request.
"""

import contextlib

from django.template.loader import render_to_string
from django.urls import reverse


def apply() -> None:
    from caching import prefetch
    from caching.templatetags import fragments

    prefetch.prefetched = lambda keys, alias="default": contextlib.nullcontext()
    fragments.CachedFragmentNode.render = lambda self, context: self.nodelist.render(context)
    fragments._render_once = lambda name, values, script_prefix, language: render_to_string(name, dict(values))
    fragments._url_once = lambda name, urlconf, script_prefix: reverse(name, urlconf=urlconf)
