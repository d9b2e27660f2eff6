from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users (élève, professeur, admin), classes and enrolments."""

    name = "accounts"
    verbose_name = "Comptes et classes"

    def ready(self):
        # Declares which cache keys the models feed (see invalidation.py).
        from . import invalidation  # noqa: F401
