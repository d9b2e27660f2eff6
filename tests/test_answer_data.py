"""The facts the hook reads about the generated project's environment are current.

hooks/dependency_modules.json is computed by hooks/installed_names.py in a virtualenv of the
generated requirements, for each Django version the template offers. These tests recompute it
in the shared virtualenvs and compare with the committed copy; after a requirements change,
rewrite it with

    NSI_UPDATE_ANSWER_DATA=1 python -m pytest tests/test_answer_data.py
"""

import json
import os
import subprocess
import sys

import installed_names
import pre_gen_project as pre
import pytest

from .baking import TEMPLATE_DIR, bake, clean_env, in_venv, run, venv_for
from .test_hook_validators import DEFAULTS as DEFAULT_ANSWERS

HOOKS = TEMPLATE_DIR / "hooks"
MODULES_FILE = HOOKS / "dependency_modules.json"

# The project with the most requirements (the NSI apps add Markdown and nh3), per Django version.
ENVIRONMENTS = {version: {"django_version": version, "include_nsi_apps": "oui"} for version in pre.DJANGO_VERSIONS}


@pytest.fixture(scope="module")
def venvs(tmp_path_factory):
    """For each Django version: the shared virtualenv of a bake's requirements files."""
    found = {}
    for version, answers in ENVIRONMENTS.items():
        project = bake(tmp_path_factory.mktemp(f"django-{version}"), **answers)
        found[version] = venv_for(project, "3.12")
    return found


def in_environment(venv, code: str) -> object:
    """Run Python code in the virtualenv, with the hooks importable; return what it prints as JSON."""
    script = f"import json, sys; sys.path.insert(0, {str(HOOKS)!r}); import installed_names\n{code}"
    return json.loads(run(in_venv(venv, "python", "-c", script), cwd=HOOKS, env=clean_env()).stdout)


@pytest.fixture(scope="module")
def recomputed(venvs):
    environments = [
        in_environment(
            venv,
            "print(json.dumps({'modules': installed_names.top_level_modules()}))",
        )
        for venv in venvs.values()
    ]
    return installed_names.merge(environments)


def as_file(data: dict) -> str:
    return json.dumps(data, indent=1) + "\n"


def test_committed_data_is_current(recomputed):
    modules = recomputed
    if os.environ.get("NSI_UPDATE_ANSWER_DATA"):
        MODULES_FILE.write_text(as_file(modules))
    assert MODULES_FILE.read_text() == as_file(modules), "NSI_UPDATE_ANSWER_DATA=1 pour régénérer"


def test_the_blocklist_covers_the_dependencies_of_the_dependencies(recomputed):
    modules = recomputed
    for name in ("asgiref", "typing_extensions", "pluggy", "sqlparse", "railway_sdk", "django_redis", "nh3"):
        assert name in modules["modules"], name
    reserved = pre.reserved_slugs(HOOKS)
    for name in (*modules["modules"], "caching", "accounts", "courses", "exercises", "gamification", "tests"):
        assert pre.check_slug(name, reserved) is not None, name


def test_the_hook_finds_its_data_where_cookiecutter_runs_it(tmp_path):
    """Cookiecutter renders the pre-generation hook into a temporary file and runs it in the new
    project's folder: rendered the same way, it still reads the facts of the template's hooks."""
    from cookiecutter.environment import StrictEnvironment
    from cookiecutter.main import _patch_import_path_for_repo

    answers = {**DEFAULT_ANSWERS, "project_slug": "pluggy", "license": "GPL"}
    context = {"cookiecutter": {**answers, "_extensions": ["hooks.answer_checks.AnswerChecks"]}}
    with _patch_import_path_for_repo(TEMPLATE_DIR):
        env = StrictEnvironment(context=context)
        script = env.from_string((HOOKS / "pre_gen_project.py").read_text()).render(**context)
    (tmp_path / "hook.py").write_text(script)
    result = subprocess.run([sys.executable, "hook.py"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert [line.split(" refusé")[0] for line in result.stderr.splitlines()] == [
        "Erreur : project_slug = 'pluggy'",
        "Erreur : license = 'GPL'",
    ]
    assert sys.stdlib_module_names <= pre.reserved_slugs(HOOKS)
