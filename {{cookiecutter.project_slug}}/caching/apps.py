from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CachingConfig(AppConfig):
    """The tiered cache layer: tiers, keys, read-through, invalidation, health, commands."""

    name = "caching"
    verbose_name = "Cache"

    def ready(self):
        # Registers the replay of invalidations lost during a Redis outage.
        from . import invalidation  # noqa: F401

        # Each app's cached reads (``@cached`` in <app>/selectors.py) declare their keys and
        # connect their invalidation signals when imported: import them all, at start-up.
        autodiscover_modules("selectors")
