"""Classes: students join with a code; teachers see their own classes and nobody else's."""

import pytest

from accounts.models import Classroom, Enrollment
from accounts.tests.factories import make_student, make_teacher, make_user

pytestmark = pytest.mark.django_db


def test_a_student_joins_a_class_with_its_code(client):
    classroom = Classroom.objects.create(name="1re NSI", teacher=make_teacher())
    student = make_student()
    client.force_login(student)

    response = client.post("/classes/join/", {"code": f"  {classroom.join_code.lower()} "}, follow=True)

    assert Enrollment.objects.filter(student=student, classroom=classroom).exists()
    assert "Vous avez rejoint la classe « 1re NSI »" in response.content.decode()


def test_a_wrong_or_repeated_code_is_explained(client):
    classroom = Classroom.objects.create(name="1re NSI", teacher=make_teacher())
    client.force_login(make_student())

    wrong = client.post("/classes/join/", {"code": "ZZZZZZZZ"}, follow=True).content.decode()
    client.post("/classes/join/", {"code": classroom.join_code})
    again = client.post("/classes/join/", {"code": classroom.join_code}, follow=True).content.decode()

    assert "Aucune classe ne correspond à ce code." in wrong
    assert "déjà inscrit" in again
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize("role", ["professeur", "admin"])
def test_a_teacher_or_an_admin_cannot_join_a_class_with_its_code(client, role):
    classroom = Classroom.objects.create(name="1re NSI", teacher=make_teacher())
    colleague = make_user(role=role)
    client.force_login(colleague)

    response = client.post("/classes/join/", {"code": classroom.join_code}, follow=True)

    assert "Un compte professeur ou administrateur ne peut pas rejoindre une classe" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_join_codes_are_unique_and_unambiguous():
    teacher = make_teacher()
    codes = {Classroom.objects.create(name=f"Classe {n}", teacher=teacher).join_code for n in range(50)}
    assert len(codes) == 50
    assert not any(set(code) & set("0O1IL") for code in codes)


def test_teachers_see_only_their_own_classes(client):
    mine = Classroom.objects.create(name="Ma classe", teacher=make_teacher("turing"))
    theirs = Classroom.objects.create(name="Sa classe", teacher=make_teacher("hopper"))
    Enrollment.objects.create(student=make_student("ada", pseudo="Ada"), classroom=mine)
    Enrollment.objects.create(student=make_student("alan", pseudo="Alan"), classroom=theirs)
    client.force_login(mine.teacher)

    listing = client.get("/classes/").content.decode()
    assert "Ma classe" in listing and "Sa classe" not in listing and theirs.join_code not in listing
    detail = client.get(f"/classes/{mine.pk}/").content.decode()
    assert "ada" in detail and "alan" not in detail
    assert client.get(f"/classes/{theirs.pk}/").status_code == 404


def test_students_cannot_open_a_class_page_or_create_a_class(client):
    classroom = Classroom.objects.create(name="1re NSI", teacher=make_teacher())
    client.force_login(make_student())

    assert client.get(f"/classes/{classroom.pk}/").status_code == 404
    assert client.post("/classes/new/", {"name": "Pirate"}).status_code == 403
    assert not Classroom.objects.filter(name="Pirate").exists()


def test_a_teacher_creates_a_class_and_gets_its_code(client):
    teacher = make_teacher()
    client.force_login(teacher)

    response = client.post("/classes/new/", {"name": "Terminale NSI"}, follow=True)

    classroom = Classroom.objects.get(teacher=teacher)
    assert classroom.join_code in response.content.decode()


@pytest.mark.parametrize("code", ["AB\x00CD", "A" * 17], ids=["nul character", "too long"])
def test_a_malformed_code_is_explained_not_ignored(client, code):
    client.force_login(make_student())

    page = client.post("/classes/join/", {"code": code}, follow=True)

    assert page.status_code == 200
    assert not Enrollment.objects.exists()
    messages = [str(message) for message in page.context["messages"]]
    assert messages and all(message.strip() for message in messages), messages


def test_a_class_without_a_name_is_explained(client):
    client.force_login(make_teacher())

    page = client.post("/classes/new/", {"name": ""}, follow=True)

    assert not Classroom.objects.exists()
    assert [str(message) for message in page.context["messages"]] == ["Ce champ est obligatoire."]
