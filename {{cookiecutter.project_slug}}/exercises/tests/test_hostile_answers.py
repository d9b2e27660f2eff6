"""Answers no page could send: a French message on the exercise page, never a 500, nothing recorded.

Run them with DATABASE_URL set to a PostgreSQL database too: SQLite stores a NUL byte that
PostgreSQL refuses, so only there does an unchecked NUL become a server error.
"""

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import make_student
from courses.tests.factories import make_published_qcm, make_short_answer
from exercises.models import Attempt

pytestmark = pytest.mark.django_db

ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def qcm():
    return make_published_qcm()


@pytest.fixture
def short(qcm):
    return make_short_answer(qcm.chapter, accepted="DNS")


@pytest.fixture
def student_client(client):
    client.raise_request_exception = False  # a server error is a status code here, as for a browser
    client.force_login(make_student())
    return client


def post(client, exercise, answer):
    return client.post(f"/exercises/{exercise.pk}/submit/", {"answer": answer})


def assert_refused(response, message):
    assert response.status_code == 200, response.status_code
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Attempt.objects.exists()
    assert not get_user_model().objects.filter(xp__gt=0).exists()


QCM_INPUTS = {
    "superscript two": "²",
    "circled one": "①",
    "NUL after a digit": "2\x00",
    "a huge number": "9" * 40,
    "a word": "quatre",
}


@pytest.mark.parametrize("answer", QCM_INPUTS.values(), ids=QCM_INPUTS.keys())
def test_a_qcm_answer_that_is_not_one_of_its_choices_is_refused(student_client, qcm, answer):
    response = post(student_client, qcm, answer)
    assert_refused(response, "Cette réponse ne fait pas partie des propositions de l&#x27;exercice.")


def test_the_right_choice_in_other_digits_is_not_accepted(student_client, qcm):
    # int("٣") == 3: without the form, these digits named a choice by its id.
    response = post(student_client, qcm, str(qcm.right_choice.pk).translate(ARABIC_INDIC_DIGITS))
    assert_refused(response, "Cette réponse ne fait pas partie des propositions")


def test_a_choice_of_another_exercise_is_refused(student_client, qcm):
    other = make_published_qcm()
    assert_refused(post(student_client, qcm, other.right_choice.pk), "ne fait pas partie des propositions")


def test_a_qcm_without_an_answer_asks_for_one(student_client, qcm):
    assert_refused(student_client.post(f"/exercises/{qcm.pk}/submit/", {}), "Choisissez une réponse.")


SHORT_INPUTS = {
    "NUL": ("DNS\x00", "Le caractère nul n’est pas autorisé."),
    "escape sequence": ("\x1b[31mDNS", "caractères de contrôle ou invisibles"),
    "tab inside": ("D\tNS", "caractères de contrôle ou invisibles"),
    "right-to-left override": ("\u202eSND", "caractères de contrôle ou invisibles"),
    "too long": ("D" * 2001, "Une réponse compte au plus 2000 caractères."),
    "only spaces": ("   ", "Écrivez une réponse."),
}


@pytest.mark.parametrize(("answer", "message"), SHORT_INPUTS.values(), ids=SHORT_INPUTS.keys())
def test_a_short_answer_with_forbidden_characters_or_length_is_refused(student_client, short, answer, message):
    assert_refused(post(student_client, short, answer), message)


def test_a_nul_byte_is_refused_on_a_qcm_and_a_short_answer_alike(student_client, qcm, short):
    # The case PostgreSQL turned into a 500 for every kind of exercise.
    assert post(student_client, qcm, f"{qcm.right_choice.pk}\x00").status_code == 200
    assert post(student_client, short, "DNS\x00").status_code == 200
    assert not Attempt.objects.exists()


def test_valid_answers_still_go_through(student_client, qcm, short):
    assert post(student_client, qcm, qcm.right_choice.pk).status_code == 302
    assert post(student_client, short, "  dns ").status_code == 302
    assert list(Attempt.objects.order_by("pk").values_list("answer", "passed")) == [
        (str(qcm.right_choice.pk), True),
        ("dns", True),
    ]
