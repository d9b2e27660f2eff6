"""When "Valider" cannot run: the real sandbox busy, already running this student's code, or
unavailable. A French message with 429 or 503, never a 500, and nothing recorded."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection

from accounts.tests.factories import make_student
from courses.tests.factories import make_python_exercise
from exercises.admin import ExerciseForm
from exercises.models import Attempt
from exercises.services import validate_code
from sandbox import admission, verifier

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT = "def somme(nombres):\n    return sum(nombres)\n"
LOOP = "while True:\n    pass\n"
BUSY = {"message": "Serveur occupé, réessayez dans quelques secondes."}


@pytest.fixture
def short_runs(settings):
    """One run at a time, no queue, runaway loops stopped after a second of wall time (the fuel
    limit, about 0.4 s of CPU, lifted: on a fast machine it ended the loop before the test's
    second request arrived)."""
    settings.SANDBOX = {**settings.SANDBOX, "WORKERS": 1, "QUEUE": 0, "WALL_SECONDS": 1, "FUEL": 10**12}


@pytest.fixture
def exercise():
    return make_python_exercise()


def run_in_background(user, exercise, code) -> threading.Thread:
    """A validation running in another thread; returns once it is in the sandbox."""

    def validate():
        try:
            validate_code(user, exercise, code)
        finally:
            connection.close()

    thread = threading.Thread(target=validate)
    thread.start()
    key = admission.PENDING_KEY.format(owner=f"user:{user.pk}")
    deadline = time.monotonic() + 10
    while not caches["default"].has_key(key) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # from the pending mark to the pool's slot
    return thread


def post(client, exercise, json=True):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT}, **headers)


def test_a_second_validation_of_the_same_student_waits_its_turn(client, exercise, short_runs):
    student = make_student()
    client.force_login(student)
    running = run_in_background(student, exercise, LOOP)

    response = post(client, exercise)
    running.join()

    assert (response.status_code, response.json()) == (429, BUSY)
    assert list(Attempt.objects.values_list("passed", flat=True)) == [False]  # the loop's, not this one
    assert post(client, exercise).json()["passed"]  # once it is over


def test_a_full_sandbox_answers_busy_with_or_without_javascript(client, exercise, short_runs):
    client.force_login(make_student("ada"))
    running = run_in_background(make_student("alan"), exercise, LOOP)

    as_json, as_page = post(client, exercise), post(client, exercise, json=False)
    running.join()

    assert (as_json.status_code, as_json.json()) == (429, BUSY)
    assert as_page.status_code == 429 and BUSY["message"] in as_page.content.decode()
    assert "return sum(nombres)" in as_page.content.decode()  # the program is not lost
    assert not Attempt.objects.filter(user__username="ada").exists()


def test_busy_says_when_to_try_again_and_the_retry_once_free_gets_the_verdict(client, exercise, short_runs):
    # The editor tries again by itself after Retry-After: a class pressing "Valider" at once
    # fills one process's queue, and a few seconds later the same request is admitted.
    client.force_login(make_student("ada"))
    running = run_in_background(make_student("alan"), exercise, LOOP)

    busy, busy_page = post(client, exercise), post(client, exercise, json=False)
    running.join()
    retried = post(client, exercise)

    assert (busy.status_code, busy["Retry-After"]) == (429, "2")
    assert (busy_page.status_code, busy_page["Retry-After"]) == (429, "2")
    assert retried.status_code == 200 and "Retry-After" not in retried
    assert retried.json()["passed"]
    assert list(Attempt.objects.filter(user__username="ada").values_list("passed", flat=True)) == [True]


@pytest.fixture
def broken_runtime(settings, tmp_path):
    broken = tmp_path / "python.wasm"
    broken.write_bytes(b"\0asm pas un module")
    settings.SANDBOX = {**settings.SANDBOX, "WASM_PATH": str(broken), "WASM_SHA256": "", "CACHE_DIR": str(tmp_path)}


def test_a_broken_runtime_is_a_503_in_french_and_one_log_line(client, exercise, broken_runtime, caplog):
    client.raise_request_exception = False
    client.force_login(make_student())

    responses = [post(client, exercise), post(client, exercise), post(client, exercise, json=False)]

    assert [response.status_code for response in responses] == [503, 503, 503]
    assert responses[0].json() == {"message": verifier.Unavailable.message}
    assert "prévenez votre professeur" in responses[2].content.decode()
    assert not Attempt.objects.exists()
    assert len([record for record in caplog.records if record.name.startswith("sandbox")]) == 1


def test_without_the_sandbox_a_python_exercise_cannot_be_saved(exercise, broken_runtime):
    form = ExerciseForm(
        data={
            **{field: getattr(exercise, field) for field in ExerciseForm.Meta.fields},
            "chapter": exercise.chapter_id,
            "max_validations": "",
            "private_tests": "somme([1])",
        },
        instance=exercise,
    )
    assert not form.is_valid()
    assert form.non_field_errors() == [f"La solution n'a pas pu être vérifiée : {verifier.Unavailable.message}"]
