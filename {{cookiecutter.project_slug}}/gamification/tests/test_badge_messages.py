"""A badge earned by an answer is announced: a message on the next page, or in the JSON of "Valider"."""

import pytest

from accounts.tests.factories import make_student
from courses.tests.factories import make_published_qcm, make_python_exercise
from gamification.models import Badge

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def badge():
    return Badge.objects.create(code="premier-pas", name="Premier pas", description="10 XP", rule="xp", threshold=10)


def test_a_badge_earned_by_an_answer_is_announced_once(client, badge):
    exercise = make_published_qcm()
    client.force_login(make_student())
    url = f"/exercises/{exercise.pk}/submit/"

    first = client.post(url, {"answer": exercise.right_choice.pk}, follow=True).content.decode()
    assert "Nouveau badge : « Premier pas » !" in first
    again = client.post(url, {"answer": exercise.right_choice.pk}, follow=True).content.decode()
    assert "Nouveau badge" not in again


def test_a_wrong_answer_earns_no_badge_message(client, badge):
    exercise = make_published_qcm()
    client.force_login(make_student())
    page = client.post(f"/exercises/{exercise.pk}/submit/", {"answer": exercise.wrong_choice.pk}, follow=True)
    assert "Nouveau badge" not in page.content.decode()


def test_the_python_submit_returns_the_badge_in_its_json(client, badge):
    exercise = make_python_exercise()
    client.force_login(make_student())
    code = "def somme(nombres):\n    return sum(nombres)\n"
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": code}, HTTP_ACCEPT="application/json").json()
    assert verdict["passed"] and verdict["badges"] == ["Nouveau badge : « Premier pas » !"]
    assert verdict["next"]["label"] == "Retour au cours"
