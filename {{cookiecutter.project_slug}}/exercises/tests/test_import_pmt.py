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


# --- The same import in the admin ----------------------------------------------------------
def upload(client, name="somme.py", content=None, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (EXAMPLES / "somme.py").read_bytes() if content is None else content
    data = {
        "source": SimpleUploadedFile(name, content),
        "rem": SimpleUploadedFile("somme_REM.md", (EXAMPLES / "somme_REM.md").read_bytes()),
        "title": "Somme",
        "prompt": "Écrire `somme(nombres)`.",
        "xp_reward": 10,
        **fields,
    }
    return client.post("/admin/exercises/exercise/import-pmt/", data)


@pytest.fixture
def admin_client_(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x" * 20))
    return client


def test_the_admin_imports_a_pmt_file(admin_client_, chapter):
    assert (
        "Importer un exercice pyodide-mkdocs-theme" in admin_client_.get("/admin/exercises/exercise/").content.decode()
    )
    assert admin_client_.get("/admin/exercises/exercise/import-pmt/").status_code == 200

    response = upload(admin_client_, chapter=chapter.pk)

    exercise = Exercise.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/exercises/exercise/{exercise.pk}/change/"
    assert exercise.expected_values["private"] == ["0", "10", "0.75"] and "accumulateur" in exercise.remarks
    assert exercise.prompt == "Écrire `somme(nombres)`." and not exercise.is_published


def test_the_admin_says_in_french_why_a_file_cannot_be_imported(admin_client_, chapter):
    wrong = (EXAMPLES / "somme.py").read_bytes().replace(b"== 10,", b"== 11,")
    page = upload(admin_client_, content=wrong, chapter=chapter.pk).content.decode()
    assert "Test privé n°2 : la solution donne 10 et non 11" in page

    page = upload(admin_client_, content=b"print(1)\n", chapter=chapter.pk).content.decode()
    assert "somme.py" in page and "errorlist" in page
    assert not Exercise.objects.exists()


def test_only_who_may_add_exercises_may_import(client, chapter):
    from accounts.tests.factories import make_teacher

    assert client.get("/admin/exercises/exercise/import-pmt/").status_code == 302  # to the admin's login
    client.force_login(make_student())
    assert upload(client, chapter=chapter.pk).status_code == 302
    staff_without_permission = make_teacher()
    staff_without_permission.groups.clear()  # staff by its role, but no longer allowed to add exercises
    client.force_login(staff_without_permission)
    assert upload(client, chapter=chapter.pk).status_code == 403
    assert not Exercise.objects.exists()
    client.force_login(make_teacher())  # the teachers' group may add exercises
    assert upload(client, chapter=chapter.pk).status_code == 302
    assert Exercise.objects.get().chapter == chapter
