"""The hooks' pure functions, called directly."""

import json
from pathlib import Path

import post_gen_project as post
import pre_gen_project as pre
import pytest

TEMPLATE_DIR = Path(__file__).resolve().parents[1]

DEFAULTS = {
    "project_name": "Portail NSI",
    "project_slug": "portail_nsi",
    "description": "Portail",
    "author_name": "Équipe NSI",
    "author_email": "nsi@example.org",
    "github_repository": "mon-lycee/portail-nsi",
    "python_version": "3.12",
    "django_version": "5.2",
    "session_engine": "cached_db",
    "cache_key_prefix": "portail_nsi",
    "cache_default_timeout": 300,
    "cache_ttl_long": 3600,
    "cache_ttl_medium": 600,
    "cache_ttl_short": 120,
    "redis_max_connections": 50,
    "redis_socket_timeout": 2,
    "include_nsi_apps": True,
    "use_railway": True,
    "use_github_actions": True,
    "license": "MIT",
    "time_zone": "Europe/Paris",
}


def test_the_answers_are_checked_after_the_last_prompt():
    """cookiecutter renders its variables in order: the check must come after every answer."""
    keys = [key for key in json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text()) if not key.startswith("_")]
    assert sorted(keys) == sorted(DEFAULTS)
    assert list(json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text()))[len(keys)] == "__answers_checked"


def test_the_defaults_are_valid():
    assert pre.validate(DEFAULTS) == []


@pytest.mark.parametrize("slug", ["portail_nsi", "nsi2", "lycee_jean_moulin"])
def test_good_slugs(slug):
    assert pre.check_slug(slug) is None


@pytest.mark.parametrize(
    "slug",
    [
        *("", "Portail", "2nde", "nsi-portail", "é", "import", "match", "json", "caching", "os", "a" * 51),
        # Installed by the requirements, though neither file names them.
        *("asgiref", "typing_extensions", "pluggy", "sqlparse", "railway_sdk", "psycopg_binary"),
        # The generated project's own top-level names.
        *("accounts", "courses", "exercises", "gamification", "teaching", "tests", "templates", "static", "manage", "conftest", "throttling"),
    ],
)
def test_bad_slugs(slug):
    message = pre.check_slug(slug)
    assert message.startswith("project_slug = ") and "\n" not in message


def test_a_slug_of_the_maximum_length_is_fine():
    assert pre.check_slug("a" * pre.SLUG_MAX_LENGTH) is None


@pytest.mark.parametrize("name", ["!!!", "🚀🎉", "« — »"])
def test_a_name_that_gives_no_slug_is_the_one_problem(name):
    answers = {**DEFAULTS, "project_name": name, "project_slug": "", "github_repository": "mon-organisation/"}
    problems = pre.validate({**answers, "cache_key_prefix": ""})
    assert len(problems) == 1
    assert problems[0].startswith(f"project_name = {name!r} refusé : attendu au moins une lettre ou un chiffre")


@pytest.mark.parametrize("value", ["MIT", "AGPL-3.0", "CC-BY-SA-4.0", "aucune"])
def test_good_licenses(value):
    assert pre.check_choice("license", value, pre.LICENSES) is None


@pytest.mark.parametrize("value", ["GPL", "mit", "", "none"])
def test_bad_licenses(value):
    assert pre.check_choice("license", value, pre.LICENSES).startswith(f"license = {value!r} refusé : attendu l'un de MIT")


@pytest.mark.parametrize(
    ("word", "answer"), [("oui", True), ("NON", False), (" yes ", True), ("false", False), (True, True)]
)
def test_yes_no_words(word, answer):
    assert pre.parse_boolean("use_railway", word) == (answer, None)


@pytest.mark.parametrize("word", ["maybe", "peut-être", "", None, 1])
def test_other_yes_no_answers_are_refused(word):
    answer, message = pre.parse_boolean("include_nsi_apps", word)
    assert answer is None and message == f"include_nsi_apps = {word!r} refusé : attendu oui ou non."


def test_normalized_answers_have_real_booleans():
    answers = pre.normalized({**DEFAULTS, "include_nsi_apps": "non", "use_railway": "Oui", "use_github_actions": "0"})
    assert (answers["include_nsi_apps"], answers["use_railway"], answers["use_github_actions"]) == (False, True, False)


def test_a_choice_outside_the_list_is_refused():
    problems = pre.validate({**DEFAULTS, "session_engine": "redis"})
    assert problems == ["session_engine = 'redis' refusé : attendu l'un de cached_db, cache, db."]


@pytest.mark.parametrize(("value", "number"), [(300, 300), ("300", 300), (" 42 ", 42)])
def test_positive_ints_accept_numbers_and_digit_strings(value, number):
    assert pre.parse_positive_int("x", value, 1000) == (number, None)


@pytest.mark.parametrize("value", [0, -1, "0", "1.5", "", "٣", True, None, 1001])
def test_positive_ints_refuse_the_rest(value):
    number, message = pre.parse_positive_int("cache_ttl_long", value, 1000)
    assert number is None and message.startswith("cache_ttl_long = ")


def test_ttl_order():
    assert pre.check_ttl_order(3600, 600, 120) is None
    assert pre.check_ttl_order(600, 600, 600) is None
    assert "long >= moyen >= court" in pre.check_ttl_order(100, 600, 120)


def test_every_problem_is_reported_once():
    answers = {**DEFAULTS, "author_email": "x", "cache_ttl_short": "zéro", "use_railway": "peut-être"}
    problems = pre.validate(answers)
    assert [p.split(" = ")[0] for p in problems] == ["author_email", "cache_ttl_short", "use_railway"]


def test_versions():
    assert pre.check_versions("3.12", "6.1") is None
    assert pre.check_versions("3.11", "5.2") is None
    assert pre.check_versions("3.11", "6.1").startswith("python_version = '3.11'")


def test_paths_to_remove_follow_the_answers():
    assert post.paths_to_remove(DEFAULTS) == []
    removed = post.paths_to_remove({**DEFAULTS, "use_railway": False, "use_github_actions": False})
    assert ".railway" in removed and ".github" in removed


def test_remove_paths_refuses_a_path_the_template_lacks(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent"):
        post.remove_paths(tmp_path, ["nope"])


def test_write_env_never_overwrites(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY=mine\n")
    post.write_env(tmp_path)
    assert (tmp_path / ".env").read_text() == "SECRET_KEY=mine\n"


def test_next_steps_are_french_and_name_the_project():
    text = post.next_steps(DEFAULTS)
    assert "cd portail_nsi" in text and "Étapes suivantes" in text
