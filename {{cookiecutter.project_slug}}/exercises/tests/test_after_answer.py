"""After an answer: the teacher's remarks (every kind) and the way on, never before the end.

transactional_db: the student's cached progress is invalidated on commit, as in production.
"""

import pytest

from accounts.tests.factories import make_student
from courses.tests.factories import make_chapter, make_course, make_python_exercise, make_qcm, make_short_answer

pytestmark = pytest.mark.django_db(transaction=True)

REMARKS = "Penser à la **table de vérité**."
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def course():
    """Two chapters; the first holds a QCM then a short answer, both with remarks."""
    course = make_course(slug="logique", chapters=0)
    first = make_chapter(course, slug="booleens", exercises=0, order=1)
    make_chapter(course, slug="portes", exercises=1, order=2)
    course.qcm = make_qcm(first, title="Et logique", order=1, remarks=REMARKS)
    course.short = make_short_answer(first, order=2, remarks=REMARKS)
    return course


def page(client, exercise) -> str:
    return client.get(f"/exercises/{exercise.pk}/").content.decode()


def answer(client, exercise, value) -> str:
    return client.post(f"/exercises/{exercise.pk}/submit/", {"answer": value}, follow=True).content.decode()


def test_the_remarks_and_the_next_exercise_come_after_a_right_qcm_answer_only(client, course):
    client.force_login(make_student())
    assert "table de vérité" not in page(client, course.qcm)
    wrong = answer(client, course.qcm, course.qcm.wrong_choice.pk)
    assert "table de vérité" not in wrong and "Exercice suivant" not in wrong

    right = answer(client, course.qcm, course.qcm.right_choice.pk)
    assert "<h2>Explication</h2>" in right and "<strong>table de vérité</strong>" in right
    assert f'href="/exercises/{course.short.pk}/">Exercice suivant : Réponse courte →' in right
    # Still there when the student comes back.
    assert "<strong>table de vérité</strong>" in page(client, course.qcm)


def test_the_last_exercise_of_a_chapter_leads_to_the_next_chapter_then_the_course(client, course):
    client.force_login(make_student())
    done = answer(client, course.short, "dns")
    assert "<strong>table de vérité</strong>" in done
    assert 'href="/courses/logique/portes/">Chapitre suivant : Portes →' in done

    last = course.chapters.get(slug="portes").exercises.get()
    assert 'href="/courses/logique/">Retour au cours : ' in answer(client, last, last.choices.get(is_correct=True).pk)


def test_another_student_sees_no_remarks_for_anothers_success(client, course):
    client.force_login(make_student())
    answer(client, course.qcm, course.qcm.right_choice.pk)
    client.force_login(make_student())
    assert "table de vérité" not in page(client, course.qcm)


def test_a_python_exercise_shows_the_remarks_after_the_last_validation_but_never_the_solution(client):
    exercise = make_python_exercise(max_validations=1)
    client.force_login(make_student())
    wrong = "def somme(nombres):\n    return 0\n"
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": wrong}, **JSON).json()

    assert verdict["remaining"] == 0 and not verdict["passed"]
    assert "<code>sum(nombres)</code>" in verdict["remarks_html"] and verdict["solution"] is None
    assert verdict["next"] == {
        "url": exercise.chapter.course.get_absolute_url(),
        "title": exercise.chapter.course.title,
        "label": "Retour au cours",
    }
    again = page(client, exercise)
    assert "<h2>Explication</h2>" in again and "<code>sum(nombres)</code>" in again
    assert "total += n" not in again  # the solution stays hidden
