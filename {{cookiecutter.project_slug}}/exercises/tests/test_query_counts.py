"""SQL and Redis budgets of the SQL and Parsons exercises' pages, "Exécuter", "Valider" and
"Voir l'indice", and every kind's cold page (the QCM and Python pages' warm budgets and
submissions are in courses/tests/test_query_counts.py). The README's tables quote these."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import make_student
from caching.maintenance import delete_project_keys
from courses.tests.factories import (
    make_chapter,
    make_course,
    make_published_qcm,
    make_python_exercise,
    make_short_answer,
    make_sql_exercise,
)
from exercises.models import Attempt

pytestmark = pytest.mark.django_db

# Warm: the content (statement, schema: LONG) and the passed exercises (SHORT) in one MGET after
# the session; the database only for the student's last query and validations used.
SQL_PAGE_QUERIES = 2
SQL_PAGE_ROUND_TRIPS = 3
# "Exécuter" without JavaScript: the exercise read fresh (as a submission: published_exercise and
# its prefetched choices), then the page's validations used; nothing recorded.
RUN_QUERIES = 3
# "Valider", a first success: as a Python validation (courses/tests/test_query_counts.py).
SUBMIT_QUERIES = 14


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


# "Valider" of a Parsons exercise, a first success: as a Python validation, with or without the
# teacher's tests (the sandbox's run costs no query). A short answer's costs the same at most, and
# hints one query more (their cost, deducted from the reward).
PARSONS_SUBMIT_QUERIES = 14
HINTED_SUBMIT_QUERIES = SUBMIT_QUERIES + 1
# What a run in the sandbox adds in Redis: the student's pending mark taken, then released.
SANDBOX_REDIS_COMMANDS = 2


def first_success(client, exercise, data, queries, assert_max_num_queries, redis_commands) -> int:
    """Post a first success within its SQL budget; the Redis commands it sent."""
    client.get(f"/exercises/{exercise.pk}/")
    redis_commands.clear()
    with assert_max_num_queries(queries):
        response = client.post(f"/exercises/{exercise.pk}/submit/", data)
    assert response.status_code == 302
    assert Attempt.objects.filter(exercise=exercise, passed=True, xp_awarded__gt=0).exists()
    return len(redis_commands)


def test_a_parsons_validation_stays_within_its_budget(client, student, django_assert_max_num_queries, redis_commands):
    from exercises.tests.test_parsons import RIGHT, RIGHT_PERIMETRE, TESTED, ids_in_order, make_parsons, placed

    compared, tested = make_parsons(), make_parsons(title="Périmètre", **TESTED)
    budget = (PARSONS_SUBMIT_QUERIES, django_assert_max_num_queries, redis_commands)
    without_tests = first_success(client, compared, ids_in_order(compared, RIGHT), *budget)
    assert "SET" not in redis_commands, redis_commands  # nothing ran in the sandbox
    with_tests = first_success(client, tested, placed(tested, RIGHT_PERIMETRE), *budget)
    assert with_tests == without_tests + SANDBOX_REDIS_COMMANDS, redis_commands


def test_a_short_answer_and_a_hinted_success_stay_within_their_budgets(
    client, student, exercise, django_assert_max_num_queries, redis_commands
):
    from exercises.models import Hint

    short = make_short_answer(make_chapter(make_course(chapters=0), slug="chapitre-1"))
    first_success(client, short, {"answer": "DNS"}, SUBMIT_QUERIES, django_assert_max_num_queries, redis_commands)
    Hint.objects.create(exercise=exercise, order=1, text="Un indice.", cost=2)
    client.post(f"/exercises/{exercise.pk}/hint/")
    right = {"code": "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC"}
    first_success(client, exercise, right, HINTED_SUBMIT_QUERIES, django_assert_max_num_queries, redis_commands)


# "Exécuter" for the editor's fetch: the exercise read fresh with its prefetched choices; the
# page's own reads (RUN_QUERIES) are left out.
RUN_JSON_QUERIES = 2


def test_run_for_the_editor_reads_only_the_exercise(client, student, exercise, django_assert_num_queries):
    client.get(f"/exercises/{exercise.pk}/")  # the user row in the cache, as in a class
    with django_assert_num_queries(RUN_JSON_QUERIES):
        response = client.post(
            f"/exercises/{exercise.pk}/run/", {"code": "SELECT nom FROM eleve"}, HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200 and response.json()["columns"] == ["nom"]


# Cold (the page's keys and the user row gone, the session kept): the user row, the exercise with
# its chapter, its hints' costs, a QCM's choices, the student's passed exercises of the chapter,
# and for the editors' kinds their last program and validations used. Hints add the ones revealed.
COLD_PAGE_QUERIES = {"qcm": 5, "reponse_courte": 4, "python": 5, "sql": 5, "parsons": 5}
HINTS_ADD = 1


def make_kind(kind: str):
    from exercises.tests.test_parsons import make_parsons

    makers = {
        "qcm": make_published_qcm,
        "reponse_courte": lambda: make_short_answer(make_chapter(make_course(chapters=0), slug="chapitre-1")),
        "python": make_python_exercise,
        "sql": make_sql_exercise,
        "parsons": make_parsons,
    }
    return makers[kind]()


@pytest.mark.parametrize("hinted", [False, True], ids=["without hints", "with a hint"])
@pytest.mark.parametrize("kind", COLD_PAGE_QUERIES)
def test_a_cold_exercise_page_keeps_its_budget(client, student, kind, hinted):
    from exercises.models import Hint

    exercise = make_kind(kind)
    if hinted:
        Hint.objects.create(exercise=exercise, order=1, text="Un indice.", cost=2)
    client.get(f"/exercises/{exercise.pk}/")
    delete_project_keys("default")
    with CaptureQueriesContext(connection) as cold:
        assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    expected = COLD_PAGE_QUERIES[kind] + (HINTS_ADD if hinted else 0)
    assert len(cold) == expected, [query["sql"] for query in cold]
