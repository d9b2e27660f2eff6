"""Parsons exercises: lines shuffled once per exercise (cached with its page), put back in order
through the numbered-lines form, judged on the server against the solution."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.tests.factories import make_student
from courses.tests.factories import make_chapter, make_course
from exercises import selectors
from exercises.models import Attempt, Exercise
from exercises.parsons import shuffled_lines, solution_lines

pytestmark = pytest.mark.django_db(transaction=True)

SOLUTION = (
    "def maximum(nombres):\n    m = nombres[0]\n    for n in nombres:\n        if n > m:\n            m = n\n"
    "    return m\n"
)
JSON = {"HTTP_ACCEPT": "application/json"}


def make_parsons(**fields):
    chapter = make_chapter(make_course(chapters=0), slug="chapitre-1", exercises=0)
    values = {
        "title": "Maximum en désordre",
        "prompt": "Remettre dans l'ordre la fonction `maximum`.",
        "kind": "parsons",
        "solution": SOLUTION,
        "parsons_distractors": "    m = 0",
        "xp_reward": 10,
        "is_published": True,
        **fields,
    }
    return Exercise.objects.create(chapter=chapter, **values)


@pytest.fixture
def exercise():
    return make_parsons()


@pytest.fixture
def student(client):
    user = make_student("ada")
    client.force_login(user)
    return user


def ids_in_order(exercise, texts: list[str]) -> dict:
    """The form data that places the lines whose texts are given, in that order."""
    lines = shuffled_lines(exercise)
    data, used = {}, set()
    for position, text in enumerate(texts, start=1):
        line = next(line for line in lines if line["text"] == text and line["id"] not in used)
        used.add(line["id"])
        data[f"position_{line['id']}"] = str(position)
    return data


RIGHT = ["def maximum(nombres):", "m = nombres[0]", "for n in nombres:", "if n > m:", "m = n", "return m"]


def validate(client, exercise, data):
    response = client.post(f"/exercises/{exercise.pk}/submit/", data, **JSON)
    return response.status_code, response.json()


def test_the_lines_are_shuffled_once_per_exercise_with_the_distractor(exercise):
    lines = shuffled_lines(exercise)
    assert sorted(line["text"] for line in lines) == sorted([*RIGHT, "m = 0"])
    assert [line["text"] for line in lines] != [*RIGHT, "m = 0"]
    assert shuffled_lines(Exercise.objects.get(pk=exercise.pk)) == lines  # the same for everyone, every time
    assert selectors.exercise_content(exercise.pk)["lines"] == lines
    other = make_parsons(title="Autre")
    assert [line["text"] for line in shuffled_lines(other)] != [line["text"] for line in lines]


def test_the_right_order_passes_once_and_shows_the_solution(client, student, exercise):
    status, verdict = validate(client, exercise, ids_in_order(exercise, RIGHT))
    assert status == 200 and verdict["passed"] and verdict["xp_awarded"] == 10
    assert verdict["solution"] == SOLUTION
    _, again = validate(client, exercise, {**ids_in_order(exercise, RIGHT), "passed": "true"})
    assert again["passed"] and again["xp_awarded"] == 0
    assert get_user_model().objects.get(pk=student.pk).xp == 10


WRONG = {
    "swapped": (["def maximum(nombres):", "for n in nombres:", "m = nombres[0]", *RIGHT[3:]], "4 lignes sur 6"),
    "distractor": (["def maximum(nombres):", "m = 0", *RIGHT[2:]], "est un piège"),
    "missing line": (RIGHT[:-1], "Il manque 1 ligne au programme."),
    "extra line": ([*RIGHT, "m = 0"], "des lignes en trop"),
}


@pytest.mark.parametrize(("texts", "message"), WRONG.values(), ids=WRONG.keys())
def test_a_wrong_order_is_told_how_far_it_is(client, student, exercise, texts, message):
    status, verdict = validate(client, exercise, ids_in_order(exercise, texts))
    assert status == 200 and not verdict["passed"] and message in verdict["message"]
    assert verdict["solution"] is None
    assert Attempt.objects.get(user=student).passed is False


def test_indentation_to_restore_is_part_of_the_answer(client, student):
    exercise = make_parsons(parsons_indent=True, parsons_distractors="")
    lines = shuffled_lines(exercise)
    assert all(line["indent"] is None for line in lines)
    data = ids_in_order(exercise, RIGHT)
    _, verdict = validate(client, exercise, data)
    assert not verdict["passed"] and "l'indentation n'est pas la bonne" in verdict["message"]
    levels = dict(zip(RIGHT, [0, 1, 1, 2, 3, 1], strict=True))
    for line in lines:
        data[f"indent_{line['id']}"] = str(levels[line["text"]])
    _, verdict = validate(client, exercise, data)
    assert verdict["passed"]


BAD_FORMS = {
    "nothing numbered": ({}, "Numérotez au moins une ligne"),
    "same number twice": ({"position_0": "1", "position_1": "1"}, "Deux lignes ont le même numéro"),
    "out of range": ({"position_0": "99"}, "Les numéros de ligne vont de 1 à 7."),
    "not a number": ({"position_0": "²"}, "Un numéro de ligne est un nombre entier."),
}


@pytest.mark.parametrize(("data", "message"), BAD_FORMS.values(), ids=BAD_FORMS.keys())
def test_a_malformed_form_gets_a_french_message_and_records_nothing(client, student, exercise, data, message):
    status, body = validate(client, exercise, data)
    assert status == 400 and body["message"].startswith(message)
    response = client.post(f"/exercises/{exercise.pk}/submit/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_page_works_without_javascript_and_hides_the_order(client, student, exercise):
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert page.count('type="number" name="position_') == 7
    assert "parsons.js" in page and "Remettez les lignes dans l'ordre" in page
    assert SOLUTION.splitlines()[0] in page and SOLUTION not in page
    response = client.post(f"/exercises/{exercise.pk}/submit/", ids_in_order(exercise, RIGHT))
    assert response.status_code == 302
    assert "Bravo, le programme est dans le bon ordre ! +10 XP" in client.get(response["Location"]).content.decode()


def test_changing_the_solution_reshuffles_the_cached_lines(exercise):
    assert "return m" in [line["text"] for line in selectors.exercise_content(exercise.pk)["lines"]]
    exercise.solution = SOLUTION.replace("return m", "return m  # le plus grand")
    exercise.save()
    assert "return m  # le plus grand" in [line["text"] for line in selectors.exercise_content(exercise.pk)["lines"]]


def test_a_solution_of_one_line_is_refused():
    with pytest.raises(ValidationError) as refused:
        make_parsons(solution="return 1")
    assert "au moins deux lignes" in refused.value.message_dict["solution"][0]


# --- Checked by the teacher's tests ------------------------------------------------------------
PERIMETRE = (
    "def perimetre(longueur, largeur):\n"
    "    double_longueur = 2 * longueur\n"
    "    double_largeur = 2 * largeur\n"
    "    return double_longueur + double_largeur\n"
)
TESTED = {
    "solution": PERIMETRE,
    "parsons_indent": True,
    "parsons_distractors": "return double_longueur * double_largeur\nwhile True:\n"
    'print("Bravo, tous les tests sont réussis ! +10 XP")',
    "public_tests": "perimetre(2, 3)",
    # The second line's input and value are hidden from the student: a wrong program never shows them.
    "private_tests": "assert perimetre(2, 3) == 10\nperimetre(7, 0)\nassert perimetre(1, 1) == 4",
}
DEF, LONG, LARGE, SUM = (
    "def perimetre(longueur, largeur):",
    "double_longueur = 2 * longueur",
    "double_largeur = 2 * largeur",
    "return double_longueur + double_largeur",
)
PRODUCT, LOOP, FAKE = TESTED["parsons_distractors"].splitlines()


def placed(exercise, lines: list[tuple[str, int]]) -> dict:
    """The form data that places these (text, indentation) lines in this order."""
    data = ids_in_order(exercise, [text for text, _ in lines])
    ids = {line["text"]: line["id"] for line in shuffled_lines(exercise)}
    data.update({f"indent_{ids[text]}": str(level) for text, level in lines})
    return data


@pytest.fixture
def tested():
    return make_parsons(title="Périmètre en désordre", **TESTED)


def xp_of(user) -> int:
    return get_user_model().objects.values_list("xp", flat=True).get(pk=user.pk)


def test_saving_runs_the_solution_against_the_tests(tested):
    assert tested.runs_tests and tested.expected_values["private"] == ["10", "14", "4"]
    assert not make_parsons().runs_tests and make_parsons().expected_values == {}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"private_tests": "assert perimetre(1, 1) == 5"}, "private_tests", "Test privé n°1 : la solution donne 4"),
        ({"private_tests": ""}, "private_tests", "au moins un test privé"),
        ({"public_tests": "aire(2, 3)"}, "public_tests", "la solution lève NameError"),
    ],
    ids=["wrong expectation", "public tests only", "unknown function"],
)
def test_a_solution_that_fails_its_tests_is_refused(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        make_parsons(**{**TESTED, **fields})
    assert message in " ".join(refused.value.message_dict[field])
    assert not Exercise.objects.exists()


def test_the_solutions_order_passes_and_earns_the_xp_once(client, student, tested):
    right = [(DEF, 0), (LONG, 1), (LARGE, 1), (SUM, 1)]
    status, verdict = validate(client, tested, placed(tested, right))
    assert status == 200 and verdict["passed"] and verdict["xp_awarded"] == 10
    assert verdict["tests"] == [{"number": n, "passed": True} for n in (1, 2, 3)] and verdict["failure"] is None
    assert verdict["solution"] == PERIMETRE
    _, again = validate(client, tested, placed(tested, right))
    assert again["passed"] and again["xp_awarded"] == 0 and xp_of(student) == 10
    assert Attempt.objects.filter(user=student).count() == 2


def test_another_order_that_passes_the_tests_is_right(client, student, tested):
    swapped = [(DEF, 0), (LARGE, 1), (LONG, 1), (SUM, 1)]
    status, verdict = validate(client, tested, placed(tested, swapped))
    assert status == 200 and verdict["passed"] and verdict["xp_awarded"] == 10
    recorded = Attempt.objects.get(user=student).answer
    assert recorded == PERIMETRE.replace(f"    {LONG}\n    {LARGE}", f"    {LARGE}\n    {LONG}") != PERIMETRE


def test_a_wrong_program_gets_the_failing_test_numbers_and_never_their_inputs(client, student, tested):
    wrong = [(DEF, 0), (LONG, 1), (LARGE, 1), (PRODUCT, 1)]
    status, verdict = validate(client, tested, placed(tested, wrong))
    assert status == 200 and not verdict["passed"] and verdict["xp_awarded"] == 0
    assert [test["passed"] for test in verdict["tests"]] == [False, False, True]
    assert verdict["message"] == "Tests réussis : 1 sur 3. Réessayez !"
    assert verdict["solution"] is None
    response = client.post(f"/exercises/{tested.pk}/submit/", placed(tested, wrong), follow=True)
    page = response.content.decode()
    assert "Tests : n°1 ✗, n°2 ✗, n°3 ✓" in page
    assert "14" not in str(verdict)
    for secret in ("perimetre(7, 0)", "(1, 1)"):
        assert secret not in str(verdict) and secret not in page
    assert xp_of(student) == 0 and not Attempt.objects.filter(passed=True).exists()


HOSTILE = {
    # What the program prints, and any field of the request, change nothing.
    "prints a fake verdict": [(FAKE, 0), (DEF, 0), (LONG, 1), (LARGE, 1), (PRODUCT, 1)],
    # A program that never ends is stopped by the sandbox.
    "never ends": [(LOOP, 0), (DEF, 1), (LONG, 2), (LARGE, 2), (SUM, 2)],
    "does not compile": [(DEF, 0), (LONG, 0), (LARGE, 1), (SUM, 1)],
}


@pytest.mark.parametrize("lines", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_program_earns_nothing(client, student, tested, lines):
    data = {**placed(tested, lines), "passed": "true", "xp_awarded": "100", "tests": "[1, 1, 1]"}
    status, verdict = validate(client, tested, data)
    assert status == 200 and verdict["passed"] is False and verdict["xp_awarded"] == 0
    if lines is not HOSTILE["prints a fake verdict"]:
        assert verdict["message"].startswith("Votre programme n'a pas pu être testé : ") and verdict["failure"]
    assert xp_of(student) == 0 and Attempt.objects.get(user=student).passed is False


def test_the_validations_are_counted_with_tests_too(client, student):
    exercise = make_parsons(title="Périmètre compté", max_validations=2, **TESTED)
    wrong = placed(exercise, [(DEF, 0), (LONG, 1), (LARGE, 1), (PRODUCT, 1)])
    assert [validate(client, exercise, wrong)[1]["remaining"] for _ in range(2)] == [1, 0]
    status, body = validate(client, exercise, placed(exercise, [(DEF, 0), (LONG, 1), (LARGE, 1), (SUM, 1)]))
    assert status == 403 and "il n'en reste aucune" in body["message"]
    assert Attempt.objects.count() == 2


def test_the_page_and_its_cached_content_show_the_public_tests_only(client, student, tested):
    page = client.get(f"/exercises/{tested.pk}/").content.decode()
    assert "perimetre(2, 3)" in page and "tout ordre qui les réussit est accepté" in page
    cached = str(selectors.exercise_content(tested.pk))  # what Redis holds (LONG)
    for secret in ("perimetre(7, 0)", "(1, 1)", "double_longueur + double_largeur\n"):
        assert secret not in page and secret not in cached


def test_the_admin_form_shows_a_failing_test_of_a_parsons_solution_on_its_field(tested):
    from exercises.admin import ExerciseForm

    data = {
        **{field: getattr(tested, field) for field in ExerciseForm.Meta.fields},
        "chapter": tested.chapter_id,
        "max_validations": "",
        "private_tests": "assert perimetre(2, 3) == 11",
    }
    form = ExerciseForm(data=data, instance=tested)
    assert not form.is_valid()
    assert form.errors["private_tests"] == ["Test privé n°1 : la solution donne 10 et non 11 (perimetre(2, 3))."]
    form = ExerciseForm(data={**data, "private_tests": "perimetre(5, 5)"}, instance=tested)
    assert form.is_valid(), form.errors
    assert form.save().expected_values["private"] == ["20"]


def test_an_indentation_outside_the_list_is_a_french_message(client, student, tested):
    data = placed(tested, [(DEF, 0), (LONG, 1), (LARGE, 1), (SUM, 1)])
    data[next(name for name in data if name.startswith("indent_"))] = "9"
    status, body = validate(client, tested, data)
    assert status == 400 and body["message"] == "Choisissez une indentation de la liste."
    assert not Attempt.objects.exists()


# --- When the sandbox cannot run it: the same answers as a Python validation --------------------
RIGHT_PERIMETRE = [(DEF, 0), (LONG, 1), (LARGE, 1), (SUM, 1)]


@pytest.mark.parametrize("who", ["another student", "the same student"])
def test_a_busy_sandbox_answers_429_with_retry_after_and_keeps_the_order(client, student, tested, settings, who):
    from courses.tests.factories import make_python_exercise
    from exercises.tests.test_python_refusals import LOOP as ENDLESS
    from exercises.tests.test_python_refusals import run_in_background

    # One run at a time, no queue: a Python validation that never ends holds the only slot
    # (Busy for another student, AlreadyPending for the same one) for a whole second: the fuel
    # is raised so that the wall-clock limit, not the instruction count, ends it.
    settings.SANDBOX = {**settings.SANDBOX, "WORKERS": 1, "QUEUE": 0, "WALL_SECONDS": 1, "FUEL": 10**12}
    runner = student if who == "the same student" else make_student("alan")
    running = run_in_background(runner, make_python_exercise(), ENDLESS)
    data = placed(tested, RIGHT_PERIMETRE)

    as_json = client.post(f"/exercises/{tested.pk}/submit/", data, **JSON)
    as_page = client.post(f"/exercises/{tested.pk}/submit/", data)
    running.join()

    assert (as_json.status_code, as_json["Retry-After"]) == (429, "2")
    assert as_json.json() == {"message": "Serveur occupé, réessayez dans quelques secondes."}
    assert (as_page.status_code, as_page["Retry-After"]) == (429, "2")
    assert "Serveur occupé" in as_page.content.decode()
    assert shown_order(as_page) == [line_id(tested, text) for text, _ in RIGHT_PERIMETRE] + distractor_ids(tested)
    assert not Attempt.objects.filter(exercise=tested).exists()
    assert validate(client, tested, data)[1]["passed"]  # once it is over


def test_a_broken_sandbox_is_a_503_in_french(client, student, tested, settings, tmp_path):
    from sandbox import verifier

    broken = tmp_path / "python.wasm"
    broken.write_bytes(b"\0asm pas un module")
    settings.SANDBOX = {**settings.SANDBOX, "WASM_PATH": str(broken), "WASM_SHA256": "", "CACHE_DIR": str(tmp_path)}
    client.raise_request_exception = False
    data = placed(tested, RIGHT_PERIMETRE)

    as_json = client.post(f"/exercises/{tested.pk}/submit/", data, **JSON)
    as_page = client.post(f"/exercises/{tested.pk}/submit/", data)

    assert (as_json.status_code, as_json.json()) == (503, {"message": verifier.Unavailable.message})
    assert as_page.status_code == 503 and "prévenez votre professeur" in as_page.content.decode()
    assert not Attempt.objects.exists()


# --- A refused form keeps the student's order ---------------------------------------------------
def line_id(exercise, text: str) -> int:
    return next(line["id"] for line in shuffled_lines(exercise) if line["text"] == text)


def distractor_ids(exercise) -> list[int]:
    """The lines left without a number, in the shuffled order (where a refused page puts them)."""
    solution = {text for _, text in solution_lines(exercise.solution)}
    return [line["id"] for line in shuffled_lines(exercise) if line["text"] not in solution]


def shown_order(response) -> list[int]:
    return [int(found) for found in re.findall(r'data-line="(\d+)"', response.content.decode())]


def test_a_refused_form_shows_the_lines_in_the_students_order_with_their_numbers(client, student, exercise):
    # Lines 1, 2, 3 in the student's order, then two lines given the same number 4: refused.
    order = ["return m", "m = nombres[0]", "def maximum(nombres):", "if n > m:", "m = n"]
    data = ids_in_order(exercise, order)
    data[f"position_{line_id(exercise, 'm = n')}"] = "4"
    response = client.post(f"/exercises/{exercise.pk}/submit/", data)
    page = response.content.decode()

    assert response.status_code == 400
    assert "Deux lignes ont le même numéro : chaque numéro ne sert qu&#x27;une fois." in page
    ids = [line_id(exercise, text) for text in order]
    # The two lines numbered 4 keep the order they were shown in; the lines left blank come last.
    fours = sorted(ids[3:], key=[line["id"] for line in shuffled_lines(exercise)].index)
    assert shown_order(response)[:5] == ids[:3] + fours
    assert sorted(shown_order(response)[5:]) == sorted(
        line["id"] for line in shuffled_lines(exercise) if line["id"] not in ids
    )
    for number, text in enumerate(order[:3], start=1):
        assert f'name="position_{line_id(exercise, text)}" min="1" max="7" inputmode="numeric" value="{number}"' in page
    assert page.count("data-set-aside") == 2  # the two lines without a number, for parsons.js


def test_a_refused_form_keeps_the_chosen_indentation(client, student, tested):
    data = placed(tested, [(DEF, 0), (LONG, 1), (LARGE, 2)])
    data[f"position_{line_id(tested, LOOP)}"] = "²"
    response = client.post(f"/exercises/{tested.pk}/submit/", data)
    page = response.content.decode()
    assert response.status_code == 400 and "Un numéro de ligne est un nombre entier." in page
    assert shown_order(response)[:3] == [line_id(tested, text) for text in (DEF, LONG, LARGE)]
    select = re.search(rf'name="indent_{line_id(tested, LARGE)}".*?</select>', page, re.S).group()
    assert '<option value="2" selected>' in select and select.count("selected") == 1
