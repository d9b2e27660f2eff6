"""Bad answers: the hook refuses them in one line naming the field, and leaves nothing behind."""

import pytest
from cookiecutter.exceptions import FailedHookException

from .baking import bake

BAD_ANSWERS = [
    ("project_slug", "Portail NSI"),
    ("project_slug", "2nde_nsi"),
    ("project_slug", "class"),
    ("project_slug", "django"),
    ("project_slug", "redis"),
    ("project_slug", "site"),
    ("project_slug", "test"),
    ("project_slug", "courses"),
    ("project_slug", "portail-nsi"),
    ("author_email", "prof.lycee.fr"),
    ("author_email", "prof @lycee.fr"),
    ("cache_key_prefix", "mon portail"),
    ("cache_key_prefix", "nsi*"),
    ("cache_key_prefix", "nsi[1]"),
    ("cache_ttl_long", "-5"),
    ("cache_ttl_short", "0"),
    ("cache_ttl_medium", "dix"),
    ("cache_default_timeout", "2.5"),
    ("redis_max_connections", "0"),
    ("redis_max_connections", "beaucoup"),
    ("redis_socket_timeout", "-1"),
    ("github_repository", "pas un dépôt"),
    ("time_zone", "Paris"),
    ("language_code", "Français"),
    ("project_name", "<script>alert(1)</script>"),
]


@pytest.mark.parametrize(("field", "value"), BAD_ANSWERS, ids=[f"{f}={v}" for f, v in BAD_ANSWERS])
def test_a_bad_answer_is_refused_with_one_line_and_nothing_is_left(tmp_path, capfd, field, value):
    answers = {field: value}
    if field == "project_slug":
        # Prefix and repository default from the slug: keep them valid, only the slug is at fault.
        answers.update(cache_key_prefix="nsi", github_repository="mon-lycee/nsi")
    with pytest.raises(FailedHookException):
        bake(tmp_path, **answers)

    errors = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Erreur")]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"Erreur : {field} = ")
    assert "attendu" in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_ttl_order_is_enforced(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, cache_ttl_long="60", cache_ttl_medium="600", cache_ttl_short="120")
    (error,) = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Erreur")]
    assert "cache_ttl_long/medium/short" in error and "60/600/120" in error
    assert list(tmp_path.iterdir()) == []


def test_django_6_needs_python_3_12(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, django_version="6.1", python_version="3.11")
    (error,) = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Erreur")]
    assert "python_version = '3.11'" in error and "Django 6" in error
    assert list(tmp_path.iterdir()) == []


def test_an_existing_project_is_never_overwritten(tmp_path):
    project = bake(tmp_path)
    (project / "notes.txt").write_text("travail de l'élève")
    with pytest.raises(Exception, match="already exists"):
        bake(tmp_path)
    assert (project / "notes.txt").read_text() == "travail de l'élève"
