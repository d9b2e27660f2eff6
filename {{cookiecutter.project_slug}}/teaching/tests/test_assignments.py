"""Work given to a class: the teacher's form, and the students' "À faire" on their home page."""

import datetime

import pytest

from accounts.tests.factories import make_student
from courses.tests.factories import make_course
from teaching.models import Assignment

from .builders import answer, make_class

pytestmark = pytest.mark.django_db


def test_the_teacher_gives_a_chapter_with_a_due_date_and_withdraws_it(client):
    world = make_class(chapters=2)
    Assignment.objects.all().delete()
    client.force_login(world.teacher)
    url = f"/classes/{world.classroom.pk}/travaux/"

    response = client.post(url, {"work": f"chapitre-{world.chapters[1].pk}", "due_date": "2027-01-15"}, follow=True)

    assert "Travail donné à la classe." in response.text
    given = Assignment.objects.get(classroom=world.classroom)
    assert given.chapter == world.chapters[1] and given.due_date == datetime.date(2027, 1, 15)
    again = client.post(url, {"work": f"chapitre-{world.chapters[1].pk}"})
    assert "est déjà donné à cette classe" in again.text
    client.post(f"{url}{given.pk}/retirer/")
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"work": "chapitre-999999"},
        {"work": "cours-abc"},
        {"work": "n'importe quoi\x00"},
        {"work": ""},
        {"due_date": "31/02/2027"},
        {"due_date": "9999-12-31"},
    ],
    ids=["unknown chapter", "not a number", "nonsense", "empty", "impossible date", "absurd date"],
)
def test_bad_input_is_explained_in_french_never_a_500(client, data):
    world = make_class()
    client.force_login(world.teacher)
    data = {"work": f"cours-{world.course.pk}", **data}

    response = client.post(f"/classes/{world.classroom.pk}/travaux/", data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Assignment.objects.count() == 1


def test_an_unpublished_course_cannot_be_given(client):
    world = make_class()
    hidden = make_course(is_published=False)
    client.force_login(world.teacher)
    client.post(f"/classes/{world.classroom.pk}/travaux/", {"work": f"cours-{hidden.pk}"})
    assert not Assignment.objects.filter(course=hidden).exists()


def test_students_see_their_work_to_do_with_their_progress(client):
    world = make_class(students=1, chapters=2, exercises=2)
    Assignment.objects.filter(classroom=world.classroom).update(due_date=datetime.date(2027, 3, 1))
    answer(world.students[0], world.chapters[0].exercises.first())
    client.force_login(world.students[0])

    page = client.get("/")

    assert "À faire" in page.text
    assert world.course.title in page.text and "01/03/2027" in page.text
    assert "1 / 4 exercices" in page.text


def test_nobody_else_sees_a_classs_work(client):
    world = make_class()
    for other in (make_student(), world.teacher):
        client.force_login(other)
        page = client.get("/").text
        assert "À faire" not in page and world.course.title not in page
    client.logout()
    assert "À faire" not in client.get("/").text
