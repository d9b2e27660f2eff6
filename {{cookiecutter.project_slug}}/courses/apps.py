from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Courses, their chapters and the Markdown content of each chapter."""

    name = "courses"
    verbose_name = "Cours"

    def ready(self):
        # Declares which cache keys the models feed (see invalidation.py).
        from . import invalidation  # noqa: F401
