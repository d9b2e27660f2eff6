"""seed_demo fills an empty portal, can run again, and never deletes or resets user data."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import Classroom, Enrollment
from courses.models import Chapter, ContentBlock, Course
from exercises.models import Attempt, Exercise
from exercises.services import submit_answer
from gamification.models import Badge, UserBadge

pytestmark = pytest.mark.django_db(transaction=True)
MODELS = (Course, Chapter, ContentBlock, Exercise, Badge, Classroom, Enrollment, Attempt, UserBadge)


def seed() -> str:
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (*MODELS, get_user_model())}


def test_a_first_run_builds_a_working_demo(client):
    seed()

    assert Course.objects.filter(is_published=True).count() == 3
    assert {course.level for course in Course.objects.all()} == {"snt", "premiere", "terminale"}
    assert Badge.objects.exists() and Exercise.objects.filter(kind="qcm").exists()
    assert Exercise.objects.filter(kind="reponse_courte").exists()
    teacher = get_user_model().objects.get(username="prof.demo")
    assert teacher.role == "professeur"
    classroom = Classroom.objects.get(teacher=teacher)
    assert classroom.enrollments.count() == 3
    # The students' XP came through the real service: attempts, XP and badges agree.
    for student in get_user_model().objects.filter(role="eleve"):
        assert student.xp == sum(Attempt.objects.filter(user=student).values_list("xp_awarded", flat=True))
    assert UserBadge.objects.exists()
    assert client.login(username="eleve.ada", password="nsi-demo-2026")
    assert client.get("/courses/representation-donnees/binaire/").status_code == 200


def test_a_second_run_adds_nothing_and_keeps_what_users_did():
    seed()
    ada = get_user_model().objects.get(username="eleve.ada")
    exercise = Exercise.objects.filter(kind="reponse_courte").first()
    submit_answer(ada, exercise, "une réponse de l'élève")
    chapter = Chapter.objects.get(slug="binaire")
    block = chapter.blocks.first()
    block.markdown = "Texte réécrit par la professeure"
    block.save()
    ada.set_password("le-mot-de-passe-d-ada")
    ada.save()
    before = counts()

    assert "0 objet(s) ajouté(s)" in seed()

    assert counts() == before
    assert ContentBlock.objects.get(pk=block.pk).markdown == "Texte réécrit par la professeure"
    assert get_user_model().objects.get(username="eleve.ada").check_password("le-mot-de-passe-d-ada")


def test_a_deleted_demo_course_comes_back_without_touching_the_others():
    seed()
    Course.objects.get(slug="internet-snt").delete()
    attempts = Attempt.objects.count()

    seed()

    assert Course.objects.filter(slug="internet-snt").exists()
    # Re-created exercises, and no new attempt: the demo students already existed.
    assert Attempt.objects.count() == attempts
