"""The class leaderboard: the class's students only, by pseudo, cached per class."""

import pytest

from accounts.models import Enrollment
from accounts.tests.factories import make_student
from exercises.services import add_xp

from .builders import make_class

pytestmark = pytest.mark.django_db


def test_it_lists_the_class_only_and_never_a_username(client):
    mine, theirs = make_class("1re A"), make_class("1re B")
    client.force_login(mine.students[0])

    page = client.get(f"/classes/{mine.classroom.pk}/classement/").text

    for student in mine.students:
        assert student.pseudo in page and student.username not in page
    for student in theirs.students:
        assert student.pseudo not in page


def test_it_follows_xp_gains_and_enrolments(client, django_capture_on_commit_callbacks):
    world = make_class(students=2)
    url = f"/classes/{world.classroom.pk}/classement/"
    client.force_login(world.teacher)
    client.get(url)  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        add_xp(world.students[1].pk, 50)
    rows = client.get(url).context["rows"]
    assert rows[0]["user_id"] == world.students[1].pk and rows[0]["xp"] == 50

    newcomer = make_student(pseudo="Grace")
    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.create(student=newcomer, classroom=world.classroom)
    assert "Grace" in client.get(url).text


def test_a_student_who_joins_another_class_counts_in_its_leaderboard(client, django_capture_on_commit_callbacks):
    # The student's classes are looked up once per write (caching.invalidation.one_write), never
    # kept longer: after a new enrolment, the XP gains refresh the new class too.
    first, second = make_class("1re A", students=1), make_class("1re B", students=1)
    student = first.students[0]
    with django_capture_on_commit_callbacks(execute=True):
        add_xp(student.pk, 5)
    url = f"/classes/{second.classroom.pk}/classement/"
    client.force_login(second.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.create(student=student, classroom=second.classroom)
    client.get(url)  # cached, the newcomer at 5 XP

    with django_capture_on_commit_callbacks(execute=True):
        add_xp(student.pk, 50)
    rows = {row["user_id"]: row["xp"] for row in client.get(url).context["rows"]}
    assert rows[student.pk] == 55
