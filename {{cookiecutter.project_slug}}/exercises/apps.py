from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    """Exercises the server checks, and the students' attempts (never cached)."""

    name = "exercises"
    verbose_name = "Exercices"
