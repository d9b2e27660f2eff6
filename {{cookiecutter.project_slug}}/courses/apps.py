from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Courses, their chapters and the Markdown content of each chapter."""

    name = "courses"
    verbose_name = "Cours"
