from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The tiered cache layer: tiers, keys, read-through, invalidation, health, commands."""

    name = "caching"
    verbose_name = "Cache"
