"""Bad answers: refused in one line naming the field, and nothing is left behind.

The refusal comes from the check run after the last prompt (hooks/answer_checks.py): a
FailedHookException whose message is the French lines, raised before any file is created.
"""

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
    ("project_slug", "asgiref"),
    ("project_slug", "typing_extensions"),
    ("project_slug", "pluggy"),
    ("project_slug", "railway_sdk"),
    ("project_slug", "gamification"),
    ("project_slug", "static"),
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
    ("license", "GPL"),
    ("license", "mit"),
    ("project_name", "<script>alert(1)</script>"),
    ("project_name", "!!!"),
    ("project_name", "🚀🎉"),
    ("include_nsi_apps", "maybe"),
    ("use_railway", "peut-être"),
    ("use_github_actions", "2"),
    ("session_engine", "redis"),
    ("python_version", "3.10"),
    ("django_version", "4.2"),
]


def refusals(excinfo, capfd) -> list[str]:
    """The French lines, from the exception or, had the pre-generation hook refused, its output."""
    lines = str(excinfo.value).splitlines() + capfd.readouterr().err.splitlines()
    return [line for line in lines if line.startswith("Erreur")]


@pytest.mark.parametrize(("field", "value"), BAD_ANSWERS, ids=[f"{f}={v}" for f, v in BAD_ANSWERS])
def test_a_bad_answer_is_refused_with_one_line_and_nothing_is_left(tmp_path, capfd, field, value):
    answers = {field: value}
    if field == "project_slug":
        # Prefix and repository default from the slug: keep them valid, only the slug is at fault.
        answers.update(cache_key_prefix="nsi", github_repository="mon-lycee/nsi")
    with pytest.raises(FailedHookException) as excinfo:
        bake(tmp_path, **answers)

    errors = refusals(excinfo, capfd)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"Erreur : {field} = ")
    assert "attendu" in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_ttl_order_is_enforced(tmp_path, capfd):
    with pytest.raises(FailedHookException) as excinfo:
        bake(tmp_path, cache_ttl_long="60", cache_ttl_medium="600", cache_ttl_short="120")
    (error,) = refusals(excinfo, capfd)
    assert "cache_ttl_long/medium/short" in error and "60/600/120" in error
    assert list(tmp_path.iterdir()) == []


def test_django_6_needs_python_3_12(tmp_path, capfd):
    with pytest.raises(FailedHookException) as excinfo:
        bake(tmp_path, django_version="6.1", python_version="3.11")
    (error,) = refusals(excinfo, capfd)
    assert "python_version = '3.11'" in error and "Django 6" in error
    assert list(tmp_path.iterdir()) == []


def test_an_existing_project_is_never_overwritten(tmp_path):
    project = bake(tmp_path)
    (project / "notes.txt").write_text("travail de l'élève")
    with pytest.raises(Exception, match="already exists"):
        bake(tmp_path)
    assert (project / "notes.txt").read_text() == "travail de l'élève"
