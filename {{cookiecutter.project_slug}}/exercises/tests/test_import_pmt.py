"""manage.py import_pmt_exercise: a pyodide-mkdocs-theme exercise becomes a Python exercise,
checked by the real sandbox like one written in the admin."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import make_student
from courses.tests.factories import make_chapter, make_course
from exercises.models import Exercise
from exercises.services import validate_code

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES = Path(__file__).parent / "pmt_examples"


@pytest.fixture
def chapter():
    return make_chapter(make_course(slug="algo", chapters=0), slug="listes", exercises=0)


def import_pmt(*args):
    call_command("import_pmt_exercise", *args)
    return Exercise.objects.get(kind="python")


def test_the_sections_become_the_exercise_and_the_solution_gives_the_expected_values(chapter):
    exercise = import_pmt(str(EXAMPLES / "somme.py"), "--chapter", "algo/listes", "--xp", "15")

    assert (exercise.chapter, exercise.title, exercise.xp_reward, exercise.is_published) == (
        chapter,
        "Somme",
        15,
        False,
    )
    assert "def sum(*args, **kwargs)" in exercise.setup_code
    assert exercise.starter_code.startswith("def somme(nombres):\n    ...")
    assert exercise.public_tests == "assert somme([]) == 0\nassert somme([1, 2, 3]) == 6"
    assert "total = total + nombre" in exercise.solution
    assert "**accumulateur**" in exercise.remarks
    assert exercise.expected_values["private"] == ["0", "10", "0.75"]


def test_the_setup_code_runs_on_the_server_too(chapter):
    """The env section forbids sum(): a program that calls it fails on the server as in the browser."""
    exercise = import_pmt(str(EXAMPLES / "somme.py"), "--chapter", "algo/listes", "--publish")
    student = make_student()
    assert not validate_code(student, exercise, "def somme(nombres):\n    return sum(nombres)\n").passed
    loop = "def somme(nombres):\n    t = 0\n    for n in nombres:\n        t += n\n    return t\n"
    assert validate_code(student, exercise, loop).passed


def test_a_rem_file_given_explicitly_and_a_prompt_file(chapter, tmp_path):
    (tmp_path / "notes.md").write_text("Une *remarque*.", encoding="utf-8")
    (tmp_path / "enonce.md").write_text("Écrire `somme`.", encoding="utf-8")
    exercise = import_pmt(
        str(EXAMPLES / "somme.py"),
        *("--chapter", "algo/listes", "--rem", str(tmp_path / "notes.md")),
        *("--prompt", str(tmp_path / "enonce.md"), "--title", "Additionner"),
    )
    assert (exercise.title, exercise.prompt, exercise.remarks) == ("Additionner", "Écrire `somme`.", "Une *remarque*.")


def test_a_solution_that_fails_a_secret_test_is_refused_naming_it(chapter, tmp_path):
    source = (EXAMPLES / "somme.py").read_text(encoding="utf-8")
    broken = tmp_path / "somme.py"
    broken.write_text(source.replace("assert somme([10]) == 10", "assert somme([10]) == 11"), encoding="utf-8")

    with pytest.raises(CommandError, match=r"Test privé n°2 : la solution donne 10 et non 11"):
        call_command("import_pmt_exercise", str(broken), "--chapter", "algo/listes")
    assert not Exercise.objects.exists()


@pytest.mark.parametrize(
    ("content", "chapter_arg", "message"),
    [
        (None, "algo/inconnu", "Chapitre introuvable : « algo/inconnu »"),
        ("print('pas de section')\n", "algo/listes", "somme.py"),
        ("# --- PYODIDE:corr --- #\ndef somme(n):\n    return 0\n", "algo/listes", "aucun test"),
        (
            "# --- PYODIDE:corr --- #\nx = 1\n# --- PYODIDE:secrets --- #\nfor i in range(3): assert i == i\n",
            "algo/listes",
            "Test privé ligne 1",
        ),
    ],
    ids=["unknown chapter", "no header", "no test", "a test that is a loop"],
)
def test_what_cannot_be_imported_is_a_french_error(chapter, tmp_path, content, chapter_arg, message):
    path = EXAMPLES / "somme.py"
    if content is not None:
        path = tmp_path / "somme.py"
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_pmt_exercise", str(path), "--chapter", chapter_arg)
    assert not Exercise.objects.exists()


def test_a_missing_file_is_a_french_error(chapter):
    with pytest.raises(CommandError, match="introuvable|Lecture impossible"):
        call_command("import_pmt_exercise", "/nulle/part/somme.py", "--chapter", "algo/listes")
