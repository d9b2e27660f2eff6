"""Project-wide pages: the home page, and the two authentication views the project adjusts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


class LogoutView(auth_views.LogoutView):
    """Django's (POST only), with a message on the page it redirects to.

    The message is added after the session is flushed: it travels in the messages cookie
    (FallbackStorage), so it survives the logout on Django 5.2 and 6.1 alike."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté. À bientôt !")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, the e-mail naming the portal rather than the host name the request came in on."""

    extra_email_context = {"site_name": settings.PROJECT_NAME}
