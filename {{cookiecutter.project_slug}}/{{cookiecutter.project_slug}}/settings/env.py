"""Read settings from environment variables, failing with one line that names the variable."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} : attendu un entier >= {minimum}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name).lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on", "oui"}:
        return True
    if raw in {"0", "false", "no", "off", "non"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} : attendu true ou false.")


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list, empty items dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]
