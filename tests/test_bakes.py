"""Bake the defaults, then each option varied one at a time (not every combination).

For each bake: no unrendered Jinja, ruff clean, `manage.py check` clean, in a virtualenv
built from that bake's own requirements files.
"""

import pytest

from .baking import bake, clean_env, in_venv, run, unrendered_files, venv_for

VARIATIONS = {
    "defaults": {},
    "python-3.13": {"python_version": "3.13"},
    "python-3.11": {"python_version": "3.11"},
    "django-6.1": {"django_version": "6.1"},
    "sessions-cache": {"session_engine": "cache"},
    "sessions-db": {"session_engine": "db"},
    "bare-project": {"include_nsi_apps": "false"},
    "no-railway": {"use_railway": "false"},
    "no-github-actions": {"use_github_actions": "false"},
    "accented-name": {"project_name": "Lycée d'Été – Spécialité NSI"},
    "custom-cache-answers": {
        "cache_key_prefix": "lycee-nsi.v2",
        "cache_ttl_long": "7200",
        "cache_ttl_medium": "900",
        "cache_ttl_short": "60",
        "redis_max_connections": "20",
        "redis_socket_timeout": "2",
    },
    "utc-agpl": {"time_zone": "UTC", "license": "AGPL-3.0"},
}


@pytest.mark.parametrize("answers", VARIATIONS.values(), ids=VARIATIONS.keys())
def test_bake_renders_lints_and_checks(tmp_path, answers):
    project = bake(tmp_path, **answers)

    assert unrendered_files(project) == []
    venv = venv_for(project, answers.get("python_version", "3.12"))
    run(in_venv(venv, "ruff", "check", "."), cwd=project)
    run(in_venv(venv, "ruff", "format", "--check", "."), cwd=project)
    result = run(in_venv(venv, "python", "manage.py", "check", "--fail-level", "WARNING"), cwd=project)
    assert "no issues" in result.stdout


def test_accented_name_gives_an_ascii_slug(tmp_path):
    project = bake(tmp_path, project_name="Lycée d'Été – Spécialité NSI")
    assert project.name == "lycee_d_ete_specialite_nsi"
    settings = (project / project.name / "settings" / "base.py").read_text()
    assert "PROJECT_NAME = \"Lyc\\u00e9e d\\u0027\\u00c9t\\u00e9" in settings


def test_env_gets_a_fresh_secret_and_is_git_ignored(tmp_path):
    first = bake(tmp_path / "a")
    second = bake(tmp_path / "b")
    secrets = [
        next(line for line in (p / ".env").read_text().splitlines() if line.startswith("SECRET_KEY="))
        for p in (first, second)
    ]
    assert secrets[0] != secrets[1]
    assert len(secrets[0]) > len("SECRET_KEY=") + 50
    assert ".env" in (first / ".gitignore").read_text().splitlines()
    assert (first / ".env").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("option", "removed"),
    [("use_railway", ".railway"), ("use_github_actions", ".github")],
)
def test_unchosen_parts_are_removed(tmp_path, option, removed):
    assert (bake(tmp_path / "yes") / removed).exists()
    assert not (bake(tmp_path / "no", **{option: "false"}) / removed).exists()


def test_generation_needs_no_network(tmp_path):
    """Bake in a subprocess whose every socket connection fails."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network disabled in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from cookiecutter.main import cookiecutter\n"
        f"cookiecutter({str(bake.__globals__['TEMPLATE_DIR'])!r}, no_input=True, output_dir={str(tmp_path)!r})\n"
    )
    import sys

    run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env())
    assert (tmp_path / "portail_nsi" / "manage.py").exists()
