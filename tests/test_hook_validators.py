"""The hooks' pure functions, called directly."""

import pre_gen_project as pre
import pytest

import post_gen_project as post

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
    "language_code": "fr-fr",
    "time_zone": "Europe/Paris",
}


def test_the_defaults_are_valid():
    assert pre.validate(DEFAULTS) == []


@pytest.mark.parametrize("slug", ["portail_nsi", "nsi2", "lycee_jean_moulin"])
def test_good_slugs(slug):
    assert pre.check_slug(slug) is None


@pytest.mark.parametrize(
    "slug", ["", "Portail", "2nde", "nsi-portail", "é", "import", "match", "json", "caching", "throttling", "os"]
)
def test_bad_slugs(slug):
    message = pre.check_slug(slug)
    assert message.startswith("project_slug = ") and "\n" not in message


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
