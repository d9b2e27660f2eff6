"""The answers as a user gives them: the real ``cookiecutter`` command, and the defaults derived
from the project's name.

A refused answer prints one French line and nothing else (no traceback), exits 1 and writes
nothing; a yes/no answer is a French or English word; any valid name gives a valid slug,
prefix and repository, and a long one still bakes a project that starts.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pre_gen_project as pre
import pytest
from cookiecutter.generate import generate_context
from cookiecutter.main import _patch_import_path_for_repo
from cookiecutter.prompt import prompt_for_config

from .baking import TEMPLATE_DIR, bake, clean_env, in_venv, run, venv_for

COOKIECUTTER = shutil.which("cookiecutter", path=str(Path(sys.executable).parent)) or "cookiecutter"
LONG_NAME = "Portail d'apprentissage NSI du lycée Jean Moulin de Saint-Étienne, première"

REFUSED = [
    # cookiecutter itself refuses these with an English traceback when the prompt is a JSON
    # boolean or a list of choices: the template's prompts are text, checked in French.
    ("include_nsi_apps", "maybe"),
    ("use_github_actions", "peut-être"),
    ("session_engine", "redis"),
    ("project_name", "!!!"),
    ("license", "GPL-3.0"),
    ("project_slug", "railway_sdk"),
]


def cookiecutter_command(output_dir: Path, *answers: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [COOKIECUTTER, *(() if stdin is not None else ("--no-input",)), "-o", str(output_dir), str(TEMPLATE_DIR)]
    return subprocess.run(
        [*command, *answers], input=stdin, capture_output=True, text=True, timeout=120, env=clean_env(), check=False
    )


@pytest.mark.parametrize(("field", "value"), REFUSED, ids=[f"{f}={v}" for f, v in REFUSED])
def test_the_command_prints_one_french_line_and_writes_nothing(tmp_path, field, value):
    result = cookiecutter_command(tmp_path / "out", f"{field}={value}")

    output = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 1
    assert len(output) == 1, output
    assert output[0].startswith(f"Erreur : {field} = {value!r} refusé : attendu ")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_yes_no_answers_are_french_or_english_words(tmp_path):
    result = cookiecutter_command(tmp_path, "include_nsi_apps=non", "use_railway=NON", "use_github_actions=oui")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "portail_nsi"
    assert not (project / "accounts").exists() and not (project / ".railway").exists()
    assert (project / ".github").exists()
    assert "markdown" not in (project / "requirements.txt").read_text()


def test_the_prompts_take_oui_and_non(tmp_path):
    """Interactively: Enter keeps each default, « non » at the 6th prompt (right after the name
    and the author) drops the NSI apps."""
    answers = ["Lycée Condorcet", *[""] * 4, "non", *[""] * 15]
    result = cookiecutter_command(tmp_path, stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "(oui ou non)" in result.stdout
    assert not (tmp_path / "lycee_condorcet" / "courses").exists()


def derived_answers(**answers) -> dict:
    """The answers cookiecutter derives, rendered as it does, without generating anything."""
    context = generate_context(context_file=str(TEMPLATE_DIR / "cookiecutter.json"), extra_context=answers)
    with _patch_import_path_for_repo(TEMPLATE_DIR):
        return prompt_for_config(context, no_input=True)


@pytest.mark.parametrize(
    "name",
    [
        LONG_NAME,
        "x" * 80,
        "NSI " * 20,
        "Lycée d'Été – Spécialité NSI",
        "Portail NSI 2026",
        "Élèves & Profs",
        "1ère NSI",
    ],
)
def test_a_valid_name_gives_valid_derived_answers(name):
    assert pre.check_project_name(name) is None
    answers = derived_answers(project_name=name)
    assert len(answers["project_slug"]) <= pre.SLUG_MAX_LENGTH
    assert answers["cache_key_prefix"] == answers["project_slug"]
    assert pre.validate(answers) == []


def test_a_name_starting_with_a_digit_gives_a_slug_starting_with_a_letter():
    assert derived_answers(project_name="2nde NSI")["project_slug"] == "nsi_2nde_nsi"
    assert len(derived_answers(project_name="1" * 80)["project_slug"]) == pre.SLUG_MAX_LENGTH


def test_a_long_name_bakes_a_project_that_starts(tmp_path):
    project = bake(tmp_path, project_name=LONG_NAME)
    assert project.name == "portail_d_apprentissage_nsi_du_lycee_jean_moulin"
    assert f"CACHE_KEY_PREFIX={project.name}" in (project / ".env.example").read_text()
    venv = venv_for(project, "3.12")
    result = run(in_venv(venv, "python", "manage.py", "check", "--fail-level", "WARNING"), cwd=project)
    assert "no issues" in result.stdout
