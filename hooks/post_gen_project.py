"""Finish the generated project (cookiecutter post-generation hook).

1. Remove the parts that were not chosen: whole files and folders, listed in OPTIONAL_PARTS,
   so that no Python file needs Jinja blocks to switch them off. A file that exists in both
   projects but differs (a settings module, the nav bar) has its other version under the
   folder named in VARIANT_FOLDERS, at the same relative path: it replaces the first one.
2. Put in place the locks of the chosen dependencies: requirements.txt and requirements-dev.txt,
   every dependency pinned with its hashes, from the folder of LOCKS named after the answers
   (scripts/lock-requirements writes them from requirements.in and requirements-dev.in).
3. Write LICENSE: the official text of the chosen licence, from the _licenses folder.
4. Write `.env` with a fresh random SECRET_KEY (`.env` is git-ignored), unless one is there.
5. Print the next steps, in French.

Nothing here needs the network. The template's tests import these functions directly.
"""

from __future__ import annotations

import datetime
import json
import secrets
import shutil
import sys
from pathlib import Path

# See pre_gen_project.py: the answers, as JSON in a raw string, once cookiecutter rendered it.
RENDERED_ANSWERS = r"""{{ cookiecutter | tojson }}"""

# For each yes/no answer: what the project loses when the answer is "no".
OPTIONAL_PARTS: dict[str, tuple[str, ...]] = {
    "include_nsi_apps": ("sandbox", "accounts", "courses", "exercises", "gamification", "teaching"),
    "use_railway": (".railway",),
    "use_github_actions": (".github",),
}

# For each yes/no answer: the folder holding the versions of shared files for "no".
VARIANT_FOLDERS: dict[str, str] = {
    "include_nsi_apps": "_without_nsi_apps",
}


# The locks, one folder per combination of the answers that change the dependencies.
LOCKS = "_locks"
LOCK_FILES = ("requirements.txt", "requirements-dev.txt")


def lock_folder(answers: dict) -> str:
    apps = "nsi" if answers["include_nsi_apps"] else "bare"
    return f"{LOCKS}/django-{answers['django_version']}-{apps}"


def use_locks(project: Path, answers: dict) -> None:
    chosen = project / lock_folder(answers)
    for name in LOCK_FILES:
        # A missing lock means scripts/lock-requirements was not run after a change of answers.
        (chosen / name).replace(project / name)
    shutil.rmtree(project / LOCKS)


# The licence answers and their texts (SPDX identifiers), see _licenses/SOURCE.md.
LICENSES = "_licenses"
LICENSE_TEXTS = {"MIT": "MIT", "AGPL-3.0": "AGPL-3.0-only", "CC-BY-SA-4.0": "CC-BY-SA-4.0"}


def write_license(project: Path, answers: dict) -> None:
    spdx = LICENSE_TEXTS.get(answers["license"])
    if spdx is not None:
        text = (project / LICENSES / f"{spdx}.txt").read_text(encoding="utf-8")
        if spdx == "MIT":
            year = datetime.date.today().year
            text = text.replace("<year>", str(year)).replace("<copyright holders>", answers["author_name"])
        (project / "LICENSE").write_text(text, encoding="utf-8")
    shutil.rmtree(project / LICENSES)


def paths_to_remove(answers: dict) -> list[str]:
    return [path for option, paths in OPTIONAL_PARTS.items() if not answers[option] for path in paths]


def remove_paths(project: Path, relative_paths: list[str]) -> None:
    for relative in relative_paths:
        target = project / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        else:
            # A path listed here but absent means the template and this table drifted apart.
            raise FileNotFoundError(f"post_gen_project: {relative} est listé mais absent du modèle.")


def use_variants(project: Path, answers: dict) -> list[str]:
    """Put the "no" version of each shared file in place where the answer is no; drop the
    variant folders either way. Return the replaced files, relative to the project."""
    replaced = []
    for option, folder in VARIANT_FOLDERS.items():
        variants = project / folder
        if not answers[option]:
            for variant in sorted(path for path in variants.rglob("*") if path.is_file()):
                relative = variant.relative_to(variants)
                if not (project / relative).is_file():
                    # A variant of nothing means the template's two versions drifted apart.
                    raise FileNotFoundError(f"post_gen_project: {folder}/{relative} ne remplace aucun fichier.")
                variant.replace(project / relative)
                replaced.append(str(relative))
        shutil.rmtree(variants)
    return replaced


def env_file_text(secret_key: str) -> str:
    return (
        "# Réglages de cette machine seulement : ignoré par git, ne jamais commiter ce fichier.\n"
        "# Toutes les variables sont décrites dans .env.example.\n"
        f"SECRET_KEY={secret_key}\n"
        "DEBUG=true\n"
        "# Décommentez pour utiliser un Redis local (sans lui : cache en mémoire, sessions en base).\n"
        "# REDIS_URL=redis://127.0.0.1:6379/0\n"
    )


def write_env(project: Path) -> Path:
    path = project / ".env"
    if path.exists():
        # Never overwrite a secret that is already there.
        return path
    path.write_text(env_file_text(secrets.token_urlsafe(50)))
    path.chmod(0o600)
    return path


def next_steps(answers: dict) -> str:
    slug = answers["project_slug"]
    python = answers["python_version"]
    lines = [
        f"Projet « {answers['project_name']} » créé dans ./{slug}",
        "",
        "Étapes suivantes :",
        f"  cd {slug}",
        f"  python{python} -m venv .venv && . .venv/bin/activate",
        f"  (Windows : py -{python} -m venv .venv, puis .venv\\Scripts\\activate)",
        "  pip install -r requirements-dev.txt",
        "  python manage.py migrate",
        "  python manage.py runserver",
        "",
        "Sans Redis, le projet utilise un cache en mémoire et les sessions en base de données.",
        "Avec Redis : décommentez REDIS_URL dans .env, puis lancez les tests : pytest",
    ]
    if answers["use_railway"]:
        lines.append("Déploiement sur Railway : voir la section « Déployer sur Railway » du README.")
    return "\n".join(lines)


def main() -> int:
    answers = json.loads(RENDERED_ANSWERS)
    project = Path.cwd()
    use_variants(project, answers)
    use_locks(project, answers)
    write_license(project, answers)
    remove_paths(project, paths_to_remove(answers))
    write_env(project)
    print(next_steps(answers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
