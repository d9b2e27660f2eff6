"""The DEBUG error page (and the error reports) never show the password inside a URL."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

# Built at run time: the page also shows the source lines around the failure, this file's included.
MARK = "Z" + "q9"
REDIS_URL = f"redis://default:{MARK}-redis@redis.railway.internal:6379/0"
DATABASE_URL = f"postgres://portail:{MARK}-postgres@postgres.railway.internal:5432/railway"


def failing_view(request):
    url = REDIS_URL  # noqa: F841 - a local variable the page lists
    kwargs = {"host": "redis.railway.internal", "password": f"{MARK}-kwargs"}  # noqa: F841
    raise RuntimeError("la page a échoué")


urlpatterns = [path("echec/", failing_view)]


@pytest.fixture
def debug_page_settings():
    caches = {**settings.CACHES, "copie": {**settings.CACHES["default"], "LOCATION": REDIS_URL}}
    with override_settings(DEBUG=True, ROOT_URLCONF=__name__, REDIS_URL=REDIS_URL, CACHES=caches):
        yield


def test_the_debug_page_masks_the_credentials_of_settings_environment_and_variables(debug_page_settings):
    client = Client(raise_request_exception=False)

    # What runserver puts in request.META: the whole environment.
    response = client.get("/echec/", REDIS_URL=REDIS_URL, DATABASE_URL=DATABASE_URL)

    body = response.content.decode()
    assert response.status_code == 500
    assert "la page a échoué" in body  # Django's technical page, not the plain 500
    assert MARK not in body
    # Still useful for debugging: which host, port and database.
    assert "redis://default:***@redis.railway.internal:6379/0" in body
    assert "postgres://portail:***@postgres.railway.internal:5432/railway" in body


def test_the_project_uses_the_filter():
    from django.views.debug import get_default_exception_reporter_filter

    from {{ cookiecutter.project_slug }}.error_reporting import CredentialsReporterFilter

    assert isinstance(get_default_exception_reporter_filter(), CredentialsReporterFilter)
