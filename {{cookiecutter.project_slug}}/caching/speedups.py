"""The cache layer's speed-ups, each switchable by the ``CACHING_SPEEDUPS`` setting.

``fragments``    the ``cachedfragment`` tag caches the HTML of its block (off: rendered each time);
``prefetch``     a ``cached_page`` view reads its keys in one MGET (off: one GET per key);
``render_once``  the ``render_once`` and ``url_once`` tags memoise per process (off: each time).

Unset, fragments and render_once follow DEBUG (off while developing, so that a template
edit shows on the next request) and prefetch is on. Set ``CACHING_SPEEDUPS = {"prefetch":
False}`` to switch one off; names not given keep their default.
"""

from django.conf import settings

NAMES = ("fragments", "prefetch", "render_once")


def enabled(name: str) -> bool:
    chosen = getattr(settings, "CACHING_SPEEDUPS", None) or {}
    if name in chosen:
        return bool(chosen[name])
    return name == "prefetch" or not settings.DEBUG
