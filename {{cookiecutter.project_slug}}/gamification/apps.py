from django.apps import AppConfig


class GamificationConfig(AppConfig):
    """Badges, levels and the leaderboard."""

    name = "gamification"
    verbose_name = "Badges et classement"

    def ready(self):
        # Declares which cache keys the models feed (see invalidation.py).
        from . import invalidation  # noqa: F401
