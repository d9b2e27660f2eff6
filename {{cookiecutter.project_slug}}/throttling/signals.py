"""Failed and successful logins, from django.contrib.auth's signals.

Every login form (the site's, the admin's) calls ``authenticate(request, ...)``, which sends
``user_login_failed`` with the request: counting there covers them all, whatever the view.
Calls without a request (``Client.login`` in tests, scripts) are not visitors and not counted.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import guard


@receiver(user_login_failed, dispatch_uid="throttling_login_failed")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    field = get_user_model().USERNAME_FIELD
    guard.count("login", request, account=str(credentials.get(field) or credentials.get("username") or ""))


@receiver(user_logged_in, dispatch_uid="throttling_logged_in")
def clear_account_failures(sender, request, user, **kwargs):
    # Only after a real login form: force_login() and sign-up have no password to guess.
    if request is not None and request.method == "POST" and getattr(request, "throttle_policy", None) == "login":
        guard.forget_account("login", user.get_username())
