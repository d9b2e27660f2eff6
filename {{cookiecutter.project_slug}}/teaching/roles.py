"""The teachers' permission group: what a teacher may edit in the admin, kept in sync by itself.

Teachers write the content students read: courses, chapters, blocks, exercises and their
choices, badges. Never accounts, sessions, classes (each teacher runs their own from the
site, not the admin) or attempts and hints used (a record of what students did). The group is written by a
data migration and again after every ``migrate`` (a model added later gets its permissions),
and each user joins or leaves it when their role changes (signals in apps.py).
"""

from django.contrib.auth.management import create_permissions
from django.db.models import Q

TEACHER_GROUP = "Professeurs"
TEACHER_ROLES = ("professeur", "admin")
ACTIONS = ("add", "change", "delete", "view")
# app label -> the models of it teachers edit; "*" is every model of the app but the excluded ones.
CONTENT_MODELS = {
    "courses": "*",
    "exercises": "*",
    "gamification": {"badge"},
}
NEVER_CONTENT = {("exercises", "attempt"), ("exercises", "hintuse")}


def content_models(apps) -> list[tuple[str, str]]:
    """(app label, model name) of every model teachers edit, among the installed ones."""
    found = []
    for label, models in CONTENT_MODELS.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            name = model._meta.model_name
            if (models == "*" or name in models) and (label, name) not in NEVER_CONTENT:
                found.append((label, name))
    return found


def sync_teacher_group(apps=None, using="default"):
    """Create the group if needed and give it exactly the content permissions (idempotent)."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Inside a migration the permissions may not exist yet (Django writes them after migrate).
    for label in CONTENT_MODELS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        # A migration's app configs have no models module, which create_permissions would skip.
        previous = getattr(config, "models_module", None)
        config.models_module = previous or True
        create_permissions(config, verbosity=0, using=using, apps=apps)
        config.models_module = previous
    content = Q(pk__in=[])
    for label, name in content_models(apps):
        content |= Q(content_type__app_label=label, content_type__model=name)
    permissions = Permission.objects.using(using).filter(content, codename__regex=rf"^({'|'.join(ACTIONS)})_")
    group, _ = Group.objects.using(using).get_or_create(name=TEACHER_GROUP)
    group.permissions.set(permissions)
    return group
