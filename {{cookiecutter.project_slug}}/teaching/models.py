"""Work a teacher hands to a class: a whole course or one chapter, with an optional due date."""

from django.db import models
from django.db.models import Q


class Assignment(models.Model):
    classroom = models.ForeignKey(
        "accounts.Classroom", on_delete=models.CASCADE, related_name="assignments", verbose_name="classe"
    )
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="cours"
    )
    chapter = models.ForeignKey(
        "courses.Chapter", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="chapitre"
    )
    due_date = models.DateField("à faire pour le", null=True, blank=True)
    created_at = models.DateTimeField("donné le", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "travail donné"
        verbose_name_plural = "travaux donnés"
        constraints = [
            # A course or a chapter, never both, never neither.
            models.CheckConstraint(
                condition=Q(course__isnull=False, chapter__isnull=True) | Q(course__isnull=True, chapter__isnull=False),
                name="assignment_course_or_chapter",
                violation_error_message="Choisissez un cours ou un chapitre, pas les deux.",
            ),
            models.UniqueConstraint(
                fields=["classroom", "course"], condition=Q(course__isnull=False), name="assignment_course_once"
            ),
            models.UniqueConstraint(
                fields=["classroom", "chapter"], condition=Q(chapter__isnull=False), name="assignment_chapter_once"
            ),
        ]

    def __str__(self):
        return f"{self.classroom} · {self.course or self.chapter}"
