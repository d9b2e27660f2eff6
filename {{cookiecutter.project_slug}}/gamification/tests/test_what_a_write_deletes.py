"""The shared keys survive the writes that change nothing they show: logins above all.

transactional_db: the writes really commit, so the invalidation runs on commit as in production.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from accounts.tests.factories import PASSWORD, make_student
from caching import keys
from gamification.selectors import leaderboard

pytestmark = pytest.mark.django_db(transaction=True)


def shared() -> dict:
    return {name: cache.get(name) for name in (leaderboard.key(), keys.fragment(leaderboard.key()))}


def test_a_login_leaves_the_cached_leaderboard_and_its_html_in_place(client):
    make_student("ada", pseudo="Ada", xp=30)
    client.force_login(make_student("alan", pseudo="Alan", xp=10))
    assert client.get("/leaderboard/").status_code == 200
    assert None not in shared().values()

    response = Client().post("/accounts/login/", {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(username="ada").last_login is not None  # the login did save the row
    assert None not in shared().values()
    # What the leaderboard shows still deletes it.
    ada = User.objects.get(username="ada")
    ada.pseudo = "Ada L."
    ada.save()
    assert set(shared().values()) == {None}
    assert "Ada L." in client.get("/leaderboard/").content.decode()
