"""The forms' CSRF token (csrf_token.py): Django's own format, a new mask each time, checked by Django."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse

from {{ cookiecutter.project_slug }}.csrf_token import UNBIASED, mask, masked_token

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_masked_secret_is_a_token_django_unmasks_to_that_secret():
    tokens = {mask(SECRET) for _ in range(50)}
    assert len(tokens) == 50  # a new mask each time: the page's token never repeats (BREACH)
    for token in tokens:
        assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET


def test_every_character_of_the_mask_is_as_likely_as_the_others():
    # 62 characters from bytes below 248: 4 bytes each, none favoured by the modulo.
    assert 4 * len(CSRF_ALLOWED_CHARS) == UNBIASED
    counts = Counter(char for _ in range(2000) for char in mask(SECRET)[:CSRF_SECRET_LENGTH])
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)  # about 1 032 each
    assert all(0.8 * expected < count < 1.2 * expected for count in counts.values()), counts


def test_the_token_renews_the_cookie_as_get_token_does():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = SECRET
    assert _unmask_cipher_token(masked_token(request)) == SECRET
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    # Without a secret yet, Django's get_token draws one (and its cookie is set).
    fresh = RequestFactory().get("/")
    token = masked_token(fresh)
    assert _unmask_cipher_token(token) == fresh.META["CSRF_COOKIE"]


@pytest.fixture
def signed_in(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    return client


def test_the_logout_form_of_a_page_carries_a_token_csrf_accepts(signed_in):
    # Listed after Django's built-in processor (always first), so its csrf_token is the one printed.
    assert "{{ cookiecutter.project_slug }}.context_processors.csrf" in engines["django"].engine.context_processors
    first = signed_in.get("/")
    second = signed_in.get("/")
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]
    # The same secret under both masks: the one of the browser's cookie, sent again to renew it.
    secret = signed_in.cookies["csrftoken"].value
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert "csrftoken" in second.cookies
    response = signed_in.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_a_forged_token_is_still_refused(signed_in):
    signed_in.get("/")
    forged = mask("Z" * CSRF_SECRET_LENGTH)  # well formed, another secret
    response = signed_in.post(reverse("logout"), {"csrfmiddlewaretoken": forged})
    assert response.status_code == 403
    assert "_auth_user_id" in signed_in.session
