"""Compare a student's result table with the expected one; say how they differ, never what is expected.

Rows are compared as multisets (or in order when the teacher says so); each value with its
SQLite type, so that 12 and '12' differ, while 0.1 + 0.2 and 0.3 do not (reals rounded).
Column names are not compared: an alias is the student's choice.
"""

from collections import Counter

from sandbox.sql import Result

TYPE_NAMES = {int: "entier", float: "réel", str: "texte", bytes: "blob"}
REAL_DIGITS = 9


def cell(value):
    if isinstance(value, float):
        return ("réel", round(value, REAL_DIGITS))
    return (TYPE_NAMES.get(type(value), "NULL"), value)


def column_types(rows, index: int) -> set[str]:
    return {TYPE_NAMES[type(row[index])] for row in rows if row[index] is not None}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def difference(expected: Result, got: Result, ordered: bool) -> str | None:
    """None when the results match, else a French sentence for the student."""
    if got.truncated:
        return f"Votre requête renvoie trop de lignes (plus de {len(got.rows)})."
    if len(got.columns) != len(expected.columns):
        how = "il manque une colonne" if len(expected.columns) > len(got.columns) else "une colonne est en trop"
        wanted = len(expected.columns)
        return f"Votre requête renvoie {plural(len(got.columns), 'colonne')}, il en faut {wanted} : {how}."
    if len(got.rows) != len(expected.rows):
        direction = "trop" if len(got.rows) > len(expected.rows) else "pas assez"
        return (
            f"Votre requête renvoie {direction} de lignes : {len(got.rows)} au lieu de {len(expected.rows)} "
            "(une condition WHERE, un regroupement ou une jointure à revoir ?)."
        )
    for index in range(len(expected.columns)):
        wanted, found = column_types(expected.rows, index), column_types(got.rows, index)
        if wanted and found and wanted != found:
            return (
                f"La colonne n° {index + 1} ne contient pas le bon type de valeurs : "
                f"{' / '.join(sorted(found))} au lieu de {' / '.join(sorted(wanted))}."
            )
    expected_rows = [tuple(map(cell, row)) for row in expected.rows]
    got_rows = [tuple(map(cell, row)) for row in got.rows]
    if Counter(expected_rows) != Counter(got_rows):
        wrong = len(got_rows) - sum((Counter(expected_rows) & Counter(got_rows)).values())
        verb = "ne correspond" if wrong == 1 else "ne correspondent"
        return (
            f"Le nombre de lignes est le bon, mais {plural(wrong, 'ligne')} sur {len(got_rows)} "
            f"{verb} pas au résultat attendu."
        )
    if ordered and expected_rows != got_rows:
        return "Les bonnes lignes, mais pas dans l'ordre attendu (ORDER BY ?)."
    return None
