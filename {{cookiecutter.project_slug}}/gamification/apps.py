from django.apps import AppConfig


class GamificationConfig(AppConfig):
    """Badges, levels and the leaderboard."""

    name = "gamification"
    verbose_name = "Badges et classement"
