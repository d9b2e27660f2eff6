from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users (élève, professeur, admin), classes and enrolments."""

    name = "accounts"
    verbose_name = "Comptes et classes"

    def ready(self):
        # Declares which cache keys the models feed (see invalidation.py).
        from caching.prefetch import also_for_every_user

        from . import invalidation  # noqa: F401
        from .selectors import session_user_key

        # request.user's cached row comes in the same round trip as the page's keys.
        also_for_every_user(session_user_key)
