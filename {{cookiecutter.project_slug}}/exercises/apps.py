from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    """Exercises the server checks, and the students' attempts (never cached)."""

    name = "exercises"
    verbose_name = "Exercices"

    def ready(self):
        # Declares which cache keys the models feed (see invalidation.py).
        from . import invalidation  # noqa: F401
