"""Hints: revealed one at a time, in order, each charged once and deducted from the exercise's
reward (never below zero), in the transaction that awards it; teachers see them on the grid."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection

from accounts.tests.factories import make_student
from courses.tests.factories import make_short_answer, make_sql_exercise
from exercises.models import Attempt, Hint, HintUse
from exercises.services import NoHintLeft, reveal_hint

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT_SQL = "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def exercise():
    exercise = make_sql_exercise(xp_reward=10)
    Hint.objects.create(exercise=exercise, order=1, text="Filtrez avec **WHERE**.", cost=3)
    Hint.objects.create(exercise=exercise, order=2, text="Triez avec ORDER BY … DESC.", cost=4)
    return exercise


@pytest.fixture
def student(client):
    user = make_student("ada")
    client.force_login(user)
    return user


def xp_of(user) -> int:
    return get_user_model().objects.values_list("xp", flat=True).get(pk=user.pk)


def reveal(client, exercise):
    return client.post(f"/exercises/{exercise.pk}/hint/", **JSON)


def test_hints_come_one_at_a_time_in_order_then_none_is_left(client, student, exercise):
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "Voir l'indice n° 1 (−3 XP sur cet exercice)" in page and "WHERE" not in page

    first = reveal(client, exercise).json()
    assert first["html"] == "<p>Filtrez avec <strong>WHERE</strong>.</p>" and first["cost"] == 3
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "<strong>WHERE</strong>" in page and "ORDER BY … DESC" not in page and "indice n° 2 (−4 XP" in page

    assert reveal(client, exercise).json()["cost"] == 4
    response = reveal(client, exercise)
    assert response.status_code == 400 and response.json()["message"].startswith("Tous les indices")
    assert list(HintUse.objects.filter(user=student).values_list("hint__order", "cost")) == [(1, 3), (2, 4)]


def test_the_cost_is_deducted_from_the_reward_once(client, student, exercise):
    reveal(client, exercise)
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT_SQL}, **JSON).json()
    assert verdict["passed"] and verdict["xp_awarded"] == 7 and "+7 XP" in verdict["message"]
    # After the success, a hint is free and a new success earns nothing more.
    assert reveal(client, exercise).json()["cost"] == 0
    client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT_SQL}, **JSON)
    assert xp_of(student) == 7


def test_the_reward_never_goes_below_zero(client, student, exercise):
    Hint.objects.create(exercise=exercise, order=3, text="La réponse est presque là.", cost=5)
    for _ in range(3):
        reveal(client, exercise)
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT_SQL}, **JSON).json()
    assert verdict["passed"] and verdict["xp_awarded"] == 0
    assert xp_of(student) == 0
    assert Attempt.objects.get(user=student).passed


def test_a_wrong_answer_is_not_charged_and_hints_do_not_cross_students(client, student, exercise):
    reveal(client, exercise)
    client.post(f"/exercises/{exercise.pk}/submit/", {"code": "SELECT 1, 2"}, **JSON)
    assert xp_of(student) == 0
    other = make_student("alan")
    client.force_login(other)
    assert "indice n° 1 (−3 XP" in client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT_SQL}, **JSON).json()["xp_awarded"] == 10


def test_a_form_post_without_javascript_reveals_and_comes_back(client, student, exercise):
    response = client.post(f"/exercises/{exercise.pk}/hint/")
    assert response.status_code == 302 and response["Location"].endswith("#indices")
    page = client.get(response["Location"]).content.decode()
    assert "Indice affiché (3 XP en moins à la réussite)." in page and "<strong>WHERE</strong>" in page


def test_a_visitor_cannot_reveal_and_an_unpublished_exercise_is_not_found(client, exercise):
    response = client.post(f"/exercises/{exercise.pk}/hint/")
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(make_student("eve"))
    exercise.is_published = False
    exercise.save()
    assert client.post(f"/exercises/{exercise.pk}/hint/").status_code == 404
    assert not HintUse.objects.exists()


def test_an_exercise_without_hints_shows_no_button_and_keeps_its_reward(client, student):
    exercise = make_short_answer(make_sql_exercise().chapter, accepted="DNS")
    assert "Indices" not in client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert reveal(client, exercise).status_code == 400
    client.post(f"/exercises/{exercise.pk}/submit/", {"answer": "DNS"})
    assert xp_of(student) == 10


def test_concurrent_reveals_charge_each_hint_once(student, exercise):
    """Four clicks at once: the user row's lock (PostgreSQL) or the unique constraint decides."""
    barrier = threading.Barrier(4)
    errors = []

    def reveal_in_thread():
        try:
            barrier.wait()
            for _ in range(50):
                try:
                    reveal_hint(student, exercise)
                    return
                except NoHintLeft:
                    return
                except OperationalError:
                    threading.Event().wait(0.01)  # SQLite's shared in-memory database: try again
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=reveal_in_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(HintUse.objects.filter(user=student).values_list("hint__order", "cost")) == [(1, 3), (2, 4)]


def test_a_python_validation_deducts_the_hints_too(client, student):
    from courses.tests.factories import make_python_exercise

    exercise = make_python_exercise(xp_reward=10)
    Hint.objects.create(exercise=exercise, order=1, text="Une boucle for.", cost=4)
    reveal(client, exercise)
    code = "def somme(nombres):\n    return sum(nombres)\n"
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": code}, **JSON).json()
    assert verdict["passed"] and verdict["xp_awarded"] == 6
