"""BENCH_MODE=redis-plain: the redis mode with the fragment, prefetch and render-once speed-ups switched off.

The cache layer as it was before them: every page reads its keys one GET at a time
(no prefetch), renders its shared lists on every request (no cachedfragment), and
renders the navigation and reverses the layout's URLs on every request (no
render_once / url_once), and renders each badge for each request (no cached badge
items). Applied by nsi_bench/urls.py, before the first request.
"""

import contextlib
import importlib.util

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe


def apply() -> None:
    from caching import prefetch
    from caching.templatetags import fragments

    prefetch.prefetched = lambda keys, alias="default": contextlib.nullcontext()
    fragments.CachedFragmentNode.render = lambda self, context: self.nodelist.render(context)
    fragments._render_once = lambda name, values, urlconf, prefix, language: render_to_string(name, dict(values))
    fragments._url_once = lambda name, urlconf, prefix: reverse(name, urlconf=urlconf)

    if importlib.util.find_spec("gamification") is not None:  # the bake has the NSI apps
        from gamification import rendering, selectors, views

        def badge_list_per_request(earned_ids):
            return mark_safe(  # noqa: S308 -- rendered by the template engine
                "".join(
                    render_to_string(rendering.ITEM_TEMPLATE, {"badge": badge, "earned": badge["id"] in earned_ids})
                    for badge in selectors.all_badges()
                )
            )

        views.badge_list_html = badge_list_per_request
