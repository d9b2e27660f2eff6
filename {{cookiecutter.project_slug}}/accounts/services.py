"""Writes about users and classes."""

from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat

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


def other_accounts(user_id: int | None):
    accounts = User.objects.all()
    return accounts if user_id is None else accounts.exclude(pk=user_id)


def pseudo_taken(pseudo: str, user_id: int | None = None) -> bool:
    """Whether this pseudo would pass for another account, whatever the case: its pseudo, its
    username (which the leaderboard would then reveal), or a teacher's full name (one query)."""
    teachers = Q(role__in=[User.Role.TEACHER, User.Role.ADMIN], full_name__iexact=pseudo)
    return (
        other_accounts(user_id)
        .annotate(full_name=Concat("first_name", Value(" "), "last_name"))
        .filter(Q(pseudo__iexact=pseudo) | Q(username__iexact=pseudo) | teachers)
        .exists()
    )


def username_is_a_pseudo(username: str, user_id: int | None = None) -> bool:
    """Whether another account already shows this username, whatever the case, as its pseudo."""
    return other_accounts(user_id).filter(pseudo__iexact=username).exists()
