"""Check the answers before anything is generated (cookiecutter pre-generation hook).

Each validator is a small pure function: it returns ``None`` when the answer is fine, or
ONE line (in French, like the prompts) that names the field, the bad value and what is
accepted. ``main`` prints every problem and exits 1; cookiecutter then removes the output
directory it had just created, so a refused answer never leaves a half-generated project.
The template's tests import this module and call the validators directly.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import zoneinfo

# Cookiecutter renders this file with Jinja before running it: the answers arrive as JSON
# in a raw string (tojson escapes quotes, so the literal cannot be closed early). Imported
# as-is by the tests, it stays the unrendered placeholder and is never parsed.
RENDERED_ANSWERS = r"""{{ cookiecutter | tojson }}"""

PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
DJANGO_VERSIONS = ("5.2", "6.1")
SESSION_ENGINES = ("cached_db", "cache", "db")
BOOLEAN_FIELDS = ("include_nsi_apps", "use_railway", "use_github_actions")

# Module names the generated project imports or defines itself: a project package with one
# of these names would shadow it (``import redis`` would import the project instead).
PROJECT_MODULES = frozenset(
    {
        "accounts", "caching", "config", "conftest", "core", "courses", "exercises",
        "gamification", "manage", "static", "templates", "test", "tests", "throttling",
        "django", "django_redis", "redis", "hiredis", "gunicorn", "whitenoise",
        "psycopg", "psycopg_binary", "dj_database_url", "dotenv", "markdown", "nh3",
        "pytest", "pytest_django", "railway", "yaml",
    }
)

SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PREFIX_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
REPOSITORY_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
# Characters that a Django template or an HTML page would interpret in free text.
FREE_TEXT_FORBIDDEN = set("{}<>\\")


def refuse(field: str, value: object, accepted: str) -> str:
    """The one-line message every validator returns."""
    return f"{field} = {value!r} refusé : attendu {accepted}."


def check_project_name(value: str) -> str | None:
    if not value.strip() or len(value) > 80 or FREE_TEXT_FORBIDDEN & set(value):
        return refuse("project_name", value, "1 à 80 caractères, sans accolades, chevrons ni \\")
    return None


def check_free_text(field: str, value: str, max_length: int = 200) -> str | None:
    if len(value) > max_length or FREE_TEXT_FORBIDDEN & set(value) or "\n" in value:
        return refuse(field, value, f"une ligne d'au plus {max_length} caractères, sans accolades, chevrons ni \\")
    return None


def check_slug(value: str) -> str | None:
    accepted = "un identifiant Python en minuscules ASCII (lettres, chiffres, _), commençant par une lettre"
    if not SLUG_RE.fullmatch(value):
        return refuse("project_slug", value, accepted)
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return refuse("project_slug", value, "un nom qui n'est pas un mot-clé Python")
    if value in PROJECT_MODULES or value in sys.stdlib_module_names:
        return refuse(
            "project_slug", value, "un nom qui ne masque pas un module importé par le projet (django, redis, site, test, …)"
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
            "cache_ttl_long/medium/short", f"{long}/{medium}/{short}", "long >= moyen >= court (par défaut 3600/600/120)"
        )
    return None


def check_choice(field: str, value: object, choices: tuple[str, ...]) -> str | None:
    if value not in choices:
        return refuse(field, value, "l'un de " + ", ".join(choices))
    return None


def check_boolean(field: str, value: object) -> str | None:
    if not isinstance(value, bool):
        return refuse(field, value, "oui ou non (true/false)")
    return None


def check_versions(python_version: str, django_version: str) -> str | None:
    if django_version.startswith("6") and python_version == "3.11":
        return refuse("python_version", python_version, "3.12 ou 3.13 avec Django 6.1 (Django 6 exige Python 3.12+)")
    return None


def check_language(value: str) -> str | None:
    if not LANGUAGE_RE.fullmatch(value):
        return refuse("language_code", value, "un code de langue Django en minuscules, par exemple fr-fr ou fr")
    return None


def check_time_zone(value: str) -> str | None:
    known = zoneinfo.available_timezones()
    # Without a time zone database on this machine, leave the check to Django at startup.
    if known and value not in known:
        return refuse("time_zone", value, "un fuseau IANA, par exemple Europe/Paris")
    return None


def validate(answers: dict) -> list[str]:
    """Every problem in the answers, one line each, in prompt order."""
    version_problems = [
        check_choice("python_version", answers["python_version"], PYTHON_VERSIONS),
        check_choice("django_version", answers["django_version"], DJANGO_VERSIONS),
    ]
    problems = [
        check_project_name(answers["project_name"]),
        check_slug(answers["project_slug"]),
        check_free_text("description", answers["description"]),
        check_free_text("author_name", answers["author_name"], 100),
        check_email(answers["author_email"]),
        check_repository(answers["github_repository"]),
        *version_problems,
        check_choice("session_engine", answers["session_engine"], SESSION_ENGINES),
        check_prefix(answers["cache_key_prefix"]),
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
    problems += [check_language(answers["language_code"]), check_time_zone(answers["time_zone"])]
    return [problem for problem in problems if problem]


def main() -> int:
    problems = validate(json.loads(RENDERED_ANSWERS))
    for problem in problems:
        print(f"Erreur : {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
