from django.apps import AppConfig


class GamificationConfig(AppConfig):
    """Badges, levels and the leaderboard."""

    name = "gamification"
    verbose_name = "Badges et classement"

    def ready(self):
        from exercises.signals import answer_passed

        from .services import award_badges_for_passed_answer

        # exercises does not import this app: it announces a first success, and badges follow.
        answer_passed.connect(award_badges_for_passed_answer, dispatch_uid="gamification.award_badges")
