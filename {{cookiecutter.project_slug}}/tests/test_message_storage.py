"""Messages (message_storage.py): Django's signed cookie, then the session; the signer made on first use."""

from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage as DjangoCookieStorage
from django.urls import reverse

from {{ cookiecutter.project_slug }}.message_storage import CookieStorage, FallbackStorage

LOGGED_OUT = "Vous êtes déconnecté. À bientôt !"


def test_a_page_without_a_message_builds_no_signer(client, db):
    response = client.get("/")
    storage = response.wsgi_request._messages
    assert isinstance(storage, FallbackStorage)
    cookie, _session = storage.storages
    assert isinstance(cookie, CookieStorage) and "signer" not in cookie.__dict__


def test_a_message_travels_in_the_signed_cookie_to_the_next_page(client, db):
    client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    # Signed as Django signs it: Django's own cookie storage reads it back.
    reader = DjangoCookieStorage(response.wsgi_request)
    assert [str(message) for message in reader._decode(client.cookies["messages"].value)] == [LOGGED_OUT]
    page = client.get(response["Location"])
    assert LOGGED_OUT in page.content.decode()
    assert LOGGED_OUT not in client.get("/").content.decode()  # shown once


def test_a_forged_message_cookie_is_ignored(client, db):
    client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    response = client.post(reverse("logout"))
    value = client.cookies["messages"].value
    client.cookies["messages"] = value[:-1] + ("A" if value[-1] != "A" else "B")  # its signature altered
    assert LOGGED_OUT not in client.get(response["Location"]).content.decode()
