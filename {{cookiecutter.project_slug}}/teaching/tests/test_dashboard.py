"""The home page: a student's dashboard (their own data only), the welcome page for anyone
else; and the course page's progress per chapter. transactional_db: the per-user keys are
invalidated on commit, as in production, so each answer shows at once."""

import pytest

from accounts.tests.factories import make_student, make_teacher
from gamification.models import Badge

from .builders import answer, make_class

pytestmark = pytest.mark.django_db(transaction=True)

WELCOME = "Créer un compte élève"


@pytest.fixture
def world():
    Badge.objects.create(code="premier-pas", name="Premier pas", description="10 XP", rule="xp", threshold=10)
    return make_class(students=2, chapters=2, exercises=2)


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_visitor_gets_the_welcome_page(client, world):
    page = home(client)
    assert WELCOME in page and "Reprendre" not in page


def test_a_teacher_gets_the_welcome_page_not_a_dashboard(client, world):
    client.force_login(world.teacher)
    page = home(client)
    assert "Voir les cours" in page and "Reprendre" not in page and "Mes cours" not in page


def test_a_new_student_is_invited_to_start(client, world):
    client.force_login(world.students[0])
    page = home(client)
    assert "Vous n'avez encore répondu à aucun exercice." in page
    assert "Pas encore de badge" in page
    # The class's assignment, already there before any answer.
    assert "À faire" in page and "0 / 4 exercices" in page


def test_after_an_answer_the_dashboard_shows_where_to_resume_progress_and_the_badge(client, world):
    ada, alan = world.students
    first = world.chapters[1].exercises.first()
    client.force_login(ada)
    home(client)  # cached now: the answer below must show anyway
    client.post(f"/exercises/{first.pk}/submit/", {"answer": first.choices.get(is_correct=True).pk})

    page = home(client)
    assert f'href="/courses/{world.course.slug}/chapitre-2/">Continuer « Chapitre 2 »' in page
    assert f"{world.course.title}</strong></a>" in page and "1 / 4 exercices réussis" in page
    assert "Premier pas" in page and "10 XP" in page
    assert "1 / 4 exercices" in page  # the "À faire" row too

    # Alan sees none of it.
    client.force_login(alan)
    other = home(client)
    assert "Vous n'avez encore répondu à aucun exercice." in other and "Premier pas</strong>" not in other


def test_the_course_page_shows_the_viewers_progress_per_chapter(client, world):
    ada, alan = world.students
    for exercise in world.chapters[0].exercises.all():
        answer(ada, exercise)
    client.force_login(ada)
    page = client.get(f"/courses/{world.course.slug}/").content.decode()
    assert '<span class="progress ok">· 2 / 2 exercices réussis</span>' in page
    assert '<span class="progress">· 0 / 2 exercices réussis</span>' in page

    client.force_login(alan)
    assert "· 0 / 2 exercices réussis</span>" in client.get(f"/courses/{world.course.slug}/").content.decode()
    assert "2 / 2" not in client.get(f"/courses/{world.course.slug}/").content.decode()


def test_a_student_outside_the_class_sees_progress_but_no_assignment(client, world):
    client.force_login(make_student())
    page = home(client)
    assert "Reprendre" in page and "À faire" not in page


def test_the_course_page_asks_anonymous_visitors_to_log_in(client, world):
    response = client.get(f"/courses/{world.course.slug}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(make_teacher())
    assert client.get(f"/courses/{world.course.slug}/").status_code == 200
