"""Sign-up and password reset are limited too: accounts created and reset e-mails, per address."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from throttling import counters

from .factories import make_student

SCHOOL = "203.0.113.7"


@pytest.fixture(autouse=True)
def _empty_process_counters():
    counters.PROCESS_COUNTERS.clear()
    yield
    counters.PROCESS_COUNTERS.clear()


def sign_up(client, username, password="Algorithme-Glouton-2026", address=SCHOOL):
    form = {"username": username, "pseudo": "", "first_name": "", "last_name": "", "email": ""}
    form.update(password1=password, password2=password)
    response = client.post("/accounts/signup/", form, REMOTE_ADDR=address)
    client.logout()
    return response


def test_accounts_created_from_one_address_are_limited(client, db, redis_connection, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup_address": "2/h"}
    # A form sent back with an error creates nothing and counts for nothing.
    assert sign_up(client, "ada", password="123").status_code == 200
    assert sign_up(client, "ada").status_code == 302
    assert sign_up(client, "alan").status_code == 302

    refused = sign_up(client, "grace")
    assert refused.status_code == 429 and "Trop de tentatives, réessayez dans 60 minutes" in refused.content.decode()
    assert not get_user_model().objects.filter(username="grace").exists()
    assert sign_up(client, "grace", address="198.51.100.20").status_code == 302


def test_password_reset_mails_are_limited_per_address_asked_for(client, db, redis_connection, settings):
    settings.THROTTLE_RATES = {
        **settings.THROTTLE_RATES,
        "password_reset_account": "2/h",
        "password_reset_address": "3/h",
    }
    make_student("ada", email="ada@example.org")
    make_student("alan", email="alan@example.org")

    def reset(email):
        return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=SCHOOL)

    assert [reset("ADA@example.org ").status_code, reset("ada@example.org").status_code] == [302, 302]
    assert reset("ada@example.org").status_code == 429
    assert len(mail.outbox) == 2
    # Another address asked for works until the client address's own limit.
    assert reset("alan@example.org").status_code == 302
    assert reset("alan@example.org").status_code == 429
