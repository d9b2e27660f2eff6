"""Bakes tested as users get them: a fresh virtualenv with ONLY the generated requirements
files, then the project's own test suite against the real Redis, `check`,
`makemigrations --check` and ruff.

The default bake is not here: tests/test_ci_workflow.py runs its suite once, on PostgreSQL,
through the steps of its own GitHub workflow (the same checks, as its users' CI runs them).
"""

import pytest

from .baking import VENV_CACHE, bake, clean_env, fresh_venv, in_venv, run

# pre-commit's hooks where they see something the default bake does not: the bare project's
# templates (djLint) and Django 6.1's idioms (django-upgrade).
PRE_COMMIT = {"bare-project", "django-6.1-python-3.12"}
SUITES = {
    "sessions-cache": {"session_engine": "cache"},
    "bare-project": {"include_nsi_apps": "false"},
    "django-6.1-python-3.12": {"django_version": "6.1", "python_version": "3.12"},
}


@pytest.mark.parametrize("answers", SUITES.values(), ids=SUITES.keys())
def test_the_generated_project_passes_its_own_checks(tmp_path, request, answers):
    project = bake(tmp_path, **answers)
    venv = fresh_venv(project, answers.get("python_version", "3.12"), tmp_path / "venv")

    tests = run(in_venv(venv, "pytest", "-q", "-p", "no:cacheprovider"), cwd=project)
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
    run(in_venv(venv, "python", "manage.py", "check", "--fail-level", "WARNING"), cwd=project)
    run(in_venv(venv, "python", "manage.py", "makemigrations", "--check", "--dry-run"), cwd=project)
    run(in_venv(venv, "ruff", "check", "."), cwd=project)
    if request.node.callspec.id in PRE_COMMIT:
        run(["git", "init", "-q"], cwd=project)
        run(["git", "add", "-A"], cwd=project)
        env = clean_env(PRE_COMMIT_HOME=str(VENV_CACHE / "pre-commit"))
        hooks = run(in_venv(venv, "pre-commit", "run", "--all-files", "--show-diff-on-failure"), cwd=project, env=env)
        assert "django-upgrade" in hooks.stdout and "Failed" not in hooks.stdout
    # The installed Django is the one asked for.
    version = run(in_venv(venv, "python", "-m", "django", "--version"), cwd=project, env=clean_env())
    assert version.stdout.startswith(answers.get("django_version", "5.2"))
