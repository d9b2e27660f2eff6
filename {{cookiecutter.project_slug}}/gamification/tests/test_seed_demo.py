"""seed_demo fills an empty portal, can run again, and never deletes or resets user data;
with DEBUG off it refuses, unless asked, and then gives random passwords printed once."""

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Classroom, Enrollment
from courses.models import Chapter, ContentBlock, Course
from exercises.models import Attempt, Exercise
from exercises.services import submit_answer
from gamification.models import Badge, UserBadge

pytestmark = pytest.mark.django_db(transaction=True)
MODELS = (Course, Chapter, ContentBlock, Exercise, Badge, Classroom, Enrollment, Attempt, UserBadge)
DEMO_PASSWORD = "nsi-demo-2026"
REFUSAL = "seed_demo refuse de créer des comptes de démonstration en production (DEBUG désactivé)"


@pytest.fixture(autouse=True)
def development(settings):
    """The documented use: a developer's machine, DEBUG on (the test runner turns it off)."""
    settings.DEBUG = True


def seed(*args) -> str:
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (*MODELS, get_user_model())}


def test_a_first_run_builds_a_working_demo(client):
    seed()

    assert Course.objects.filter(is_published=True).count() == 5
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


def test_the_python_exercises_are_checked_by_the_sandbox_and_somme_can_be_solved(client):
    seed()
    python = Exercise.objects.filter(kind="python")
    assert python.count() == 3 and all(exercise.expected_values["private"] for exercise in python)
    somme = python.get(title="Somme d'une liste")
    assert somme.expected_values["private"] == ["5", "0", "4.0", "5050"]
    assert somme.public_tests and somme.private_tests and somme.solution and somme.remarks

    client.login(username="eleve.grace", password=DEMO_PASSWORD)
    page = client.get(somme.get_absolute_url())
    assert page.status_code == 200 and "def somme(nombres):" in page.content.decode()
    code = "def somme(nombres):\n    t = 0\n    for n in nombres:\n        t += n\n    return t\n"
    verdict = client.post(f"/exercises/{somme.pk}/submit/", {"code": code}, HTTP_ACCEPT="application/json").json()
    assert verdict["passed"] and verdict["xp_awarded"] == 20 and "accumulateur" in verdict["remarks_html"]


def test_the_sql_exercise_on_grades_has_hints_and_can_be_solved(client):
    seed()
    exercise = Exercise.objects.get(kind="sql")
    assert list(exercise.hints.values_list("order", "cost")) == [(1, 2), (2, 3)]
    client.login(username="eleve.grace", password=DEMO_PASSWORD)
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "CREATE TABLE note" in page and "Voir l'indice n° 1 (−2 XP" in page
    client.post(f"/exercises/{exercise.pk}/hint/")
    query = (
        "SELECT prenom, AVG(valeur) FROM eleve JOIN note ON note.eleve_id = eleve.id "
        "WHERE classe = 'TG1' GROUP BY prenom ORDER BY 2 DESC"
    )
    verdict = client.post(f"/exercises/{exercise.pk}/submit/", {"code": query}, HTTP_ACCEPT="application/json").json()
    assert verdict["passed"] and verdict["xp_awarded"] == 28, verdict


def test_the_parsons_exercise_has_its_distractors_and_a_hint(client):
    seed()
    exercise = Exercise.objects.get(kind="parsons")
    assert exercise.parsons_indent and exercise.hints.count() == 1
    client.login(username="eleve.grace", password=DEMO_PASSWORD)
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert page.count('name="position_') == 8 and "return n</code>" in page


def test_a_python_exercise_whose_solution_fails_stops_the_seed_in_french(monkeypatch):
    from gamification import demo_content

    monkeypatch.setitem(demo_content.SOMME, "private_tests", "assert somme([1]) == 2")
    with pytest.raises(
        CommandError, match="L'exercice « Somme d'une liste » n'a pas pu être enregistré : Test privé n°1"
    ):
        seed()
    assert not Exercise.objects.exists()  # one transaction: nothing half-seeded


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


def test_with_debug_off_it_refuses_in_one_french_line_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError) as refusal:
        seed()

    assert str(refusal.value).startswith(REFUSAL) and "\n" not in str(refusal.value)
    assert "--allow-production" in str(refusal.value)
    assert set(counts().values()) == {0}


def test_under_the_production_settings_module_it_refuses():
    """The real prod settings, in a process of their own: exit status 1, the message, no password."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0] + ".prod",
        "SECRET_KEY": "une-cle-de-test-seulement-" + "x" * 40,
    }
    manage = Path(settings.BASE_DIR) / "manage.py"

    result = subprocess.run(
        [sys.executable, str(manage), "seed_demo"], capture_output=True, text=True, env=environment, timeout=60
    )

    assert result.returncode == 1, result.stderr
    assert REFUSAL in result.stderr
    assert DEMO_PASSWORD not in result.stdout + result.stderr


def test_allowed_in_production_each_new_account_gets_a_random_password_printed_once(settings, client, caplog):
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)

    output = seed("--allow-production")

    printed = dict(re.findall(r"^  (\S+) : (\S+)$", output, flags=re.MULTILINE))
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert set(printed) == usernames == {"prof.demo", "eleve.ada", "eleve.alan", "eleve.grace"}
    assert len(set(printed.values())) == 4 and all(len(password) >= 16 for password in printed.values())
    assert all(output.count(password) == 1 for password in printed.values())
    assert DEMO_PASSWORD not in output
    assert not client.login(username="eleve.ada", password=DEMO_PASSWORD)
    assert client.login(username="eleve.ada", password=printed["eleve.ada"])
    # Only the command's own output shows them: no log record does.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not any(password in logged for password in printed.values())

    again = seed("--allow-production")

    assert not any(password in again for password in printed.values())
    assert "les mots de passe existants sont inchangés" in again
    assert get_user_model().objects.get(username="eleve.ada").check_password(printed["eleve.ada"])
