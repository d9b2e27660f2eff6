"""Checks on the text users type: what the database or another user's screen must never get."""

import unicodedata

from django.core.exceptions import ValidationError

# Cc: tabs, line breaks, escapes (and NUL, which PostgreSQL refuses in text). Cf: invisible
# characters, among them the bidirectional overrides that make a text display reversed.
# Cs: lone surrogates, which no UTF-8 text can hold.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def refuse_control_characters(value: str) -> None:
    """Refuse control and invisible characters, with a message that names none of them.

    NUL is left to the ProhibitNullCharactersValidator that every Django CharField already
    runs (its own French message): one error per field, not two.
    """
    if any(unicodedata.category(character) in REFUSED_CATEGORIES for character in value.replace("\x00", "")):
        raise ValidationError(
            "Ce texte contient des caractères de contrôle ou invisibles : retapez-le au clavier.",
            code="control_characters",
        )
