from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The tiered cache layer: tiers, keys, read-through, invalidation, health, commands."""

    name = "caching"
    verbose_name = "Cache"

    def ready(self):
        # Registers the replay of invalidations lost during a Redis outage.
        from . import invalidation  # noqa: F401
