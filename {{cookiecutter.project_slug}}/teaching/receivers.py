"""Signal receivers: the teachers' group follows the models after migrate, and each user's role."""

from django.contrib.auth.models import Group

from .roles import TEACHER_GROUP, TEACHER_ROLES, sync_teacher_group


def sync_group_after_migrate(sender, using="default", apps=None, **kwargs):
    sync_teacher_group(apps, using=using)


def join_or_leave_teacher_group(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A teacher (or administrator) is in the group, nobody else: the role is the only switch."""
    if raw or (update_fields is not None and "role" not in update_fields):
        return  # a login (last_login), an XP gain: the role did not change
    teacher = instance.role in TEACHER_ROLES
    if created and not teacher:
        return  # a new student (sign-up) is in no group yet
    group = Group.objects.filter(name=TEACHER_GROUP).first() or sync_teacher_group()
    if teacher:
        instance.groups.add(group)
    else:
        instance.groups.remove(group)
