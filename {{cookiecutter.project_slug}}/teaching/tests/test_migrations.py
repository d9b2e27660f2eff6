"""Accounts made before roles decided: the migrations put superusers, teachers and students right."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from teaching.roles import TEACHER_GROUP


@pytest.mark.django_db(transaction=True)
def test_existing_accounts_get_the_role_staff_status_and_group_they_should():
    before = [("accounts", "0002_pseudo_unique_and_never_a_username")]
    MigrationExecutor(connection).migrate(before)
    old_user = MigrationExecutor(connection).loader.project_state(before).apps.get_model("accounts", "User")
    old_user.objects.create(username="boss", role="eleve", is_superuser=True, is_staff=True)
    old_user.objects.create(username="prof", role="professeur", is_staff=False)
    old_user.objects.create(username="ada", role="eleve", is_staff=True)

    call_command("migrate", verbosity=0)

    boss, prof, ada = (User.objects.get(username=name) for name in ("boss", "prof", "ada"))
    assert boss.role == "admin" and boss.is_staff
    assert prof.is_staff and prof.groups.filter(name=TEACHER_GROUP).exists()
    assert not ada.is_staff and not ada.groups.exists()
