"""Check the answers before anything is generated.

Each validator is a small pure function: it returns ``None`` when the answer is fine, or
ONE line (in French, like the prompts) that names the field, the bad value and what is
accepted. The template's tests import this module and call the validators directly.

The checks run twice. First as soon as the last prompt is answered, from the Jinja filter
of ``answer_checks.py`` (the ``__answers_checked`` variable of cookiecutter.json): cookiecutter
then stops with the French lines alone, before creating anything. Then here, as the
pre-generation hook (``main``), which prints every problem and exits 1: cookiecutter removes
the output directory it had just created, so a refused answer never leaves a half-generated
project. Only the first prints nothing else (cookiecutter logs a traceback when a hook fails).

One fact comes from the generated project's own environment, which is not installed where
cookiecutter runs: the modules of the requirements files. It is read from the JSON file next
to this module, computed by ``installed_names.py``.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import zoneinfo
from functools import cache
from pathlib import Path

# Cookiecutter renders this file with Jinja before running it: the answers arrive as JSON
# in a raw string (tojson escapes quotes, so the literal cannot be closed early). Imported
# as-is by the tests, it stays the unrendered placeholder and is never parsed.
RENDERED_ANSWERS = r"""{{ cookiecutter | tojson }}"""
# The same way, the template's hooks folder (see answer_checks.py), where the JSON facts are.
RENDERED_DATA_DIR = r"""{{ cookiecutter | answer_data_dir }}"""

PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
DJANGO_VERSIONS = ("5.2", "6.1")
SESSION_ENGINES = ("cached_db", "cache", "db")
# The LICENSE written (the official texts, in the template's _licenses folder), or none.
LICENSES = ("MIT", "AGPL-3.0", "CC-BY-SA-4.0", "aucune")
BOOLEAN_FIELDS = ("include_nsi_apps", "use_railway", "use_github_actions")
# Yes/no answers are typed text (cookiecutter's own yes/no prompt answers an unknown word with
# an English traceback, before any check of the template can run), read like this:
YES_WORDS = ("oui", "o", "yes", "y", "true", "t", "1", "on")
NO_WORDS = ("non", "n", "no", "false", "f", "0", "off")

# Refused besides the installed modules, the standard library and the generated project's own
# top-level names: ``test`` (the standard library's regression tests, absent from
# stdlib_module_names), ``yaml`` (PyYAML, which reads the generated CI workflow in the template's
# tests), ``railway`` (the ``.railway/railway.py`` module), and ``config``/``core``, the usual
# names of a Django project's own packages.
RESERVED_NAMES = frozenset({"config", "core", "railway", "test", "yaml"})

# Long enough for a school's name; short enough that pytest-django's "test_<slug>" database
# stays under PostgreSQL's 63-byte identifier limit (the CI database is named after the slug).
SLUG_MAX_LENGTH = 50
SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PREFIX_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
REPOSITORY_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
# Characters that a Django template or an HTML page would interpret in free text.
FREE_TEXT_FORBIDDEN = set("{}<>\\")


def refuse(field: str, value: object, accepted: str) -> str:
    """The one-line message every validator returns."""
    return f"{field} = {value!r} refusé : attendu {accepted}."


# --- Facts computed from the generated project's environment -----------------------------------


def data_dir() -> Path:
    """Where the JSON facts are: this module's folder, or the template's ``hooks`` folder when
    cookiecutter runs a rendered copy of this file from a temporary directory."""
    if not RENDERED_DATA_DIR.startswith("{"):
        return Path(RENDERED_DATA_DIR)
    return Path(__file__).resolve().parent


@cache
def reserved_slugs(directory: Path) -> frozenset[str]:
    """Names a project package would shadow or clash with: every module the requirements files
    install, the standard library, and the generated project's own top-level names (apps,
    ``tests``, ``templates``, ``static``, ``manage``…)."""
    modules = json.loads((directory / "dependency_modules.json").read_text(encoding="utf-8"))["modules"]
    # The generated project as it sits in the template: the one folder whose name is a Jinja
    # expression (not written out here: cookiecutter renders this file).
    own = {
        path.name.split(".")[0]
        for project in directory.parent.iterdir()
        if project.is_dir() and project.name.startswith("{")
        for path in project.iterdir()
    }
    own = {name for name in own if SLUG_RE.fullmatch(name)}
    return frozenset(modules) | sys.stdlib_module_names | own | RESERVED_NAMES


# --- Validators ---------------------------------------------------------------------------------


def check_project_name(value: str, slug: str | None = None) -> str | None:
    if not value.strip() or len(value) > 80 or FREE_TEXT_FORBIDDEN & set(value):
        return refuse("project_name", value, "1 à 80 caractères, sans accolades, chevrons ni \\")
    if slug == "":
        # The technical name is made from the project's name: nothing left once accents,
        # punctuation and emoji are dropped.
        return refuse(
            "project_name",
            value,
            "au moins une lettre ou un chiffre, dont est tiré le nom technique (ou un project_slug)",
        )
    return None


def check_free_text(field: str, value: str, max_length: int = 200) -> str | None:
    if len(value) > max_length or FREE_TEXT_FORBIDDEN & set(value) or "\n" in value:
        return refuse(field, value, f"une ligne d'au plus {max_length} caractères, sans accolades, chevrons ni \\")
    return None


def check_slug(value: str, reserved: frozenset[str] | None = None) -> str | None:
    accepted = (
        f"un identifiant Python en minuscules ASCII (lettres, chiffres, _) de {SLUG_MAX_LENGTH} caractères au plus,"
        " commençant par une lettre"
    )
    if not SLUG_RE.fullmatch(value) or len(value) > SLUG_MAX_LENGTH:
        return refuse("project_slug", value, accepted)
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return refuse("project_slug", value, "un nom qui n'est pas un mot-clé Python")
    if reserved is None:
        reserved = reserved_slugs(data_dir())
    if value in reserved:
        return refuse(
            "project_slug",
            value,
            "un nom qui ne masque ni un module de Python ou des dépendances (django, redis, asgiref, site, …),"
            " ni un dossier du projet (caching, courses, tests, static, …)",
        )
    return None


def check_email(value: str) -> str | None:
    if not EMAIL_RE.fullmatch(value):
        return refuse("author_email", value, "une adresse e-mail de la forme nom@domaine.fr")
    return None


def check_repository(value: str) -> str | None:
    if not REPOSITORY_RE.fullmatch(value):
        return refuse("github_repository", value, "propriétaire/nom, par exemple mon-lycee/portail-nsi")
    return None


def check_prefix(value: str) -> str | None:
    if not PREFIX_RE.fullmatch(value):
        return refuse(
            "cache_key_prefix", value, "1 à 64 lettres, chiffres, _ . - (ni espace, ni : * ? [ ] de motif Redis)"
        )
    return None


def parse_positive_int(field: str, value: object, maximum: int) -> tuple[int | None, str | None]:
    """Accept 300 or "300"; refuse booleans, decimals, signs and zero. Return (number, error)."""
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        number = int(value.strip())
    else:
        number = None
    if number is None or not 1 <= number <= maximum:
        return None, refuse(field, value, f"un entier de 1 à {maximum}")
    return number, None


def check_ttl_order(long: int, medium: int, short: int) -> str | None:
    if not long >= medium >= short:
        return refuse(
            "cache_ttl_long/medium/short",
            f"{long}/{medium}/{short}",
            "long >= moyen >= court (par défaut 3600/600/120)",
        )
    return None


def check_choice(field: str, value: object, choices: tuple[str, ...]) -> str | None:
    if value not in choices:
        return refuse(field, value, "l'un de " + ", ".join(choices))
    return None


def parse_boolean(field: str, value: object) -> tuple[bool | None, str | None]:
    """Accept True/False and the words of YES_WORDS/NO_WORDS, in any case. Return (answer, error)."""
    if isinstance(value, bool):
        return value, None
    word = value.strip().lower() if isinstance(value, str) else None
    if word in YES_WORDS:
        return True, None
    if word in NO_WORDS:
        return False, None
    return None, refuse(field, value, "oui ou non")


def check_boolean(field: str, value: object) -> str | None:
    return parse_boolean(field, value)[1]


def normalized(answers: dict) -> dict:
    """The answers with each yes/no answer as a real boolean, for the files and the hooks."""
    return {**answers, **{field: parse_boolean(field, answers[field])[0] for field in BOOLEAN_FIELDS}}


def check_versions(python_version: str, django_version: str) -> str | None:
    if django_version.startswith("6") and python_version == "3.11":
        return refuse("python_version", python_version, "3.12 ou 3.13 avec Django 6.1 (Django 6 exige Python 3.12+)")
    return None


def check_time_zone(value: str) -> str | None:
    known = zoneinfo.available_timezones()
    # Without a time zone database on this machine, leave the check to Django at startup.
    if known and value not in known:
        return refuse("time_zone", value, "un fuseau IANA, par exemple Europe/Paris")
    return None


def validate(answers: dict) -> list[str]:
    """Every problem in the answers, one line each, in prompt order."""
    directory = data_dir()
    slug = answers["project_slug"]
    # A name that gives no slug is the one problem to report: the repository and the prefix
    # made from that empty slug ("mon-organisation/", "") are only its consequences.
    derived_from_nothing = slug == ""
    version_problems = [
        check_choice("python_version", answers["python_version"], PYTHON_VERSIONS),
        check_choice("django_version", answers["django_version"], DJANGO_VERSIONS),
    ]
    problems = [
        check_project_name(answers["project_name"], slug),
        None if derived_from_nothing else check_slug(slug, reserved_slugs(directory)),
        check_free_text("description", answers["description"]),
        check_free_text("author_name", answers["author_name"], 100),
        check_email(answers["author_email"]),
        None
        if derived_from_nothing and answers["github_repository"].endswith("/")
        else check_repository(answers["github_repository"]),
        *version_problems,
        check_choice("session_engine", answers["session_engine"], SESSION_ENGINES),
        None if derived_from_nothing and not answers["cache_key_prefix"] else check_prefix(answers["cache_key_prefix"]),
    ]
    numbers = {}
    for field, maximum in (
        ("cache_default_timeout", 30 * 86400),
        ("cache_ttl_long", 30 * 86400),
        ("cache_ttl_medium", 30 * 86400),
        ("cache_ttl_short", 30 * 86400),
        ("redis_max_connections", 10_000),
        ("redis_socket_timeout", 60),
    ):
        numbers[field], problem = parse_positive_int(field, answers[field], maximum)
        problems.append(problem)
    ttls = [numbers[f"cache_ttl_{tier}"] for tier in ("long", "medium", "short")]
    if None not in ttls:
        problems.append(check_ttl_order(*ttls))
    problems += [check_boolean(field, answers[field]) for field in BOOLEAN_FIELDS]
    if not any(version_problems):
        problems.append(check_versions(answers["python_version"], answers["django_version"]))
    problems += [
        check_choice("license", answers["license"], LICENSES),
        check_time_zone(answers["time_zone"]),
    ]
    return [problem for problem in problems if problem]


def main() -> int:
    problems = validate(json.loads(RENDERED_ANSWERS))
    for problem in problems:
        print(f"Erreur : {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
