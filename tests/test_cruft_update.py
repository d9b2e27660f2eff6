"""Updating a generated project from a newer template, as its README says: cruft.

One project created by `cruft create` from a git copy of this template, committed; the copy
then changes (a README line, a new file); `cruft update -y` brings the change in without a
conflict, a `.rej` file or a new secret, and `cruft check` is clean afterwards. A second
render into the same folder (`cookiecutter --replay`/`-f`, or an update) never rewrites `.env`.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

from .baking import TEMPLATE_DIR, bake, clean_env

IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules", "out")
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def cruft() -> str:
    found = shutil.which("cruft", path=str(Path(sys.executable).parent)) or shutil.which("cruft")
    if not found:
        pytest.fail("cruft introuvable (pip install -r requirements-test.txt)")
    return found


def sh(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def commit_all(folder: Path, message: str) -> None:
    sh([*GIT, "add", "-A"], folder)
    sh([*GIT, "commit", "-q", "-m", message], folder)


def secret_line(project: Path) -> str:
    return next(line for line in (project / ".env").read_text().splitlines() if line.startswith("SECRET_KEY="))


def test_cruft_update_brings_a_template_change_without_conflict(tmp_path):
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, template, ignore=IGNORED)
    sh([*GIT, "init", "-q", "-b", "main"], template)
    commit_all(template, "template v1")

    sh([cruft(), "create", "-y", str(template), "--output-dir", str(tmp_path / "out")], tmp_path)
    project = tmp_path / "out" / "portail_nsi"
    state = (project / ".cruft.json").read_text()
    assert '"include_nsi_apps"' in state and '"template"' in state  # the answers, recorded
    secret = secret_line(project)
    sh([*GIT, "init", "-q", "-b", "main"], project)
    commit_all(project, "generated")
    assert sh([*GIT, "status", "--porcelain"], project).stdout == ""  # .env is git-ignored

    readme = template / "{{cookiecutter.project_slug}}" / "README.md"
    readme.write_text(readme.read_text() + "\nLigne ajoutée par une nouvelle version du modèle.\n")
    (template / "{{cookiecutter.project_slug}}" / "NOUVEAU.md").write_text("# {{ cookiecutter.project_name }}\n")
    commit_all(template, "template v2")

    check = subprocess.run([cruft(), "check"], cwd=project, env=clean_env(), capture_output=True, text=True, check=False)
    assert check.returncode != 0  # the project is now behind its template
    sh([cruft(), "update", "-y"], project)

    assert (project / "README.md").read_text().endswith("Ligne ajoutée par une nouvelle version du modèle.\n")
    assert (project / "NOUVEAU.md").read_text() == "# Portail NSI\n"
    assert secret_line(project) == secret
    assert not [path for path in project.rglob("*") if path.suffix in {".rej", ".orig"}]
    status = sh([*GIT, "status", "--porcelain", "--untracked-files=all"], project).stdout.splitlines()
    assert sorted(line[3:] for line in status) == [".cruft.json", "NOUVEAU.md", "README.md"], status
    sh([cruft(), "check"], project)


def test_a_second_render_keeps_the_secret_and_gitignore_covers_patch_leftovers(tmp_path):
    project = bake(tmp_path)
    secret = secret_line(project)
    again = Path(cookiecutter(str(TEMPLATE_DIR), no_input=True, output_dir=str(tmp_path), overwrite_if_exists=True))
    assert again == project and secret_line(project) == secret
    ignored = (project / ".gitignore").read_text().splitlines()
    assert "*.rej" in ignored and "*.orig" in ignored
