"""Parsons exercises: lines shuffled once per exercise (cached with its page), put back in order
through the numbered-lines form, judged on the server against the solution."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.tests.factories import make_student
from courses.tests.factories import make_chapter, make_course
from exercises import selectors
from exercises.models import Attempt, Exercise
from exercises.parsons import shuffled_lines

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
