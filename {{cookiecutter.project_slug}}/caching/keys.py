"""Every cache key of the project is built here, and nowhere else.

The names are the seed's (``course_{slug}``, ``user_stats_{id}`` …). Django's key function
adds ``<prefix>:<environment>:<release>:<version>:`` in front (see settings/cache_layout.py),
so these names never need to carry the project, the environment or the code version.

Parts taken from user data (slugs, ids) go through :func:`part`: a slug with spaces,
accents or 300 characters still gives a short, readable key of safe characters, and two
different slugs never share a key (the hash of the original is appended).

:data:`FAMILIES` says which tier each kind of key belongs to: ``cache_stats`` counts keys per
tier with it, ``cache_keys`` labels them, and it documents the seed's strategy table in code.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .tiers import Tier

# What may appear in a key as it is: no spaces or control characters (memcached-style rules,
# which Django's LocMem fallback also warns about) and nothing that is special in a SCAN glob.
SAFE_PART = re.compile(r"[A-Za-z0-9_.-]{1,64}")
READABLE_LENGTH = 40


def part(value: object) -> str:
    """One user-supplied part of a key, made safe: as it is when already safe, else readable + hash."""
    text = str(value)
    if SAFE_PART.fullmatch(text):
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_text).strip("-")[:READABLE_LENGTH]
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{readable}-{digest}" if readable else digest


# --- LONG ----------------------------------------------------------------------------------
def courses_published() -> str:
    return "courses_published"


def course(slug: str) -> str:
    return f"course_{part(slug)}"


def chapter_content(slug: str) -> str:
    return f"chapter_content_{part(slug)}"


def all_badges() -> str:
    return "all_badges"


# --- MEDIUM --------------------------------------------------------------------------------
def leaderboard_global() -> str:
    return "leaderboard_global"


def user_stats(user_id: int) -> str:
    return f"user_stats_{part(user_id)}"


# --- SHORT ---------------------------------------------------------------------------------
def chapter_progress(user_id: int, chapter_id: int) -> str:
    return f"chapter_progress_{part(user_id)}_{part(chapter_id)}"


def recent_attempts(user_id: int) -> str:
    return f"recent_attempts_{part(user_id)}"


def user_keys(user_id: int) -> list[str]:
    """The per-user keys that do not need another id: what a user's own write makes stale."""
    return [user_stats(user_id), recent_attempts(user_id)]


@dataclass(frozen=True)
class Family:
    """One kind of key: the seed's name, its tier, and what it holds (in French, for the commands)."""

    name: str
    tier: Tier
    description: str
    # True for a single key; False for one key per slug or per user.
    single: bool = False
    per_user: bool = False

    def matches(self, key: str) -> bool:
        return key == self.name if self.single else key.startswith(self.name)


FAMILIES: tuple[Family, ...] = (
    Family("courses_published", Tier.LONG, "liste des cours publiés", single=True),
    Family("course_", Tier.LONG, "un cours et ses chapitres"),
    Family("chapter_content_", Tier.LONG, "contenu d'un chapitre (HTML rendu)"),
    Family("all_badges", Tier.LONG, "badges disponibles", single=True),
    Family("leaderboard_global", Tier.MEDIUM, "classement général", single=True),
    Family("user_stats_", Tier.MEDIUM, "statistiques d'un utilisateur", per_user=True),
    Family("chapter_progress_", Tier.SHORT, "progression d'un utilisateur dans un chapitre", per_user=True),
    Family("recent_attempts_", Tier.SHORT, "tentatives récentes d'un utilisateur", per_user=True),
)


def family_of(key: str) -> Family | None:
    """The family a bare key (without the Django prefix) belongs to, or None for any other key.

    A rendered fragment (``html:<key>``) belongs to the family of the data it shows.
    """
    key = key.removeprefix(FRAGMENT_PREFIX)
    return next((family for family in FAMILIES if family.matches(key)), None)


FRAGMENT_PREFIX = "html:"


def fragment(key: str) -> str:
    """The HTML rendered from the data under ``key`` (the ``cachedfragment`` tag): same tier, deleted with it."""
    return f"{FRAGMENT_PREFIX}{key}"


def companions(key: str) -> list[str]:
    """What must go when ``key`` goes: the key, its rendered fragment, and both stampede locks."""
    return [key, lock(key), fragment(key), lock(fragment(key))]


def lock(key: str) -> str:
    """The stampede lock of a key (see readthrough.py): held while one caller computes it."""
    return f"lock:{key}"
