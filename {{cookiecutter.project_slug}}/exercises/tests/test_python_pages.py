"""The Python exercise page: who may see it, and what never reaches Redis or the page before
the student has passed (private tests, solution, remarks, expected values)."""

import pytest
from django.conf import settings
from django.core.cache import caches

from accounts.tests.factories import make_student
from caching.maintenance import bare_key, raw_client, scan, uses_redis
from courses.tests.factories import make_python_exercise

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT = "def somme(nombres):\n    return sum(nombres)\n"
# Pieces of the private tests, the solution, the remarks and an expected value of somme.
SECRETS = ("range(100)", "somme([10, -4])", "total += n", "sum(nombres)", "4950")


@pytest.fixture
def exercise():
    return make_python_exercise(remarks="On peut aussi écrire `sum(nombres)`.")


def redis_contents() -> str:
    """Every key of this project and its value: as Redis holds it, and as the cache reads it."""
    dumped = []
    for alias in [alias for alias in settings.CACHES if uses_redis(alias)]:  # the sessions' alias too
        client = raw_client(alias)
        for raw in scan(alias):
            dumped.append(f"{raw!r} {client.dump(raw)!r}")
            if client.type(raw) == b"string":
                dumped.append(repr(caches[alias].get(bare_key(alias, raw))))
    return "\n".join(dumped)


def test_anonymous_visitors_are_sent_to_the_login_page(client, exercise):
    for response in (client.get(f"/exercises/{exercise.pk}/"), client.post(f"/exercises/{exercise.pk}/submit/")):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("unpublished", ["exercise", "chapter", "course"])
def test_an_unpublished_exercise_is_not_found(client, exercise, unpublished):
    client.force_login(make_student())
    assert client.get(f"/exercises/{exercise.pk}/").status_code == 200  # cached now
    row = {"exercise": exercise, "chapter": exercise.chapter, "course": exercise.chapter.course}[unpublished]
    row.is_published = False
    row.save()

    assert client.get(f"/exercises/{exercise.pk}/").status_code == 404
    assert client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT}).status_code == 404


def test_the_page_shows_the_statement_in_markdown_the_starter_code_and_the_public_tests(client, exercise):
    client.force_login(make_student())
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "<code>somme(nombres)</code>" in page  # Markdown
    assert "def somme(nombres):\n    ...\n" in page
    assert "assert somme([1, 2, 3]) == 6" in page
    assert f'action="/exercises/{exercise.pk}/submit/"' in page and 'name="code"' in page


def test_secrets_reach_neither_redis_nor_the_page_before_success(client, exercise, redis_connection):
    assert redis_connection.ping()
    student = make_student()
    client.force_login(student)
    pages = [client.get(f"/exercises/{exercise.pk}/").content.decode() for _ in range(2)]  # cold, then warm
    pages.append(client.post(f"/exercises/{exercise.pk}/submit/", {"code": "def somme(n):\n    return 0"}, follow=True))
    pages[-1] = pages[-1].content.decode()
    stored = redis_contents()
    assert "exercise_content_" in stored and "assert somme([1, 2, 3]) == 6" in stored  # what it may hold

    for secret in SECRETS:
        assert secret not in stored, secret
        for page in pages:
            assert secret not in page, secret

    # Once passed, the solution and the remarks are on the student's page, and still not in Redis.
    client.post(f"/exercises/{exercise.pk}/submit/", {"code": RIGHT})
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "total += n" in page and "<code>sum(nombres)</code>" in page
    assert "total += n" not in redis_contents() and "4950" not in redis_contents()


def test_an_edit_in_the_admin_is_on_the_page_at_once(client, exercise):
    client.force_login(make_student())
    client.get(f"/exercises/{exercise.pk}/")
    exercise.prompt = "Nouvel **énoncé**."
    exercise.public_tests = "assert somme([5]) == 5"
    exercise.save()

    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "Nouvel <strong>énoncé</strong>." in page and "assert somme([5]) == 5" in page
