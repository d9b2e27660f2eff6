"""Python exercises: saving runs the teacher's solution in the real sandbox, and "Valider" is
decided on the server against the expected values it keeps (transactional_db: invalidation
runs on commit, and the threads below need committed rows)."""

import html
import json
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from accounts.tests.factories import make_student
from courses.tests.factories import SOMME, make_python_exercise
from exercises.admin import ExerciseForm
from exercises.models import Attempt, Exercise
from exercises.services import NoValidationLeft, validate_code
from sandbox import admission, verifier

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT = "def somme(nombres):\n    return sum(nombres)\n"
WRONG = "def somme(nombres):\n    return 0\n"  # passes the public test somme([]) only
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def exercise():
    return make_python_exercise()


@pytest.fixture
def student():
    return make_student("ada")


def xp_of(user) -> int:
    return get_user_model().objects.values_list("xp", flat=True).get(pk=user.pk)


def validate(client, exercise, code, **extra):
    response = client.post(f"/exercises/{exercise.pk}/submit/", {"code": code, **extra}, **JSON)
    return response.status_code, response.json()


# --- Saving --------------------------------------------------------------------------------
def test_saving_computes_the_expected_values_from_the_solution(exercise):
    assert exercise.expected_values["public"] == ["6", "0"]
    assert exercise.expected_values["private"] == ["6", "4950", "2.5"]


def test_changing_a_test_computes_them_again(exercise):
    exercise.private_tests = "somme([7, 8])"
    exercise.save()
    assert Exercise.objects.get(pk=exercise.pk).expected_values["private"] == ["15"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"private_tests": "somme([1])\nassert somme([1, 1]) == 3"}, "private_tests", "Test privé n°2 : la solution"),
        ({"public_tests": "somme(None)"}, "public_tests", "Test public n°1 (somme(None)) : la solution lève TypeError"),
        ({"solution": "def somme(nombres):\n    return 1 / 0"}, "public_tests", "ZeroDivisionError"),
        ({"solution": "def somme(nombres)\n    return 0"}, "solution", "La solution ne s'exécute pas"),
        ({"private_tests": ""}, "private_tests", "au moins un test privé"),
        ({"private_tests": "x = 1"}, "private_tests", "Test privé ligne 1"),
    ],
    ids=["wrong expectation", "raises", "raises everywhere", "syntax error", "no private test", "not a test"],
)
def test_a_solution_that_fails_a_test_is_refused_naming_it(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        make_python_exercise(**fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Exercise.objects.filter(kind="python").exists()


def test_the_admin_form_shows_the_failing_test_on_its_field(exercise):
    data = {
        **SOMME,
        "chapter": exercise.chapter_id,
        "title": "Somme fausse",
        "kind": "python",
        "xp_reward": 10,
        "order": 0,
        "private_tests": "assert somme([1, 2]) == 4",
    }
    form = ExerciseForm(data=data)
    assert not form.is_valid()
    assert form.errors["private_tests"] == ["Test privé n°1 : la solution donne 3 et non 4 (somme([1, 2]))."]

    form = ExerciseForm(data={**data, "private_tests": "assert somme([1, 2]) == 3"})
    assert form.is_valid(), form.errors
    assert form.save().expected_values["private"] == ["3"]


# --- Validating ----------------------------------------------------------------------------
def test_the_right_program_passes_and_earns_the_xp_once(client, student, exercise):
    client.force_login(student)

    status, first = validate(client, exercise, RIGHT)
    _, second = validate(client, exercise, RIGHT)

    assert status == 200
    assert first["passed"] and first["xp_awarded"] == 10 and second["xp_awarded"] == 0
    assert first["tests"] == [
        {"number": 1, "passed": True},
        {"number": 2, "passed": True},
        {"number": 3, "passed": True},
    ]
    assert first["solution"] == SOMME["solution"] and "<code>sum(nombres)</code>" in first["remarks_html"]
    assert xp_of(student) == 10


def test_a_validation_holds_no_database_connection_while_the_sandbox_runs(client, student, exercise, monkeypatch):
    """Waiting for a slot and running take seconds under a burst: the thread's PostgreSQL
    connection goes back first (max_connections, idle-session timeouts), and the attempt is
    recorded on a new one afterwards."""
    run = verifier.evaluate
    held = []

    def evaluate_noting_the_connection(*args, **kwargs):
        held.append(connection.connection is not None)
        return run(*args, **kwargs)

    monkeypatch.setattr(verifier, "evaluate", evaluate_noting_the_connection)
    client.force_login(student)
    status, verdict = validate(client, exercise, RIGHT)

    # An in-memory SQLite database cannot be closed (it would be gone): only there it stays.
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert held == [in_memory]
    assert status == 200 and verdict["xp_awarded"] == 10 and xp_of(student) == 10


def test_a_wrong_program_gets_which_tests_failed_and_nothing_secret(client, student, exercise):
    client.force_login(student)
    status, verdict = validate(client, exercise, WRONG)

    assert status == 200 and not verdict["passed"] and verdict["xp_awarded"] == 0
    assert [test["passed"] for test in verdict["tests"]] == [False, False, False]
    assert verdict["solution"] is None and verdict["remarks_html"] is None
    body = json.dumps(verdict)
    for secret in ("4950", "range(100)", "10, -4", "total"):
        assert secret not in body
    assert xp_of(student) == 0


FORGERIES = {
    "prints a fake verdict": WRONG + 'print(\'{"passed": true, "tests": [true, true, true]}\')\n',
    "exits early": WRONG + "import sys\nsys.exit(0)\n",
    "a value equal to everything": "class Tout:\n    def __eq__(self, other):\n        return True\n"
    "def somme(nombres):\n    return Tout()\n",
}


@pytest.mark.parametrize("code", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_verdict_earns_nothing(client, student, exercise, code):
    client.force_login(student)
    status, verdict = validate(client, exercise, code, passed="true", xp_awarded="100", tests="[1,1,1]")
    assert status == 200 and verdict["passed"] is False
    assert xp_of(student) == 0 and not Attempt.objects.filter(passed=True).exists()


def test_the_program_is_kept_and_shown_again(client, student, exercise):
    client.force_login(student)
    assert "def somme(nombres):\n    ...\n" in client.get(f"/exercises/{exercise.pk}/").content.decode()

    validate(client, exercise, WRONG + "# ma version\n")

    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "# ma version" in page and "    ...\n" not in page
    assert Attempt.objects.get().answer == WRONG + "# ma version\n"


def test_the_validations_are_counted_and_refused_when_none_is_left(client, student):
    exercise = make_python_exercise(max_validations=2)
    client.force_login(student)

    assert validate(client, exercise, WRONG)[1]["remaining"] == 1
    assert validate(client, exercise, WRONG)[1]["remaining"] == 0
    status, refused = validate(client, exercise, RIGHT)

    assert status == 403
    assert refused == {"message": "Vous avez utilisé vos 2 validations pour cet exercice : il n'en reste aucune."}
    assert Attempt.objects.count() == 2 and xp_of(student) == 0
    assert "Validations restantes : 0" in client.get(f"/exercises/{exercise.pk}/").content.decode()


def test_a_student_who_passed_may_validate_again(student):
    exercise = make_python_exercise(max_validations=1)
    assert validate_code(student, exercise, RIGHT).passed
    assert validate_code(student, exercise, WRONG).passed is False
    other = make_student("alan")
    validate_code(other, exercise, WRONG)
    with pytest.raises(NoValidationLeft):
        validate_code(other, exercise, RIGHT)


BAD_CODE = {
    "empty": ("", "Écrivez un programme avant de le valider."),
    "blank": ("  \n\t\n", "Écrivez un programme avant de le valider."),
    "too long": ("#" * 20_001, "Un programme compte au plus 20 000 caractères."),
    "NUL": ("def somme(n):\x00\n    return 0", "Le caractère nul n’est pas autorisé."),
    "escape": ("print('\x1b[31m')", "caractères de contrôle ou invisibles"),
    "bidi override": ("x = 1  # \u202e", "caractères de contrôle ou invisibles"),
}


@pytest.mark.parametrize(("code", "message"), BAD_CODE.values(), ids=BAD_CODE.keys())
def test_bad_input_is_a_400_in_french_and_nothing_runs(client, student, exercise, code, message):
    client.raise_request_exception = False
    client.force_login(student)
    status, body = validate(client, exercise, code)
    assert status == 400 and list(body) == ["message"] and message in body["message"]

    page = client.post(f"/exercises/{exercise.pk}/submit/", {"code": code})  # without JavaScript
    assert page.status_code == 400 and message in html.unescape(page.content.decode())
    assert not Attempt.objects.exists()


def test_tabs_and_crlf_line_breaks_are_a_program(student, client, exercise):
    client.force_login(student)
    assert validate(client, exercise, "def somme(nombres):\r\n\treturn sum(nombres)\r\n")[1]["passed"]


def test_without_javascript_the_page_says_which_tests_passed(client, student, exercise):
    client.force_login(student)
    response = client.post(f"/exercises/{exercise.pk}/submit/", {"code": WRONG}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/exercises/{exercise.pk}/"
    assert "Tests réussis : 0 sur 3. Réessayez !" in page and "Tests : n°1 ✗, n°2 ✗, n°3 ✗" in page
    assert "return 0" in page  # the last program, shown again

    page = client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT}, follow=True).content.decode()
    assert "Bravo, tous les tests sont réussis ! +10 XP" in page and "n°3 ✓" in page
    assert "total += n" in page  # the solution, now that it passed


def test_a_program_that_does_not_run_is_told_why(client, student, exercise):
    client.force_login(student)
    status, verdict = validate(client, exercise, "def somme(nombres)\n    return 0\n")
    assert status == 200 and verdict["passed"] is False and verdict["failure"]
    assert verdict["message"].startswith("Votre programme n'a pas pu être testé : ")


def test_concurrent_validations_award_the_xp_once(student, exercise):
    """A double click, two tabs: at most one validation of a student runs at a time (the
    sandbox answers AlreadyPending to the others), and those that run earn the XP once
    (the unique constraint decides, with PostgreSQL a real race)."""
    validations = 6
    barrier = threading.Barrier(validations)
    outcomes, errors = [], []

    def press_valider():
        try:
            barrier.wait()
            for _ in range(50):
                try:
                    outcomes.append(validate_code(student, exercise, RIGHT).xp_awarded)
                    return
                except (verifier.AlreadyPending, verifier.Busy):
                    outcomes.append("occupé")
                    return
                except OperationalError:
                    threading.Event().wait(0.01)  # SQLite's shared in-memory database: try again
            errors.append("toujours verrouillée")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=press_valider) for _ in range(validations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(outcomes) == validations and outcomes.count(10) == 1, outcomes
    assert Attempt.objects.filter(xp_awarded__gt=0).count() == 1
    assert xp_of(student) == 10


def test_a_validation_goes_through_the_entrance_and_leaves_it_when_it_queues(client, student, exercise, settings):
    """The submit view takes its place in the pool at the door, does its work inside the
    process's entrance (sandbox/admission.py) and leaves it once queued: a class's other
    validations go in while it waits."""
    settings.SANDBOX = {**settings.SANDBOX, "WORKERS": 1, "QUEUE": 2}
    pool = admission.pool(1, 2, 10)
    pending = admission.PENDING_KEY.format(owner=f"user:{student.pk}")
    slot_taken, free_slot = threading.Event(), threading.Event()

    def occupy_the_only_slot():
        with pool.slot(verifier.Busy):
            slot_taken.set()
            free_slot.wait(20)

    def soon(condition, within: float) -> bool:
        deadline = time.monotonic() + within
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)
        return condition()

    occupier = threading.Thread(target=occupy_the_only_slot, daemon=True)
    occupier.start()
    assert slot_taken.wait(5)
    client.force_login(student)
    answers = []
    validation = threading.Thread(target=lambda: answers.append(validate(client, exercise, RIGHT)), daemon=True)
    with admission.entrance(pool, verifier.Busy):
        assert admission.inside_entrance()
        validation.start()
        assert soon(lambda: pool.admitted == 3, within=5)  # its place taken at the door...
        assert not soon(lambda: cache.get(pending) is not None, within=0.5)  # ...its work not begun
    assert soon(lambda: cache.get(pending) is not None, within=10)  # in, then queued for the slot
    with admission.entrance(pool, verifier.Busy):
        assert admission.inside_entrance()  # left while it waits for its slot
    free_slot.set()
    validation.join(20)
    occupier.join(5)
    assert answers and answers[0][0] == 200 and answers[0][1]["passed"] is True
    assert pool.admitted == 0
    with admission.entrance(pool, verifier.Busy):
        assert admission.inside_entrance()  # and not taken again once answered


def test_a_full_process_answers_busy_at_the_door_and_keeps_the_program(client, student, exercise, settings):
    settings.SANDBOX = {**settings.SANDBOX, "WORKERS": 1, "QUEUE": 0}
    pool = admission.pool(1, 0, 10)
    client.force_login(student)
    with pool.slot(verifier.Busy):  # the process's only place
        status, body = validate(client, exercise, RIGHT)
        page = client.post(f"/exercises/{exercise.pk}/submit/", {"code": "# mon programme\n" + RIGHT})
    assert (status, body) == (429, {"message": "Serveur occupé, réessayez dans quelques secondes."})
    assert page.status_code == 429 and page["Retry-After"] == "2"
    assert "Serveur occupé" in page.content.decode() and "# mon programme" in page.content.decode()
    assert not Attempt.objects.exists()
