"""The answer forms: what a student may send for one exercise, checked before anything is recorded."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from accounts.validators import refuse_control_characters
from sandbox.sql import MAX_QUERY_LENGTH

from .models import MAX_CODE_LENGTH, Exercise
from .parsons import MAX_INDENT
from .services import MAX_ANSWER_LENGTH

# A program keeps its tabs and line breaks; other control characters (escapes, NUL, which
# PostgreSQL refuses) and the bidirectional overrides that make code read other than it runs do not.
CODE_WHITESPACE = frozenset("\t\n\r")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class AnswerForm(forms.Form):
    """One exercise's answer: a choice among its own propositions (QCM), or a short text.

    A value the page could not have sent (a digit that int() refuses such as "²", another
    exercise's choice, a NUL byte, a text longer than the cap) is a form error in French,
    never an exception and never an attempt.
    """

    def __init__(self, exercise: Exercise, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        if exercise.kind == Exercise.Kind.QCM:
            # The prefetched choices of selectors.published_exercise: no extra query.
            self.fields["answer"] = forms.ChoiceField(
                choices=[(str(choice.pk), choice.text) for choice in exercise.choices.all()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choisissez une réponse.",
                    "invalid_choice": "Cette réponse ne fait pas partie des propositions de l'exercice.",
                },
            )
        else:
            self.fields["answer"] = forms.CharField(
                max_length=MAX_ANSWER_LENGTH,
                validators=[refuse_control_characters],
                error_messages={
                    "required": "Écrivez une réponse.",
                    "max_length": f"Une réponse compte au plus {MAX_ANSWER_LENGTH} caractères.",
                },
            )


def refuse_control_characters_in_code(value: str) -> None:
    for character in value.replace("\x00", ""):
        if character in CODE_WHITESPACE:
            continue
        if character in BIDI_CONTROLS or unicodedata.category(character) in ("Cc", "Cs"):
            raise ValidationError(
                "Ce programme contient des caractères de contrôle ou invisibles : retapez-le au clavier.",
                code="control_characters",
            )


def editor_text(max_length: int, empty: str, too_long: str) -> forms.CharField:
    """The text of an editor, as typed: indentation and tabs kept, no control characters."""
    return forms.CharField(
        strip=False,
        max_length=max_length,
        widget=forms.Textarea,
        validators=[refuse_control_characters_in_code],
        error_messages={"required": empty, "max_length": too_long},
    )


class EditorForm(forms.Form):
    """One ``code`` text from an editor (an ``editor_text`` field); blank, it is refused as empty."""

    def clean_code(self):
        # A browser's textarea sends CRLF line breaks.
        code = self.cleaned_data["code"].replace("\r\n", "\n")
        if not code.strip():
            raise ValidationError(self.fields["code"].error_messages["required"], code="required")
        return code


class CodeForm(EditorForm):
    """A Python program sent by "Valider": its text only, its indentation kept."""

    code = editor_text(
        MAX_CODE_LENGTH,
        empty="Écrivez un programme avant de le valider.",
        too_long=f"Un programme compte au plus {MAX_CODE_LENGTH:,} caractères.".replace(",", " "),
    )


class QueryForm(EditorForm):
    """An SQL query sent by "Exécuter" or "Valider": its text only (SQLite judges the rest)."""

    code = editor_text(
        MAX_QUERY_LENGTH,
        empty="Écrivez une requête avant de l'envoyer.",
        too_long=f"Une requête compte au plus {MAX_QUERY_LENGTH:,} caractères.".replace(",", " "),
    )


class ParsonsForm(forms.Form):
    """The lines' numbers (and indentation levels): the no-JavaScript form, which parsons.js fills
    in from the list the student reorders. A blank number leaves the line out (a distractor)."""

    def __init__(self, lines: list[dict], indent: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"position_{line['id']}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=len(lines),
                error_messages={
                    "invalid": "Un numéro de ligne est un nombre entier.",
                    "min_value": "Les numéros de ligne commencent à 1.",
                    "max_value": f"Les numéros de ligne vont de 1 à {len(lines)}.",
                },
            )
            if indent:
                self.fields[f"indent_{line['id']}"] = forms.TypedChoiceField(
                    required=False,
                    coerce=int,
                    empty_value=0,
                    choices=[(level, str(level)) for level in range(MAX_INDENT + 1)],
                    error_messages={"invalid_choice": "Choisissez une indentation de la liste."},
                )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        chosen = [
            (cleaned[f"position_{line['id']}"], line["id"], cleaned.get(f"indent_{line['id']}") or 0)
            for line in self.lines
            if cleaned.get(f"position_{line['id']}") is not None
        ]
        if not chosen:
            raise ValidationError("Numérotez au moins une ligne avant de valider.")
        if len({position for position, _, _ in chosen}) != len(chosen):
            raise ValidationError("Deux lignes ont le même numéro : chaque numéro ne sert qu'une fois.")
        cleaned["placed"] = [(line_id, level) for _, line_id, level in sorted(chosen)]
        return cleaned

    def lines_as_given(self) -> list[dict]:
        """The lines in the order the student numbered them, each with what was typed (the page
        shown again after a refusal keeps their work): numbered lines first, by their number
        (two with the same number in their shown order), then the lines left blank or not
        numbered with a number, which parsons.js sets aside."""
        given = []
        for shown, line in enumerate(self.lines):
            position = number(self[f"position_{line['id']}"].value())
            indent = number(self[f"indent_{line['id']}"].value()) if f"indent_{line['id']}" in self.fields else None
            given.append(
                {
                    **line,
                    "position": "" if position is None else str(position),
                    "chosen_indent": indent or 0,
                    "set_aside": position is None,
                    "order": (position is None, position or 0, shown),
                }
            )
        return sorted(given, key=lambda line: line["order"])


def number(typed) -> int | None:
    """A small whole number as typed in the form, else None (never int() on a long string)."""
    text = str(typed or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None
