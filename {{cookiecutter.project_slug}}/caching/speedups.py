"""The cache layer's speed-ups, each switchable by the ``CACHING_SPEEDUPS`` setting.

``fragments``    the ``cachedfragment`` tag caches the HTML of its block (off: rendered each time);
``prefetch``     a ``cached_page`` view reads its keys in one MGET (off: one GET per key);
``render_once``  the ``render_once`` and ``url_once`` tags memoise per process (off: each time).

Unset, fragments and render_once follow DEBUG (off while developing, so that a template
edit shows on the next request) and prefetch is on. Set ``CACHING_SPEEDUPS = {"prefetch":
False}`` to switch one off; names not given keep their default.
"""

from django.conf import settings
from django.core.signals import setting_changed

NAMES = ("fragments", "prefetch", "render_once")

# Asked several times by every page: read from the settings once (again when a test changes them).
_enabled: dict[str, bool] = {}


def enabled(name: str) -> bool:
    try:
        return _enabled[name]
    except KeyError:
        _enabled[name] = value = _from_settings(name)
        return value


def _from_settings(name: str) -> bool:
    chosen = getattr(settings, "CACHING_SPEEDUPS", None) or {}
    if name in chosen:
        return bool(chosen[name])
    return name == "prefetch" or not settings.DEBUG


def _settings_changed(setting, **kwargs):
    if setting in ("CACHING_SPEEDUPS", "DEBUG"):
        _enabled.clear()


setting_changed.connect(_settings_changed)
