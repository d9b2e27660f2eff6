"""Every teacher page: anonymous visitors log in, students and other teachers get a 404 (the
same answer whether the class exists or not), the class's own teacher gets the page."""

import pytest

from accounts.models import Classroom, Enrollment
from accounts.tests.factories import make_student, make_teacher
from teaching.models import Assignment

from .builders import make_class

pytestmark = pytest.mark.django_db

TEACHER_PAGES = [
    "/classes/{c}/",
    "/classes/{c}/export.csv",
    "/classes/{c}/travaux/",
    "/classes/{c}/eleves/{s}/",
]
TEACHER_ACTIONS = [
    "/classes/{c}/code/",
    "/classes/{c}/eleves/{s}/retirer/",
    "/classes/{c}/travaux/{a}/retirer/",
]


@pytest.fixture
def world():
    world = make_class()
    world.assignment = Assignment.objects.get(classroom=world.classroom)
    world.other_teacher = make_teacher()
    world.other_class = Classroom.objects.create(name="Autre", teacher=world.other_teacher)
    world.outsider = make_student()
    Enrollment.objects.create(student=world.outsider, classroom=world.other_class)
    return world


def url_of(template, world):
    return template.format(c=world.classroom.pk, s=world.students[0].pk, a=world.assignment.pk)


def viewer(world, who):
    return {
        "student of the class": world.students[1],
        "student elsewhere": world.outsider,
        "wrong teacher": world.other_teacher,
        "right teacher": world.teacher,
    }[who]


WHO = ["student of the class", "student elsewhere", "wrong teacher"]


@pytest.mark.parametrize("template", TEACHER_PAGES + TEACHER_ACTIONS + ["/classes/{c}/classement/"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, template):
    response = (
        client.post(url_of(template, world)) if template in TEACHER_ACTIONS else client.get(url_of(template, world))
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("template", TEACHER_PAGES)
def test_only_the_classs_teacher_opens_its_pages(client, world, template, who):
    client.force_login(viewer(world, who))
    assert client.get(url_of(template, world)).status_code == 404
    client.force_login(world.teacher)
    assert client.get(url_of(template, world)).status_code == 200


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("template", TEACHER_ACTIONS)
def test_only_the_classs_teacher_acts_on_it(client, world, template, who):
    code = world.classroom.join_code
    client.force_login(viewer(world, who))

    assert client.post(url_of(template, world)).status_code == 404
    world.classroom.refresh_from_db()
    assert world.classroom.join_code == code
    assert Enrollment.objects.filter(classroom=world.classroom).count() == 2
    assert Assignment.objects.filter(classroom=world.classroom).exists()


@pytest.mark.parametrize("template", TEACHER_ACTIONS)
def test_actions_refuse_get(client, world, template):
    client.force_login(world.teacher)
    assert client.get(url_of(template, world)).status_code == 405


def test_a_class_that_does_not_exist_is_a_404_in_french(client, world):
    client.force_login(world.teacher)
    response = client.get("/classes/999999/")
    assert response.status_code == 404


def test_the_teacher_cannot_open_a_student_of_another_class(client, world):
    client.force_login(world.teacher)
    assert client.get(f"/classes/{world.classroom.pk}/eleves/{world.outsider.pk}/").status_code == 404
    assert client.post(f"/classes/{world.classroom.pk}/eleves/{world.outsider.pk}/retirer/").status_code == 404
    assert Enrollment.objects.filter(student=world.outsider).exists()


def test_the_class_leaderboard_is_for_its_members_and_its_teacher(client, world):
    url = f"/classes/{world.classroom.pk}/classement/"
    for allowed in (world.students[0], world.teacher):
        client.force_login(allowed)
        assert client.get(url).status_code == 200
    for refused in (world.outsider, world.other_teacher):
        client.force_login(refused)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", WHO)
def test_only_the_classs_teacher_gives_it_work(client, world, who):
    chapter = world.chapters[0]
    client.force_login(viewer(world, who))

    assert client.post(f"/classes/{world.classroom.pk}/travaux/", {"work": f"chapitre-{chapter.pk}"}).status_code == 404
    assert not Assignment.objects.filter(chapter=chapter).exists()
