"""Key names: templates declared by the selectors, made safe for any input.

A cached read declares its key as a template of its parameters, ``"book_{slug}"``
(see caching/cached.py), and nothing else names that key. Django's key function adds
``<prefix>:<environment>:<release>:<version>:`` in front (see settings/cache_layout.py), so
the names never carry the project, the environment or the code version.

Parts taken from user data (slugs, ids) go through :func:`part`: a slug with spaces,
accents or 300 characters still gives a short, readable key of safe characters, and two
different slugs never share a key (the hash of the original is appended).
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Mapping

# What may appear in a key as it is: no spaces or control characters (memcached-style rules,
# which Django's LocMem fallback also warns about) and nothing that is special in a SCAN glob.
SAFE_PART = re.compile(r"[A-Za-z0-9_.-]{1,64}")
READABLE_LENGTH = 40
FRAGMENT_PREFIX = "html:"
LOCK_PREFIX = "lock:"


def part(value: object) -> str:
    """One user-supplied part of a key, made safe: as it is when already safe, else readable + hash."""
    text = str(value)
    if SAFE_PART.fullmatch(text):
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_text).strip("-")[:READABLE_LENGTH]
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{readable}-{digest}" if readable else digest


class KeyTemplate:
    """``"progress_{user_id}_{book_id}"``: fixed text and named parameters.

    The fixed text before the first parameter is the key's family: ``cache_keys`` and
    ``cache_stats`` recognise a key by it, so two declarations may not share it.
    """

    def __init__(self, template: str):
        self.template = template
        literals, fields = [], []
        for literal, field, spec, conversion in string.Formatter().parse(template):
            literals.append(literal)
            if field is None:
                continue
            if not field.isidentifier() or spec or conversion:
                raise ValueError(f"Paramètre de clé invalide dans {template!r} : {field!r}")
            fields.append(field)
        if not literals[0] or not SAFE_PART.fullmatch("".join(literals)):
            raise ValueError(f"Modèle de clé invalide : {template!r} (texte fixe en tête, caractères sûrs)")
        self.fields: tuple[str, ...] = tuple(dict.fromkeys(fields))
        self.family = literals[0] if fields else template

    @property
    def single(self) -> bool:
        """One key in all (no parameter), rather than one per slug or per user."""
        return not self.fields

    def build(self, params: Mapping[str, object]) -> str:
        return self.template.format(**{name: part(params[name]) for name in self.fields})

    def matches(self, key: str) -> bool:
        return key == self.family if self.single else key.startswith(self.family)

    def __repr__(self) -> str:
        return f"<KeyTemplate {self.template}>"


def fragment(key: str) -> str:
    """The HTML rendered from the data under ``key`` (the ``cachedfragment`` tag): same tier, deleted with it."""
    return f"{FRAGMENT_PREFIX}{key}"


def lock(key: str) -> str:
    """The stampede lock of a key (see readthrough.py): held while one caller computes it."""
    return f"{LOCK_PREFIX}{key}"


def companions(key: str) -> list[str]:
    """What must go when ``key`` goes: the key, its rendered fragment, and both stampede locks."""
    return [key, lock(key), fragment(key), lock(fragment(key))]
