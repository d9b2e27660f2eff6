"""request.user comes from Redis without its password hash, and sessions still follow the password."""

import pickle

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.selectors import session_user
from accounts.tests.factories import PASSWORD, make_student

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "un-tout-nouveau-mot-de-passe-42"


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/courses/").status_code == 200  # request.user is now in the cache
    return client


@pytest.mark.parametrize(
    ("hasher", "algorithm"), [("PBKDF2PasswordHasher", "pbkdf2_sha256"), ("MD5PasswordHasher", "md5")]
)
def test_redis_never_holds_the_password_hash(hasher, algorithm, settings, redis_connection):
    # Django's default hasher as well as the tests' fast one.
    settings.PASSWORD_HASHERS = [f"django.contrib.auth.hashers.{hasher}"]
    student = make_student()
    assert student.password.startswith(f"{algorithm}$")
    logged_in_client(student)

    raw = redis_connection.get(cache.make_key(session_user.key(student.pk)))

    assert raw is not None
    assert student.password.encode() not in raw
    assert b"pbkdf2" not in raw and b"md5$" not in raw
    cached = pickle.loads(raw)
    assert cached.pk == student.pk and cached.username == student.username
    assert "password" not in cached.__dict__


def test_a_warm_page_checks_the_session_without_loading_the_password(redis_connection):
    client = logged_in_client(make_student())

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/courses/").status_code == 200

    # The session's HMAC is checked against the one cached with the user: no query for the row.
    assert [query["sql"] for query in queries if "accounts_user" in query["sql"]] == []


def test_a_password_change_through_the_form_keeps_this_session_and_ends_the_others(redis_connection):
    student = make_student()
    here, elsewhere = logged_in_client(student), logged_in_client(student)

    response = here.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_user_model().objects.get(pk=student.pk).check_password(NEW_PASSWORD)
    assert here.get("/courses/").status_code == 200
    assert elsewhere.get("/courses/").status_code == 302


def test_a_wrong_old_password_is_refused_by_the_form(redis_connection):
    client = logged_in_client(make_student())

    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pas-le-bon", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200  # the form again, with its error
    assert client.get("/courses/").status_code == 200


def test_a_login_after_a_secret_key_rotation_survives_a_user_cached_with_the_old_key(settings, redis_connection):
    student = make_student()
    logged_in_client(student)  # cached with an HMAC made with the old key
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "une-toute-nouvelle-cle-" * 3, [old_key]
    fresh = Client()
    fresh.force_login(student)  # its session holds the HMAC made with the new key
    # During the deploy, a process still running with the old key caches the user again.
    with override_settings(SECRET_KEY=old_key, SECRET_KEY_FALLBACKS=[]):
        cache.delete(session_user.key(student.pk))
        session_user(student.pk)

    assert fresh.get("/courses/").status_code == 200
    assert fresh.get("/courses/").status_code == 200
