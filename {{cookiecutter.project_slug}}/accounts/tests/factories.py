"""Small builders for the portal's tests (plain functions: no factory library needed)."""

from itertools import count

from django.contrib.auth import get_user_model

PASSWORD = "motdepasse-solide-42"
_numbers = count(1)


def make_user(username=None, role="eleve", **fields):
    username = username or f"user{next(_numbers)}"
    return get_user_model().objects.create_user(username=username, password=PASSWORD, role=role, **fields)


def make_student(username=None, **fields):
    return make_user(username, role="eleve", **fields)


def make_teacher(username=None, **fields):
    return make_user(username, role="professeur", **fields)
