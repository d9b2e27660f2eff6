"""Accounts created before the role decided: superusers become administrators, and staff
status follows the role (teachers and administrators open the admin, students do not)."""

from django.db import migrations
from django.db.models import Q

STAFF_ROLES = ["professeur", "admin"]


def roles_decide_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_superuser=True).update(role="admin")
    User.objects.filter(Q(is_superuser=True) | Q(role__in=STAFF_ROLES)).update(is_staff=True)
    User.objects.filter(is_superuser=False).exclude(role__in=STAFF_ROLES).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_pseudo_unique_and_never_a_username")]

    operations = [migrations.RunPython(roles_decide_staff, migrations.RunPython.noop)]
