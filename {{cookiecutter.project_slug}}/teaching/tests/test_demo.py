"""seed_demo gives the demo class work and a few answers: its page shows something at once."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Classroom
from exercises.models import Attempt
from teaching.models import Assignment

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_class_page_shows_work_progress_and_mistakes(client, settings):
    settings.DEBUG = True
    seed()
    classroom = Classroom.objects.get()
    client.force_login(classroom.teacher)

    grid = client.get(f"/classes/{classroom.pk}/").context["grid"]

    assert len(grid["assignments"]) == 3 and len(grid["chapters"]) >= 3
    assert any(student["passed"] for student in grid["students"])
    assert grid["most_failed"] and grid["most_failed"][0]["students"] == 3
    client.force_login(classroom.enrollments.first().student)
    assert "À faire" in client.get("/").text


def test_running_it_again_adds_no_work_and_no_answer(settings):
    settings.DEBUG = True
    seed()
    before = (Assignment.objects.count(), Attempt.objects.count())
    seed()
    assert (Assignment.objects.count(), Attempt.objects.count()) == before
