"""Key names: built from each read's declared template, safe for any input, each in its tier, declared once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from caching import keys
from caching.cached import cached, declared, family_of
from caching.tiers import Tier, ttl

ITEM = keys.KeyTemplate("item_{slug}")


@cached(Tier.SHORT, "keys_progress_{user_id}_{other_id}")
def progress(user_id, other_id):
    return None


def test_a_key_is_its_template_with_the_arguments():
    assert ITEM.build({"slug": "python-bases"}) == "item_python-bases"
    assert progress.key(42, 7) == progress.key(user_id=42, other_id=7) == "keys_progress_42_7"
    assert (ITEM.family, ITEM.single) == ("item_", False)
    assert (keys.KeyTemplate("all_items").family, keys.KeyTemplate("all_items").single) == ("all_items", True)


@pytest.mark.parametrize("template", ["{slug}_item", "item {slug}", "item_{slug!r}", "item_{0}"])
def test_a_template_without_a_fixed_safe_head_or_with_odd_fields_is_refused(template):
    with pytest.raises(ValueError):
        keys.KeyTemplate(template)


UNSAFE_SLUGS = ["les boucles", "récursivité", "x" * 300, "a:b*c?[d]", "", "数据结构", "tab\tnewline\n"]


@pytest.mark.parametrize("slug", UNSAFE_SLUGS)
def test_any_slug_gives_a_short_key_of_safe_characters(slug):
    key = ITEM.build({"slug": slug})
    assert key.startswith("item_")
    assert len(key) <= 100
    assert all(char.isascii() and (char.isalnum() or char in "_.-") for char in key), key


def test_different_inputs_never_share_a_key():
    slugs = [*UNSAFE_SLUGS, "les-boucles", "les_boucles", "recursivite", "x" * 301, "A:B*C?[D]"]
    assert len({ITEM.build({"slug": slug}) for slug in slugs}) == len(slugs)


def test_a_readable_part_survives_in_a_hashed_key():
    assert ITEM.build({"slug": "Récursivité avancée"}).startswith("item_Recursivite-avancee-")


def test_each_declared_family_is_found_with_its_tier_and_nothing_else():
    reads = declared()
    assert progress in reads
    for read in reads:
        example = read.key_for({name: 1 for name in read.key_template.fields})
        assert family_of(example) is read, read
        assert family_of(keys.fragment(example)) is read
        assert family_of(keys.lock(example)) is None
    assert family_of(progress.key(1, 2)).tier is Tier.SHORT
    assert family_of("undeclared_1") is None


def test_a_family_declared_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="keys_progress_"):
        # Another module declaring the same family: the key would have two meanings.
        exec(
            "from caching.cached import cached\n"
            "from caching.tiers import Tier\n"
            "@cached(Tier.LONG, 'keys_progress_{user_id}')\n"
            "def other(user_id): ...",
            {"__name__": "another_app.selectors"},
        )


def test_a_key_parameter_the_function_does_not_take_is_refused():
    with pytest.raises(ImproperlyConfigured, match="chapter_id"):

        @cached(Tier.SHORT, "keys_lonely_{chapter_id}")
        def lonely(user_id): ...


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
