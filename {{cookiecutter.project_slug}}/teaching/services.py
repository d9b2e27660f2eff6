"""Writes of the teacher pages: assignments, removing a student, a new join code."""

from django.db import IntegrityError, transaction

from accounts.models import Classroom, Enrollment, new_join_code

from .models import Assignment

NEW_CODE_TRIES = 5


class TeachingError(Exception):
    """The message is shown to the teacher."""


def assign(classroom: Classroom, *, course=None, chapter=None, due_date=None) -> Assignment:
    try:
        # The unique constraints, not a prior check, refuse the same work given twice (double click).
        with transaction.atomic():
            return Assignment.objects.create(classroom=classroom, course=course, chapter=chapter, due_date=due_date)
    except IntegrityError as error:
        raise TeachingError(f"« {course or chapter} » est déjà donné à cette classe.") from error


def withdraw(classroom: Classroom, assignment_id: int) -> bool:
    # Deleted one by one, not by queryset: the signals then invalidate the class grid.
    assignment = Assignment.objects.filter(pk=assignment_id, classroom=classroom).first()
    if assignment is None:
        return False
    assignment.delete()
    return True


def remove_student(classroom: Classroom, student) -> None:
    """The student leaves the class; their account, attempts and XP stay theirs."""
    enrollment = Enrollment.objects.filter(classroom=classroom, student=student).first()
    if enrollment is not None:
        enrollment.delete()


def renew_join_code(classroom: Classroom) -> str:
    """A new code (the old one stops working at once), for a code that went beyond the class."""
    for _ in range(NEW_CODE_TRIES):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.save(update_fields=["join_code"])
        except IntegrityError:
            continue  # taken by another class, however unlikely: draw again
        return classroom.join_code
    raise TeachingError("Impossible de créer un nouveau code pour l'instant : réessayez.")
