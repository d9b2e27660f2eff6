from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, post_save


class TeachingConfig(AppConfig):
    """What teachers do with their classes: roles, assignments, progress grids, exports."""

    name = "teaching"
    verbose_name = "Enseignement"

    def ready(self):
        from gamification.signals import demo_seeded

        from . import demo_content, receivers

        # After auth's own post_migrate (it writes the permissions): this app comes later.
        post_migrate.connect(receivers.sync_group_after_migrate, sender=self, dispatch_uid="teaching.group")
        post_save.connect(
            receivers.join_or_leave_teacher_group, sender=settings.AUTH_USER_MODEL, dispatch_uid="teaching.role"
        )
        # gamification does not import this app: seed_demo announces the demo class, work follows.
        demo_seeded.connect(demo_content.give_demo_work, dispatch_uid="teaching.demo_work")
