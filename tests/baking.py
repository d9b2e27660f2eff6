"""Bake the template and run a baked project's own tools, as a user would.

Small functions the test modules share: bake with answers, find a Python of a version,
build a virtualenv from a baked project's requirements files only (cached by their
content, shared between xdist workers under a file lock), and run commands in it.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
VENV_CACHE = Path(os.environ.get("NSI_TEMPLATE_VENVS", "/tmp/nsi-template-venvs"))
# Any file: a cookiecutter variable left behind. Outside Django templates (*.html), whose own
# tags look the same, also a Jinja block left behind.
UNRENDERED_VARIABLE = re.compile(r"cookiecutter\.")
UNRENDERED_BLOCK = re.compile(r"\{%-? ?(if|for|raw|endif|endfor|else)\b")


def bake(output_dir: Path, **answers) -> Path:
    """Generate a project non-interactively; return its directory."""
    return Path(
        cookiecutter(str(TEMPLATE_DIR), no_input=True, output_dir=str(output_dir), extra_context=answers)
    )


def unrendered_files(project: Path) -> list[str]:
    found = []
    for path in project.rglob("*"):
        if path.is_file() and ".venv" not in path.parts:
            try:
                text = path.read_text()
            except UnicodeDecodeError:
                continue
            if UNRENDERED_VARIABLE.search(text) or (path.suffix != ".html" and UNRENDERED_BLOCK.search(text)):
                found.append(str(path.relative_to(project)))
    return found


def find_python(version: str) -> str:
    """An interpreter of this minor version: on PATH, or from pyenv. Fails in CI if absent."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python")), reverse=True)
    candidates += sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python"), reverse=True)
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        candidates.append(sys.executable)
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    message = f"Python {version} introuvable (PATH ou ~/.pyenv)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def fresh_venv(project: Path, python_version: str, venv: Path) -> Path:
    """A brand-new virtualenv with ONLY the project's requirements files (pip's wheel cache keeps it fast)."""
    run([find_python(python_version), "-m", "venv", str(venv)], cwd=project)
    run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "-r", "requirements-dev.txt"], cwd=project)
    return venv


def venv_for(project: Path, python_version: str) -> Path:
    """A shared virtualenv with ONLY the project's requirements files installed, for linting and checks.

    Keyed by the interpreter and the content of both requirements files, so that bakes
    with the same dependencies share one environment; the lock makes parallel workers wait
    for the one that builds it instead of building it twice.
    """
    digest = hashlib.sha256(python_version.encode())
    for name in ("requirements.txt", "requirements-dev.txt"):
        digest.update((project / name).read_bytes())
    venv = VENV_CACHE / digest.hexdigest()[:16]
    VENV_CACHE.mkdir(parents=True, exist_ok=True)
    with open(VENV_CACHE / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            fresh_venv(project, python_version, venv)
            (venv / ".complete").touch()
    return venv


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a user's shell would give: none of this test run's Django settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)
    env["CI"] = "true"
    env.update(extra)
    return env


def run(command: list[str], cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command; on failure, fail the test with its output."""
    result = subprocess.run(
        command, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} -> {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def in_venv(venv: Path, *args: str) -> list[str]:
    return [str(venv / "bin" / args[0]), *args[1:]]
