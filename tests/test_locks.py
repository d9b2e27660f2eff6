"""The generated locks: requirements.txt and requirements-dev.txt pin every dependency with its
hashes, agree with the direct pins of requirements.in / requirements-dev.in for every answer that
changes the dependencies, and name the command that regenerates them (README of both).

Installing from them is tested by every bake suite (tests/test_generated_suites.py and
tests/test_ci_workflow.py install requirements-dev.txt into a fresh virtualenv: pip switches to
hash-checking mode as soon as one requirement has a hash, so an unhashed one fails there too).
"""

import re

import pytest

from .baking import TEMPLATE_DIR, bake

COMBINATIONS = {
    f"django-{django}-{apps}": {"django_version": django, "include_nsi_apps": apps == "nsi", "python_version": python}
    for django, python in (("5.2", "3.11"), ("6.1", "3.12"))
    for apps in ("nsi", "bare")
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            pins[canonical(match[1])] = match[2]
    return pins


def locked(path) -> dict[str, list[str]]:
    """Each pinned requirement of a lock with its hashes (continuation lines joined)."""
    entries, current = {}, None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonical(match[1])
            entries[current] = {"version": match[2], "hashes": []}
        elif line.strip().startswith("--hash=sha256:") and current:
            entries[current]["hashes"].append(line.strip().split(":", 1)[1].rstrip(" \\"))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"{path.name}: unexpected line {line!r}")
    return entries


@pytest.mark.parametrize("answers", COMBINATIONS.values(), ids=COMBINATIONS.keys())
def test_the_locks_pin_every_dependency_with_hashes(tmp_path, answers):
    project = bake(tmp_path, **{**answers, "include_nsi_apps": "oui" if answers["include_nsi_apps"] else "non"})
    assert not (project / "_locks").exists()
    production, development = locked(project / "requirements.txt"), locked(project / "requirements-dev.txt")
    for lock in (production, development):
        assert all(entry["hashes"] for entry in lock.values()), [n for n, e in lock.items() if not e["hashes"]]
        assert all(re.fullmatch(r"[0-9a-f]{64}", h) for entry in lock.values() for h in entry["hashes"])
    # The direct pins are the locked versions: a changed .in without a re-lock fails here.
    for name, version in direct_pins(project / "requirements.in").items():
        assert production[name]["version"] == version, (name, version)
        assert development[name]["version"] == version, (name, version)
    for name, version in direct_pins(project / "requirements-dev.in").items():
        assert development[name]["version"] == version, (name, version)
    # Production is a subset of development, at the same versions (the dev lock is constrained by it).
    assert {name: entry["version"] for name, entry in production.items()}.items() <= {
        name: entry["version"] for name, entry in development.items()
    }.items()
    assert production["django"]["version"].startswith(answers["django_version"] + ".")
    assert ("wasmtime" in production) == answers["include_nsi_apps"]
    assert "pytest" not in production and "pre-commit" in development
    # The header of each lock is the command the README gives to regenerate it.
    readme = (project / "README.md").read_text()
    for name in ("requirements.txt", "requirements-dev.txt"):
        command = (project / name).read_text().splitlines()[1].lstrip("# ").strip()
        assert command.startswith("uv pip compile ") and "--generate-hashes" in command
        assert f"--python-version {answers['python_version']}" in command
        assert command in readme, command


def test_the_script_renders_the_inputs_of_every_combination():
    """scripts/lock-requirements writes one folder per combination the post-generation hook picks."""
    folders = {path.name for path in (TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "_locks").iterdir()}
    assert folders == set(COMBINATIONS)
    script = (TEMPLATE_DIR / "scripts" / "lock-requirements").read_text()
    assert "--generate-hashes" in script and "--universal" in script
    assert "scripts/lock-requirements" in (TEMPLATE_DIR / "README.md").read_text()
