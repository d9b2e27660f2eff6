"""SQL queries per page: at most one with a warm cache, and no N+1 when it is cold.

Warm: the session comes from Redis (or costs the one query with SESSION_STORE=db), the
user row from the cache (accounts.backends), the page data from the selectors' keys.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import make_student
from caching.maintenance import delete_project_keys
from courses.tests.factories import make_chapter, make_course
from gamification.models import Badge

pytestmark = pytest.mark.django_db

# "/" is a signed-in student's dashboard (teaching/dashboard.py).
PAGES = ["/", "/courses/", "/courses/{slug}/", "/courses/{slug}/chapitre-1/", "/badges/", "/leaderboard/"]


def build_portal(size: int, slug: str) -> None:
    """A course `slug` with `size` chapters, `size` exercises in its first chapter, and
    `size` more courses, badges and students."""
    course = make_course(slug=slug, chapters=0)
    make_chapter(course, slug="chapitre-1", exercises=size)
    for index in range(2, size + 1):
        make_chapter(course, slug=f"chapitre-{index}", exercises=0, order=index)
    for index in range(size):
        make_course(chapters=0, order=index + 1)
    Badge.objects.bulk_create(
        Badge(code=f"{slug}-{index}", name=f"Badge {index}", description="…", rule="xp", threshold=index + 1)
        for index in range(size)
    )
    for index in range(size):
        make_student(xp=index * 10)


@pytest.mark.parametrize("url", PAGES)
def test_a_warm_page_runs_at_most_one_query(client, url, django_assert_max_num_queries):
    build_portal(5, "algo")
    client.force_login(make_student())
    url = url.format(slug="algo")
    assert client.get(url).status_code == 200  # warms the cache

    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200


def cold_queries(client, url: str) -> int:
    delete_project_keys("default")  # the page data and the user row; the session stays
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_cold_query_count_does_not_grow_with_the_content(client, url):
    client.force_login(make_student())
    build_portal(5, "petit")
    small = cold_queries(client, url.format(slug="petit"))
    build_portal(50, "grand")  # the lists now hold 55 courses, badges and students

    assert cold_queries(client, url.format(slug="grand")) == small


# Warm, logged in: the session, then ONE get_many for the user row and the page's keys
# (cached_page, caching/pages.py); the chapter needs its id before it can read the viewer's progress.
REDIS_ROUND_TRIPS = {
    "/": 2,
    "/courses/": 2,
    "/courses/{slug}/": 2,
    "/courses/{slug}/chapitre-1/": 3,
    "/badges/": 2,
    "/leaderboard/": 2,
}


@pytest.mark.parametrize("url", PAGES)
def test_a_warm_page_reads_redis_in_as_few_round_trips_as_it_can(client, url, redis_commands):
    build_portal(5, "algo")
    client.force_login(make_student())
    url = url.format(slug="algo")
    client.get(url)  # warms the cache
    redis_commands.clear()

    assert client.get(url).status_code == 200

    assert len(redis_commands) == REDIS_ROUND_TRIPS[url.replace("algo", "{slug}")], redis_commands
    assert "MGET" in redis_commands


# --- The exercise page and "Valider" ----------------------------------------------------------
# Warm: the exercise's content (LONG) and the student's passed exercises (SHORT) from Redis; a
# Python exercise also reads the student's last program and validations used (never cached).
EXERCISE_PAGE_QUERIES = {"qcm": 1, "python": 2}
EXERCISE_PAGE_ROUND_TRIPS = {"qcm": 3, "python": 3}
# A submission reads the exercise fresh (never from Redis); "Valider" also counts the
# validations used, records the attempt, adds the XP and awards the badges in one transaction.
# A first success also finds the student's classes for the per-class keys it invalidates (the
# class grid, the class leaderboard): one query for the whole write (caching.invalidation.one_write).
SUBMIT_QUERIES = {"qcm": 14, "python": 14}


def make_exercise(kind: str):
    from courses.tests.factories import make_published_qcm, make_python_exercise

    return make_published_qcm() if kind == "qcm" else make_python_exercise()


@pytest.mark.parametrize("kind", EXERCISE_PAGE_QUERIES)
def test_a_warm_exercise_page_reads_the_database_only_for_the_students_own_progress(
    client, kind, django_assert_max_num_queries, redis_commands
):
    exercise = make_exercise(kind)
    client.force_login(make_student())
    assert client.get(f"/exercises/{exercise.pk}/").status_code == 200  # warms the cache
    redis_commands.clear()

    with django_assert_max_num_queries(EXERCISE_PAGE_QUERIES[kind]):
        assert client.get(f"/exercises/{exercise.pk}/").status_code == 200
    assert len(redis_commands) == EXERCISE_PAGE_ROUND_TRIPS[kind], redis_commands


@pytest.mark.parametrize("kind", SUBMIT_QUERIES)
def test_a_submission_stays_within_its_query_budget(client, kind, django_assert_max_num_queries):
    exercise = make_exercise(kind)
    client.force_login(make_student())
    client.get(f"/exercises/{exercise.pk}/")
    data = {"answer": exercise.right_choice.pk} if kind == "qcm" else {"code": "def somme(n):\n    return sum(n)"}

    with django_assert_max_num_queries(SUBMIT_QUERIES[kind]):
        response = client.post(f"/exercises/{exercise.pk}/submit/", data)
    assert response.status_code == 302


# --- The dashboard of a student with a class, answers and badges ------------------------------
# Warm: every cached part comes in the page's MGET, the "À faire" (SHORT, per student) too. Cold,
# whatever the size: the user row, then each cached part once: the "À faire" (the assignments,
# their chapters' totals, the student's passed exercises: 3), attempts, passed counts, totals,
# courses, badges (1 each) and stats (3).
DASHBOARD_WARM_QUERIES = 0
DASHBOARD_COLD_QUERIES = 12


def busy_student(size: int):
    from exercises.services import submit_answer
    from teaching.tests.builders import make_class

    world = make_class(students=1, chapters=size, exercises=2)
    Badge.objects.bulk_create(
        Badge(code=f"b{size}-{index}", name=f"Badge {index}", description="…", rule="xp", threshold=1 + index)
        for index in range(size)
    )
    student = world.students[0]
    for chapter in world.chapters:
        for exercise in chapter.exercises.all():
            submit_answer(student, exercise, str(exercise.choices.get(is_correct=True).pk))
    return student


@pytest.mark.parametrize("size", [2, 20])
def test_the_dashboard_keeps_its_budgets_cold_and_warm(client, size, redis_commands):
    client.force_login(busy_student(size))
    delete_project_keys("default")
    with CaptureQueriesContext(connection) as cold:
        page = client.get("/")
    assert page.status_code == 200 and "Reprendre" in page.content.decode()
    assert len(cold) == DASHBOARD_COLD_QUERIES, [query["sql"] for query in cold]

    redis_commands.clear()
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/").status_code == 200
    assert len(warm) == DASHBOARD_WARM_QUERIES, [query["sql"] for query in warm]
    assert len(redis_commands) == 2 and "MGET" in redis_commands, redis_commands


@pytest.mark.parametrize("size", [2, 20])
def test_the_course_page_with_progress_keeps_its_budgets_cold_and_warm(client, size, redis_commands):
    student = busy_student(size)
    client.force_login(student)
    url = student.enrollments.get().classroom.assignments.get().course.get_absolute_url()
    delete_project_keys("default")
    with CaptureQueriesContext(connection) as cold:
        page = client.get(url)
    assert page.status_code == 200 and "2 / 2 exercices réussis" in page.content.decode()
    # The user row, the course and its chapters, the viewer's passed counts.
    assert len(cold) == 4, [query["sql"] for query in cold]

    redis_commands.clear()
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) <= 1
    assert len(redis_commands) == 2 and "MGET" in redis_commands, redis_commands
