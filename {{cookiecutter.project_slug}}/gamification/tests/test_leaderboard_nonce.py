"""The leaderboard's one inline rule (the viewer's row) is allowed by a nonce of its own page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.test_security_headers import InlineCode, policy, response_nonce


@pytest.mark.django_db
def test_the_leaderboard_marks_the_viewers_row_with_a_nonce_of_its_own(client):
    call_command("seed_demo", "--allow-production", verbosity=0)  # the test runner turns DEBUG off
    client.force_login(get_user_model().objects.get(username="eleve.ada"))
    first, second = client.get("/leaderboard/"), client.get("/leaderboard/")
    nonces = [response_nonce(response) for response in (first, second)]
    assert None not in nonces and nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f"'nonce-{nonce}'" in policy(response)["style-src"]
        html = response.content.decode()
        parser = InlineCode(nonce)
        parser.feed(html)
        assert parser.inline_styles == 1 and parser.blocked == []
        assert re.search(rf'<style nonce="{nonce}">\.leaderboard tbody tr:nth-child\(\d+\)', html)
        # Per viewer, with a nonce used once: no shared cache may keep it.
        assert response["Cache-Control"] == "private"
