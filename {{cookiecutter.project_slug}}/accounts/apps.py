from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users (élève, professeur, admin), classes and enrolments."""

    name = "accounts"
    verbose_name = "Comptes et classes"
