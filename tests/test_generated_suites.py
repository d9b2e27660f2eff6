"""Bakes tested as users get them: a fresh virtualenv with ONLY the generated requirements
files, then the project's own test suite against the real Redis, `check`,
`makemigrations --check` and ruff.

The default bake is not here: tests/test_ci_workflow.py runs its suite once, on PostgreSQL,
through the steps of its own GitHub workflow (the same checks, as its users' CI runs them).
"""

import pytest

from .baking import bake, clean_env, fresh_venv, in_venv, run

SUITES = {
    "sessions-cache": {"session_engine": "cache"},
    "bare-project": {"include_nsi_apps": "false"},
    "django-6.1-python-3.12": {"django_version": "6.1", "python_version": "3.12"},
}


@pytest.mark.parametrize("answers", SUITES.values(), ids=SUITES.keys())
def test_the_generated_project_passes_its_own_checks(tmp_path, answers):
    project = bake(tmp_path, **answers)
    venv = fresh_venv(project, answers.get("python_version", "3.12"), tmp_path / "venv")

    tests = run(in_venv(venv, "pytest", "-q", "-p", "no:cacheprovider"), cwd=project)
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
    run(in_venv(venv, "python", "manage.py", "check", "--fail-level", "WARNING"), cwd=project)
    run(in_venv(venv, "python", "manage.py", "makemigrations", "--check", "--dry-run"), cwd=project)
    run(in_venv(venv, "ruff", "check", "."), cwd=project)
    # The installed Django is the one asked for.
    version = run(in_venv(venv, "python", "-m", "django", "--version"), cwd=project, env=clean_env())
    assert version.stdout.startswith(answers.get("django_version", "5.2"))
