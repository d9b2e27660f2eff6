"""Key names: the seed's, safe for any input, each in its tier."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from caching import keys
from caching.tiers import Tier, ttl


def test_the_keys_are_named_as_in_the_seed():
    assert keys.courses_published() == "courses_published"
    assert keys.course("python-bases") == "course_python-bases"
    assert keys.chapter_content("boucles") == "chapter_content_boucles"
    assert keys.all_badges() == "all_badges"
    assert keys.leaderboard_global() == "leaderboard_global"
    assert keys.user_stats(42) == "user_stats_42"
    assert keys.chapter_progress(42, 7) == "chapter_progress_42_7"
    assert keys.recent_attempts(42) == "recent_attempts_42"


UNSAFE_SLUGS = ["les boucles", "récursivité", "x" * 300, "a:b*c?[d]", "", "数据结构", "tab\tnewline\n"]


@pytest.mark.parametrize("slug", UNSAFE_SLUGS)
def test_any_slug_gives_a_short_key_of_safe_characters(slug):
    key = keys.course(slug)
    assert key.startswith("course_")
    assert len(key) <= 100
    assert all(char.isascii() and (char.isalnum() or char in "_.-") for char in key), key


def test_different_inputs_never_share_a_key():
    slugs = [*UNSAFE_SLUGS, "les-boucles", "les_boucles", "recursivite", "x" * 301, "A:B*C?[D]"]
    assert len({keys.chapter_content(slug) for slug in slugs}) == len(slugs)


def test_a_readable_part_survives_in_a_hashed_key():
    assert keys.course("Récursivité avancée").startswith("course_Recursivite-avancee-")


def test_every_seed_key_belongs_to_the_family_of_its_tier():
    expected = {
        keys.courses_published(): Tier.LONG,
        keys.course("c"): Tier.LONG,
        keys.chapter_content("c"): Tier.LONG,
        keys.all_badges(): Tier.LONG,
        keys.leaderboard_global(): Tier.MEDIUM,
        keys.user_stats(1): Tier.MEDIUM,
        keys.chapter_progress(1, 2): Tier.SHORT,
        keys.recent_attempts(1): Tier.SHORT,
    }
    assert {key: keys.family_of(key).tier for key in expected} == expected
    assert keys.family_of("session_user_1") is None
    assert keys.family_of(keys.lock(keys.course("c"))) is None


def test_ttls_come_from_settings_and_none_is_never_stored(settings):
    assert ttl(Tier.LONG) == settings.CACHE_TTL["long"]
    assert ttl(Tier.MEDIUM) == settings.CACHE_TTL["medium"]
    assert ttl(Tier.SHORT) == settings.CACHE_TTL["short"]
    assert ttl(Tier.NONE) is None
    settings.CACHE_TTL = {**settings.CACHE_TTL, "short": 5}
    assert ttl(Tier.SHORT) == 5


def test_tier_ttls_follow_the_environment_without_a_code_change(settings):
    code = "import django; django.setup(); from caching.tiers import Tier, ttl; print(ttl(Tier.LONG), ttl(Tier.SHORT))"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "CACHE_TTL_LONG": "7200",
        "CACHE_TTL_SHORT": "30",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7200", "30"]
