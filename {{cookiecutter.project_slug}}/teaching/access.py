"""Who may see what: a teacher their own classes and the students enrolled in them, a student
the classes they belong to. Each check is one query, and returns None rather than saying why:
a class that exists but is someone else's looks like one that does not exist."""

from django.db.models import Q

from accounts.models import Classroom, User


def taught_classroom(user, classroom_id: int) -> Classroom | None:
    if not user.is_authenticated or not user.is_teacher:
        return None
    return Classroom.objects.filter(pk=classroom_id, teacher=user).first()


def visible_classroom(user, classroom_id: int) -> Classroom | None:
    """A class the viewer teaches or belongs to."""
    if not user.is_authenticated:
        return None
    return Classroom.objects.filter(Q(teacher=user) | Q(enrollments__student=user), pk=classroom_id).distinct().first()


def enrolled_student(classroom: Classroom, student_id: int) -> User | None:
    return User.objects.filter(pk=student_id, enrollments__classroom=classroom).first()
