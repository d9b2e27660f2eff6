"""Roles that work by themselves: the role alone opens the admin, for the content only."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.tests.factories import make_student, make_teacher
from courses.models import Chapter, ContentBlock
from courses.rendering import render
from courses.tests.factories import make_course
from teaching.roles import TEACHER_GROUP

pytestmark = pytest.mark.django_db


def test_a_teacher_opens_the_admin_and_adds_a_chapter(client):
    course = make_course(chapters=0)
    teacher = make_teacher()
    client.force_login(teacher)

    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Administration · Portail NSI" in index.text
    response = client.post(
        "/admin/courses/chapter/add/",
        {
            "course": course.pk,
            "title": "Les tris",
            "slug": "les-tris",
            "order": 0,
            "blocks-TOTAL_FORMS": 0,
            "blocks-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.text
    assert Chapter.objects.filter(course=course, slug="les-tris").exists()


@pytest.mark.parametrize(
    "url",
    ["/admin/accounts/user/", "/admin/accounts/classroom/", "/admin/accounts/enrollment/", "/admin/exercises/attempt/"],
)
def test_a_teacher_sees_no_accounts_classes_or_attempts_in_the_admin(client, url):
    client.force_login(make_teacher())
    assert client.get(url).status_code == 403
    assert url not in client.get("/admin/").text


def test_a_student_cannot_open_the_admin(client):
    client.force_login(make_student())
    response = client.get("/admin/courses/chapter/add/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_role_alone_decides_staff_and_group():
    user = make_teacher()
    assert user.is_staff and user.groups.filter(name=TEACHER_GROUP).exists()

    user.role = "eleve"
    user.save()
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()

    user.role = "professeur"
    user.save(update_fields=["role"])
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=TEACHER_GROUP).exists()


def test_the_group_holds_the_content_permissions_only():
    codenames = set(Group.objects.get(name=TEACHER_GROUP).permissions.values_list("codename", flat=True))
    for model in ("course", "chapter", "contentblock", "exercise", "choice", "badge"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    assert not {name for name in codenames if name.endswith(("_user", "_classroom", "_attempt", "_session"))}


def test_a_superuser_is_an_administrator_and_never_on_the_leaderboard(client):
    call_command("createsuperuser", interactive=False, username="directrice", email="d@example.org", verbosity=0)
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.get(username="directrice")
    assert boss.role == "admin" and boss.is_staff
    boss.pseudo = "LaDirection"
    boss.save()
    client.force_login(make_student(pseudo="Ada"))

    page = client.get("/leaderboard/").text
    assert "Ada" in page and "LaDirection" not in page


def test_the_admin_previews_a_block_as_students_will_see_it(client):
    chapter = make_course(chapters=1).chapters.get()
    block = ContentBlock.objects.create(
        chapter=chapter, markdown="# Titre\n\n```python\nprint(1)\n```\n\n<script>alert(1)</script>"
    )
    client.force_login(make_teacher())

    page = client.get(f"/admin/courses/contentblock/{block.pk}/change/").text
    assert render(block.markdown) in page
    assert "<script>alert(1)</script>" not in page


def test_the_admin_previews_a_statement_as_the_exercise_page_shows_it(client):
    from courses.tests.factories import make_published_qcm

    exercise = make_published_qcm()
    exercise.prompt = "Que vaut `len([1, 2])` ?\n\n```python\nprint(len([1, 2]))\n```\n<img src=x onerror=alert(1)>"
    exercise.save()
    client.force_login(make_teacher())

    preview = client.get(f"/admin/exercises/exercise/{exercise.pk}/change/").text
    client.force_login(make_student())
    page = client.get(f"/exercises/{exercise.pk}/").text

    assert render(exercise.prompt) in preview and render(exercise.prompt) in page
    assert "onerror" not in render(exercise.prompt)
