"""Reads about users and classes. The profile itself is never cached (see gamification.views.profile)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from caching.cached import cached, changes
from caching.tiers import Tier

from .models import Classroom, Enrollment, User
from .session_auth import without_password


# Read by the auth middleware on every request: fetched with each cached page's keys. Any
# change of the row deletes it (a deactivated account, a new password end the session).
@cached(
    Tier.LONG,
    "session_user_{user_id}",
    invalidated_by={User: changes(params=lambda user: {"user_id": user.pk})},
    every_page=True,
)
def session_user(user_id):
    """The user row for request.user, or None: a warm page then costs no SQL query.

    Without its password hash, which never goes to Redis (see session_auth.py).
    """
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    return None if user is None else without_password(user)


def profile_user(user_id):
    """Never cached: the profile shows the row as it is in the database right now."""
    return get_user_model().objects.get(pk=user_id)


def classrooms_taught(teacher) -> list[Classroom]:
    """A teacher's own classes only, with their number of students (one query)."""
    return list(Classroom.objects.filter(teacher=teacher).annotate(student_count=Count("enrollments")))


def classrooms_joined(student) -> list[Classroom]:
    return list(Classroom.objects.filter(enrollments__student=student).select_related("teacher"))


def members_and_teacher(classroom: Classroom) -> list[dict]:
    """Whose ``user_classes`` a class's row feeds: its teacher and its students (one query)."""
    students = Enrollment.objects.filter(classroom_id=classroom.pk).values_list("student_id", flat=True)
    return [{"user_id": classroom.teacher_id}, *({"user_id": pk} for pk in students)]


# Links to the class pages on the viewer's pages (the site-wide leaderboard): per user, read
# with the page's other keys in its one MGET.
@cached(
    Tier.MEDIUM,
    "user_classes_{user_id}",
    invalidated_by={
        Enrollment: lambda enrollment: {"user_id": enrollment.student_id},
        Classroom: changes("name", "teacher", params=members_and_teacher),
    },
)
def user_classes(user_id: int) -> list[dict]:
    """The classes a user teaches or belongs to, by name: id and name only (one query)."""
    return list(
        Classroom.objects.filter(Q(teacher_id=user_id) | Q(enrollments__student_id=user_id))
        .distinct()
        .order_by("name", "pk")
        .values("id", "name")
    )
