"""The class leaderboard: the class's students only, by pseudo, cached per class."""

import re

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


def class_links(page: str) -> list[str]:
    return re.findall(r'<a href="/classes/(\d+)/classement/">', page)


def test_the_site_leaderboard_links_to_the_viewers_own_classes_only(client):
    first, second, theirs = make_class("1re A"), make_class("Tle B"), make_class("1re C")
    student = first.students[0]
    Enrollment.objects.create(student=student, classroom=second.classroom)
    nobody = make_student()

    client.force_login(student)
    page = client.get("/leaderboard/").text
    client.force_login(first.teacher)
    teacher_page = client.get("/leaderboard/").text
    client.force_login(nobody)
    nobody_page = client.get("/leaderboard/").text

    assert class_links(page) == [str(first.classroom.pk), str(second.classroom.pk)]
    assert "Classement de vos classes" in page and "1re A" in page and "Tle B" in page
    assert str(theirs.classroom.pk) not in class_links(page)
    assert class_links(teacher_page) == [str(first.classroom.pk)] and "Classement de votre classe" in teacher_page
    assert class_links(nobody_page) == [] and "Classement de v" not in nobody_page
    # Each link opens for the viewer.
    client.force_login(student)
    assert client.get(f"/classes/{second.classroom.pk}/classement/").status_code == 200


def test_the_links_follow_enrolments_and_a_renamed_class(
    client, django_capture_on_commit_callbacks, redis_commands, django_assert_max_num_queries
):
    world, other = make_class("1re A"), make_class("1re C")
    student = world.students[0]
    client.force_login(student)
    client.get("/leaderboard/")  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.create(student=student, classroom=other.classroom)
    assert class_links(client.get("/leaderboard/").text) == [str(world.classroom.pk), str(other.classroom.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.filter(student=student, classroom=world.classroom).delete()
    assert class_links(client.get("/leaderboard/").text) == [str(other.classroom.pk)]

    other.classroom.name = "Tle NSI"
    with django_capture_on_commit_callbacks(execute=True):
        other.classroom.save()
    client.get("/leaderboard/")
    redis_commands.clear()
    with django_assert_max_num_queries(0):
        page = client.get("/leaderboard/").text
    assert "Tle NSI" in page
    # Warm, the links cost nothing more: the session (MGET, or GET with the cache-only store),
    # then the page's one MGET.
    assert len(redis_commands) == 2 and redis_commands[1] == "MGET", redis_commands
