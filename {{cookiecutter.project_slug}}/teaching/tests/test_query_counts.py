"""SQL queries and Redis commands of the class pages, whatever the size of the class.

The class page of 35 students × 12 chapters: at most 8 queries cold (the user row, the class
check, the grid's five), at most 1 warm (the class check: who may see it is never cached).
Warm, the class page reads its rendered rows (``html:class_grid_<id>``), not the grid's data.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.maintenance import delete_project_keys
from exercises.models import Attempt, Exercise

from .builders import answer, make_class

pytestmark = pytest.mark.django_db

COLD_BUDGET = 8
WARM_BUDGET = 1
# Warm: the session, then ONE get_many for the user row and the class's key (cached_page).
WARM_REDIS_COMMANDS = 2
# Cold: the grid's HTML is missing, so is its data: each read, stored under its lock (readthrough.py).
COLD_REDIS_COMMANDS = {"/classes/{c}/": 17, "/classes/{c}/classement/": 12}


def big_class(students=35, chapters=12):
    world = make_class("Grande classe", students=students, chapters=chapters, exercises=2)
    exercises = list(Exercise.objects.filter(chapter__course=world.course))
    Attempt.objects.bulk_create(
        Attempt(user=student, exercise=exercise, answer="1", passed=(index + number) % 3 == 0)
        for index, student in enumerate(world.students)
        for number, exercise in enumerate(exercises)
    )
    return world


def queries(client, url, cold: bool) -> int:
    if cold:
        delete_project_keys("default")  # the page data and the user row; the session stays
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["/classes/{c}/", "/classes/{c}/classement/"])
def test_a_class_page_costs_a_bounded_number_of_queries(client, page):
    small = make_class("Petite classe", students=2, chapters=1)
    big = big_class()
    client.force_login(big.teacher)
    url = page.format(c=big.classroom.pk)

    cold = queries(client, url, cold=True)
    warm = queries(client, url, cold=False)
    client.force_login(small.teacher)

    assert cold <= COLD_BUDGET, cold
    assert warm <= WARM_BUDGET, warm
    assert queries(client, page.format(c=small.classroom.pk), cold=True) == cold


@pytest.mark.parametrize("page", ["/classes/{c}/", "/classes/{c}/classement/"])
def test_a_warm_class_page_reads_redis_in_one_round_trip_after_the_session(client, page, redis_commands):
    world = big_class(students=5, chapters=3)
    client.force_login(world.teacher)
    url = page.format(c=world.classroom.pk)
    client.get(url)
    redis_commands.clear()

    assert client.get(url).status_code == 200

    assert len(redis_commands) == WARM_REDIS_COMMANDS, redis_commands
    assert "MGET" in redis_commands


@pytest.mark.parametrize("page", ["/classes/{c}/eleves/{s}/", "/classes/{c}/export.csv", "/"])
def test_the_uncached_pages_do_not_grow_with_the_class(client, page):
    small, big = make_class("Petite classe", students=1, chapters=1), big_class()
    answer(small.students[0], small.chapters[0].exercises.first())
    sizes = []
    for world in (small, big):
        viewer = world.students[0] if page == "/" else world.teacher
        client.force_login(viewer)
        client.get(page.format(c=world.classroom.pk, s=world.students[0].pk))  # warms the user row
        sizes.append(queries(client, page.format(c=world.classroom.pk, s=world.students[0].pk), cold=False))
    assert sizes[0] == sizes[1], sizes


@pytest.mark.parametrize("page", COLD_REDIS_COMMANDS)
def test_a_cold_class_page_sends_a_bounded_number_of_redis_commands(client, page, redis_commands):
    world = big_class()
    client.force_login(world.teacher)
    url = page.format(c=world.classroom.pk)
    client.get(url)
    delete_project_keys("default")
    redis_commands.clear()

    assert client.get(url).status_code == 200

    assert len(redis_commands) <= COLD_REDIS_COMMANDS[page], redis_commands
