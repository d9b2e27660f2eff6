"""The values every template gets (context_processors.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject


def test_templates_get_the_user_itself_not_the_lazy_request_user(client, db):
    camille = get_user_model().objects.create_user("camille", password="x" * 12)
    client.force_login(camille)
    response = client.get("/")
    user = response.context["user"]
    assert not isinstance(user, SimpleLazyObject)
    assert isinstance(user, get_user_model()) and user.pk == camille.pk
    assert user is response.wsgi_request.user._wrapped  # the request's own, loaded once
    assert "Se déconnecter" in response.content.decode()  # the layout knows who is signed in
    client.logout()
    response = client.get("/")
    visitor = response.context["user"]
    assert isinstance(visitor, AnonymousUser) and not isinstance(visitor, SimpleLazyObject)
    assert "Se connecter" in response.content.decode() and "Se déconnecter" not in response.content.decode()
