"""Exercises written for pyodide-mkdocs-theme come in as strings; malformed files are refused in French."""

from pathlib import Path

import pytest

from exercises.pmt_format import MAX_BYTES, PmtExercise, parse_pmt, read_pmt_files

EXAMPLES = Path(__file__).parent / "pmt_examples"
MINIMAL = "# --- PYODIDE:corr --- #\ndef f():\n    return 1\n# --- PYODIDE:tests --- #\nassert f() == 1\n"


def test_the_somme_exercise_and_its_remarks_are_read_section_by_section():
    exercise = read_pmt_files(EXAMPLES / "somme.py")

    assert exercise.env.startswith("def sum(*args, **kwargs):")
    assert "interdite" in exercise.env
    assert exercise.code == "def somme(nombres):\n    ..."
    assert exercise.corr.startswith("def somme(nombres):\n    total = 0\n")
    assert exercise.corr.endswith("    return total")
    assert exercise.tests == "assert somme([]) == 0\nassert somme([1, 2, 3]) == 6"
    assert exercise.secrets.splitlines() == [
        'assert somme([-4, 4]) == 0, "somme([-4, 4])"',
        'assert somme([10]) == 10, "somme([10])"',
        'assert somme([0.5, 0.25]) == 0.75, "somme([0.5, 0.25])"',
    ]
    # REM first, then VIS_REM; the ignore sections (author's notes) are nowhere.
    assert exercise.rem.startswith("La variable `total` est un **accumulateur**")
    assert exercise.rem.endswith("Pour aller plus loin : écrire `moyenne(nombres)` à l'aide de `somme`.")
    assert "```python\ndef somme(nombres):\n    return sum(nombres)\n```" in exercise.rem
    assert all("première NSI" not in text and "####" not in text for text in vars(exercise).values())
    assert exercise.warnings == ()


def test_pmt5_tokens_spacing_variants_and_a_rem_section_are_understood():
    exercise = read_pmt_files(EXAMPLES / "maximum_pmt5.py")

    assert exercise.env == "from math import inf"
    assert exercise.code == "def maximum(valeurs):\n    ..."
    assert exercise.corr.endswith("    return plus_grand")
    assert exercise.tests == ""
    assert exercise.secrets == "assert maximum([3, 9, 2]) == 9"
    assert exercise.rem == "On part de `-inf`, plus petit que tout nombre."
    # `post` has no equivalent here: dropped, and said so.
    assert "del inf" not in repr(exercise)
    assert len(exercise.warnings) == 1 and "« post »" in exercise.warnings[0]


def test_terminal_sections_are_dropped_with_a_warning_each():
    source = MINIMAL + "# --- PYODIDE:env_term --- #\nimport os\n# --- PYODIDE:post_term --- #\nprint('fin')\n"

    exercise = parse_pmt(source, name="f.py")

    assert "import os" not in repr(exercise) and "print('fin')" not in repr(exercise)
    assert [warning.split("« ")[1].split(" »")[0] for warning in exercise.warnings] == ["env_term", "post_term"]
    assert all(warning.startswith("f.py : ") for warning in exercise.warnings)


def test_missing_sections_are_empty_strings_and_bytes_crlf_and_bom_are_accepted():
    exercise = parse_pmt(("\ufeff" + MINIMAL).replace("\n", "\r\n").encode())

    assert exercise == PmtExercise(corr="def f():\n    return 1", tests="assert f() == 1")


def test_indentation_of_a_section_is_kept():
    source = "# --- PYODIDE:corr --- #\n\n    return 1\n\n# --- PYODIDE:secrets --- #\nassert f() == 1\n"

    assert parse_pmt(source).corr == "    return 1"


def test_remarks_from_a_file_and_a_section_at_once_are_refused():
    source = MINIMAL + "# --- PMT:REM --- #\nUne remarque.\n"

    with pytest.raises(ValueError, match=r"Remarques en double : la section « REM » du fichier exo\.py"):
        parse_pmt(source, rem="Une autre remarque.", name="exo.py")


def test_mkdocs_macros_in_the_remarks_are_flagged():
    exercise = parse_pmt(MINIMAL, rem="Voir " + "{" * 2 + " IDE('autre') }}")

    assert len(exercise.warnings) == 1 and "macros MkDocs" in exercise.warnings[0]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (MINIMAL + "# --- PYODIDE:solution --- #\nx = 1\n", r"ligne 6 : section inconnue « solution »"),
        (
            MINIMAL + "# --- PYODIDE:tests --- #\nassert f() == 1\n",
            r"ligne 6 : la section « tests » apparaît deux fois",
        ),
        ("# --- PYODIDE:code --- #\nx = 1\n# --- PYODIDE:tests --- #\nassert x == 1\n", r"pas de section « corr »"),
        ("# --- PYODIDE:corr --- #\n\n# --- PYODIDE:tests --- #\nassert x == 1\n", r"pas de section « corr »"),
        ("# --- PYODIDE:corr --- #\nx = 1\n# --- PYODIDE:code --- #\nx = 0\n", r"aucun test"),
        ("def f():\n    return 1\n", r"aucun en-tête de section"),
        ("import math\n" + MINIMAL, r"ligne 1 : du texte avant le premier en-tête"),
        (MINIMAL + "# -- PYODIDE:secrets\nassert f() == 1\n", r"ligne 6 : en-tête de section mal formé"),
        (MINIMAL + "    # --- PYODIDE:secrets --- #\nassert f() == 1\n", r"ligne 6 : en-tête de section mal formé"),
    ],
    ids=[
        "unknown",
        "duplicate",
        "no-corr",
        "empty-corr",
        "no-tests",
        "no-header",
        "before-header",
        "broken",
        "indented",
    ],
)
def test_malformed_files_are_refused_with_a_french_message(source, message):
    with pytest.raises(ValueError, match=message):
        parse_pmt(source)


def test_ignore_sections_may_repeat():
    source = "# --- PYODIDE:ignore --- #\n# a\n" + MINIMAL + "# --- PYODIDE:ignore --- #\n# b\n"

    assert parse_pmt(source).tests == "assert f() == 1"


def test_files_not_in_utf8_are_refused():
    with pytest.raises(ValueError, match=r"Le fichier exo\.py n'est pas encodé en UTF-8"):
        parse_pmt(MINIMAL.replace("1", "é").encode("latin-1"), name="exo.py")
    with pytest.raises(ValueError, match=r"Le fichier exo_REM\.md n'est pas encodé en UTF-8"):
        parse_pmt(MINIMAL.encode(), rem="Très simple.".encode("latin-1"), name="exo.py")


def test_oversized_files_and_missing_files_are_refused(tmp_path):
    with pytest.raises(ValueError, match="trop volumineux"):
        parse_pmt(MINIMAL.encode() + b"#" * MAX_BYTES)
    with pytest.raises(ValueError, match="Fichier introuvable"):
        read_pmt_files(tmp_path / "absent.py")
