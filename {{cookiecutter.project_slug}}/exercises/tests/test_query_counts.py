"""SQL and Redis budgets of the SQL exercise's page, "Exécuter" and "Valider" (the QCM and
Python pages' budgets are in courses/tests/test_query_counts.py)."""

import pytest

from accounts.tests.factories import make_student
from courses.tests.factories import make_sql_exercise

pytestmark = pytest.mark.django_db

# Warm: the content (statement, schema: LONG) and the passed exercises (SHORT) in one MGET after
# the session; the database only for the student's last query and validations used.
SQL_PAGE_QUERIES = 2
SQL_PAGE_ROUND_TRIPS = 3
# "Exécuter" without JavaScript: the exercise read fresh (as a submission: published_exercise and
# its prefetched choices), then the page's validations used; nothing recorded.
RUN_QUERIES = 3
# "Valider", a first success: as a Python validation (courses/tests/test_query_counts.py).
SUBMIT_QUERIES = 15


@pytest.fixture
def exercise():
    return make_sql_exercise()


@pytest.fixture
def student(client):
    user = make_student()
    client.force_login(user)
    return user


def test_a_warm_sql_page_reads_the_database_only_for_the_students_own_progress(
    client, student, exercise, django_assert_max_num_queries, redis_commands
):
    assert client.get(f"/exercises/{exercise.pk}/").status_code == 200  # warms the cache
    redis_commands.clear()
    with django_assert_max_num_queries(SQL_PAGE_QUERIES):
        assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    assert len(redis_commands) == SQL_PAGE_ROUND_TRIPS, redis_commands


def test_run_stays_within_its_budget(client, student, exercise, django_assert_max_num_queries, redis_commands):
    client.get(f"/exercises/{exercise.pk}/")
    redis_commands.clear()
    with django_assert_max_num_queries(RUN_QUERIES):
        response = client.post(f"/exercises/{exercise.pk}/run/", {"code": "SELECT nom FROM eleve"})
    assert response.status_code == 200
    # The session, the user row, then the pending mark taken and released (sandbox/admission.py),
    # then the page's own reads.
    assert "SET" in redis_commands and len(redis_commands) <= 6, redis_commands


def test_a_validation_stays_within_its_budget(client, student, exercise, django_assert_max_num_queries):
    client.get(f"/exercises/{exercise.pk}/")
    right = "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC"
    with django_assert_max_num_queries(SUBMIT_QUERIES):
        response = client.post(f"/exercises/{exercise.pk}/submit/", {"code": right})
    assert response.status_code == 302


def test_a_warm_parsons_page_has_the_same_budget(client, student, django_assert_max_num_queries, redis_commands):
    from exercises.tests.test_parsons import make_parsons

    exercise = make_parsons()
    assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    redis_commands.clear()
    with django_assert_max_num_queries(SQL_PAGE_QUERIES):
        assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    assert len(redis_commands) == SQL_PAGE_ROUND_TRIPS, redis_commands


# With hints, the page reads which ones this student revealed (never cached): one query more.
HINTED_PAGE_QUERIES = SQL_PAGE_QUERIES + 1
# Revealing one: the exercise read fresh (with its choices), the user row locked, the next hint,
# whether the student passed, the insert, the classes whose grid it refreshes; and the two
# transactions' savepoints (BEGIN/COMMIT outside a test).
REVEAL_QUERIES = 11


def test_hints_cost_one_query_on_the_page_and_a_reveal_stays_within_its_budget(
    client, student, exercise, django_assert_max_num_queries
):
    from exercises.models import Hint

    Hint.objects.create(exercise=exercise, order=1, text="Un indice.", cost=2)
    client.get(f"/exercises/{exercise.pk}/")
    with django_assert_max_num_queries(HINTED_PAGE_QUERIES):
        assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    with django_assert_max_num_queries(REVEAL_QUERIES):
        assert client.post(f"/exercises/{exercise.pk}/hint/").status_code == 302
