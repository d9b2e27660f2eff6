from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "throttling"
    verbose_name = "Limitation des tentatives"

    def ready(self):
        from . import rules, signals  # noqa: F401 - connects the login signals

        # A bad THROTTLE_* value stops the start with one line, not the first login.
        rules.configured_rates()
