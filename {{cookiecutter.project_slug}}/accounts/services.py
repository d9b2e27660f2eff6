"""Writes about users and classes."""

from django.db import IntegrityError, transaction

from .models import Classroom, Enrollment, User


class JoinError(Exception):
    """A join code that cannot be used; the message is shown to the student."""


def join_classroom(student: User, code: str) -> Classroom:
    if student.is_teacher or student.is_superuser:
        # A class code is for students: a teacher enrolled in a colleague's class would read
        # it from the inside and appear on its progress grid and in its leaderboard.
        raise JoinError("Un compte professeur ou administrateur ne peut pas rejoindre une classe avec un code.")
    classroom = Classroom.objects.filter(join_code=code.strip().upper()).first()
    if classroom is None:
        raise JoinError("Aucune classe ne correspond à ce code.")
    try:
        # The unique constraint, not a prior check, refuses a double enrolment (double click).
        with transaction.atomic():
            Enrollment.objects.create(student=student, classroom=classroom)
    except IntegrityError as error:
        raise JoinError(f"Vous êtes déjà inscrit dans la classe « {classroom} ».") from error
    return classroom


def create_classroom(teacher: User, name: str) -> Classroom:
    return Classroom.objects.create(teacher=teacher, name=name)
