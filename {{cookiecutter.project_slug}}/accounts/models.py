"""Users with a role and their XP, and the classes teachers open for them."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .levels import level_for
from .session_auth import cached_session_auth_hash
from .validators import refuse_control_characters

# No 0/O or 1/I/L: codes are read aloud and copied from a board.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


PSEUDO_TAKEN = "Ce pseudo est déjà utilisé par un autre compte."


def neutral_name(user_id: int, role: str) -> str:
    """The name shown for an account without a pseudo, e.g. "Élève n° 48213".

    Stable for an account, and derived from neither its username (half of a credential)
    nor, readably, its id: a keyed hash (SECRET_KEY) of the id.
    """
    digest = salted_hmac("accounts.neutral_name", str(user_id), algorithm="sha256").hexdigest()
    number = 10000 + int(digest[:12], 16) % 90000
    return f"{'Professeur' if role in {User.Role.TEACHER, User.Role.ADMIN} else 'Élève'} n° {number}"


class User(AbstractUser):
    class Role(models.TextChoices):
        STUDENT = "eleve", "Élève"
        TEACHER = "professeur", "Professeur"
        ADMIN = "admin", "Administrateur"

    role = models.CharField("rôle", max_length=12, choices=Role.choices, default=Role.STUDENT)
    # Shown to other users instead of the username, which is a login name. Unique whatever
    # the case (constraint below), and never another account's username (accounts/forms.py).
    pseudo = models.CharField("pseudo", max_length=40, blank=True, validators=[refuse_control_characters])
    # Only changed through exercises.services (atomic F() updates), never by a form.
    xp = models.PositiveIntegerField("points d'expérience", default=0)
    level = models.PositiveSmallIntegerField("niveau", default=1)

    class Meta(AbstractUser.Meta):
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        indexes = [models.Index(fields=["role", "-xp"], name="accounts_user_ranking")]
        constraints = [
            models.UniqueConstraint(
                Lower("pseudo"),
                condition=~models.Q(pseudo=""),
                name="accounts_user_pseudo_unique_ci",
                violation_error_message=PSEUDO_TAKEN,
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # An XP edit in the admin keeps the level consistent; services update both in SQL.
        self.level = level_for(self.xp)
        # The role decides, nobody ticks a box by hand: a superuser (createsuperuser) is an
        # administrator, never a student on a leaderboard; teachers and administrators are
        # staff, so the admin opens for them (the content they may edit: teaching/roles.py).
        if self.is_superuser:
            self.role = self.Role.ADMIN
        self.is_staff = self.is_superuser or self.role in {self.Role.TEACHER, self.Role.ADMIN}
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"role", "is_superuser", "xp"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "role", "is_staff", "level"}
        super().save(*args, **kwargs)

    def get_session_auth_hash(self):
        # The cached request.user has no password hash, only this HMAC of it (session_auth.py).
        return cached_session_auth_hash(self) or super().get_session_auth_hash()

    @property
    def display_name(self) -> str:
        """The user's own name in their navigation: their pseudo, else their username."""
        return self.pseudo or self.username

    @property
    def public_name(self) -> str:
        """The name other users see: the pseudo, else a neutral name, never the username."""
        return self.pseudo or neutral_name(self.pk, self.role)

    @property
    def is_teacher(self) -> bool:
        return self.role in {self.Role.TEACHER, self.Role.ADMIN}


class Classroom(models.Model):
    name = models.CharField("nom", max_length=80)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="classrooms_taught",
        verbose_name="professeur",
        limit_choices_to={"role__in": [User.Role.TEACHER, User.Role.ADMIN]},
    )
    join_code = models.CharField("code d'accès", max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "classe"
        verbose_name_plural = "classes"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("classes:detail", args=[self.pk])


class Enrollment(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name="élève",
        limit_choices_to={"role": User.Role.STUDENT},
    )
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="enrollments", verbose_name="classe"
    )
    joined_at = models.DateTimeField("inscrit le", auto_now_add=True)

    class Meta:
        ordering = ["classroom", "student__username"]
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        constraints = [models.UniqueConstraint(fields=["student", "classroom"], name="one_enrollment_per_class")]

    def __str__(self):
        return f"{self.student} · {self.classroom}"
