"""Submissions: the server decides, XP is earned once, the CSRF token is required, and the
student's own cached pages change right after (transactional_db: invalidation runs on commit)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import Client

from accounts.tests.factories import make_student
from courses.tests.factories import make_published_qcm, make_short_answer
from exercises.models import Attempt
from exercises.services import submit_answer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def exercise():
    return make_published_qcm("algo")


@pytest.fixture
def student():
    return make_student("ada")


def submit(client, exercise, **data):
    return client.post(f"/exercises/{exercise.pk}/submit/", data)


def xp_of(user) -> int:
    return get_user_model().objects.values_list("xp", flat=True).get(pk=user.pk)


def test_a_right_answer_earns_the_xp_once(client, student, exercise):
    client.force_login(student)

    first = submit(client, exercise, answer=exercise.right_choice.pk)
    second = submit(client, exercise, answer=exercise.right_choice.pk)

    assert first.status_code == second.status_code == 302
    assert xp_of(student) == exercise.xp_reward
    assert list(Attempt.objects.values_list("passed", "xp_awarded")) == [(True, 0), (True, exercise.xp_reward)]


def test_a_wrong_answer_earns_nothing(client, student, exercise):
    client.force_login(student)
    submit(client, exercise, answer=exercise.wrong_choice.pk)
    assert xp_of(student) == 0
    assert Attempt.objects.get().passed is False


def test_a_forged_passed_field_earns_nothing(client, student, exercise):
    client.force_login(student)

    submit(client, exercise, answer=exercise.wrong_choice.pk, passed="true", score="100", xp_awarded="500")
    submit(client, exercise, answer="n'importe quoi", passed="1")

    assert xp_of(student) == 0
    assert not Attempt.objects.filter(passed=True).exists()


def test_a_choice_of_another_exercise_is_wrong(client, student, exercise):
    other = make_published_qcm()
    client.force_login(student)
    submit(client, exercise, answer=other.right_choice.pk)
    assert xp_of(student) == 0


def test_a_submission_without_the_csrf_token_is_refused(student, exercise):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    response = submit(client, exercise, answer=exercise.right_choice.pk)

    assert response.status_code == 403
    assert not Attempt.objects.exists()
    assert xp_of(student) == 0


def test_a_submission_with_the_csrf_token_is_accepted(student, exercise):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    client.get(f"/exercises/{exercise.pk}/")  # sets the CSRF cookie, as a browser would

    token = client.cookies["csrftoken"].value
    response = submit(client, exercise, answer=exercise.right_choice.pk, csrfmiddlewaretoken=token)

    assert response.status_code == 302
    assert xp_of(student) == exercise.xp_reward


def test_submitting_needs_a_post_and_a_published_exercise(client, student, exercise):
    client.force_login(student)
    assert client.get(f"/exercises/{exercise.pk}/submit/").status_code == 405
    exercise.is_published = False
    exercise.save()
    assert submit(client, exercise, answer=exercise.right_choice.pk).status_code == 404
    assert client.get(f"/exercises/{exercise.pk}/").status_code == 404


def test_short_answers_ignore_case_and_spacing(student, exercise):
    short = make_short_answer(exercise.chapter, accepted="DNS\nDomain Name System")
    assert submit_answer(student, short, "  domain   name SYSTEM ").passed
    assert not submit_answer(student, short, "DHCP").passed
    assert xp_of(student) == short.xp_reward


def test_the_database_refuses_a_second_rewarded_attempt(student, exercise):
    Attempt.objects.create(user=student, exercise=exercise, answer="x", passed=True, xp_awarded=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(user=student, exercise=exercise, answer="x", passed=True, xp_awarded=10)


def test_concurrent_right_answers_earn_the_xp_once(student, exercise):
    """Several requests at once (a double click, two tabs) earn the XP once.

    With PostgreSQL (DATABASE_URL) this is a real race that the unique constraint decides;
    SQLite serialises writers, and the test above is the one that fails without the constraint."""
    answers = 6
    barrier = threading.Barrier(answers)
    errors = []

    def answer():
        try:
            barrier.wait()
            for _ in range(50):
                try:
                    submit_answer(student, exercise, str(exercise.right_choice.pk))
                    return
                except OperationalError:
                    # SQLite's shared in-memory test database refuses concurrent writers
                    # instead of queueing them as PostgreSQL does: try again.
                    threading.Event().wait(0.01)
            errors.append("toujours verrouillée")
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(answers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Attempt.objects.filter(passed=True).count() == answers
    assert Attempt.objects.filter(xp_awarded__gt=0).count() == 1
    assert xp_of(student) == exercise.xp_reward


def test_xp_raises_the_level_in_the_same_update(student, exercise):
    exercise.xp_reward = 60
    exercise.save()
    submit_answer(student, exercise, str(exercise.right_choice.pk))
    student.refresh_from_db()
    assert (student.xp, student.level) == (60, 2)
