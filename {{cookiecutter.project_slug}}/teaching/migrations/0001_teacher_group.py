"""The teachers' permission group, and the teachers and administrators already there in it."""

from django.db import migrations

from teaching.roles import TEACHER_GROUP, TEACHER_ROLES, sync_teacher_group


def create_group(apps, schema_editor):
    group = sync_teacher_group(apps, using=schema_editor.connection.alias)
    User = apps.get_model("accounts", "User")
    group.user_set.add(*User.objects.filter(role__in=TEACHER_ROLES))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TEACHER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles_decide_staff"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0001_initial"),
        ("exercises", "0001_initial"),
        ("gamification", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
