"""A submission changes the student's own cached pages at once, and nobody else's."""

import pytest
from django.test import Client

from accounts.tests.factories import make_student
from courses.tests.factories import make_published_qcm
from gamification.models import Badge

pytestmark = pytest.mark.django_db(transaction=True)
# The badges page shows a badge as earned with this rule of its own (gamification/templates/gamification/badges.html).
EARNED = "--earned-only: inline;"


@pytest.fixture
def exercise():
    return make_published_qcm("algo")


def logged_in(client, user):
    client.force_login(user)
    return client


def test_progress_stats_badges_and_leaderboard_follow_a_submission(client, exercise):
    Badge.objects.create(code="premier", name="Premier pas", description="…", rule="exercices", threshold=1)
    ada = logged_in(client, make_student("ada", pseudo="Ada"))
    pages = ["/courses/algo/chapitre-1/", "/badges/", "/leaderboard/", "/accounts/profile/"]
    for url in pages:
        ada.get(url)  # every per-user key is now cached

    ada.post(f"/exercises/{exercise.pk}/submit/", {"answer": exercise.right_choice.pk})

    assert "✓ réussi" in ada.get("/courses/algo/chapitre-1/").content.decode()
    assert "1 sur 1 réussi" in ada.get("/courses/algo/chapitre-1/").content.decode()
    assert EARNED in ada.get("/badges/").content.decode()
    leaderboard = ada.get("/leaderboard/").content.decode()
    assert "<strong>10</strong> XP" in leaderboard and "<td>Ada</td>" in leaderboard
    profile = ada.get("/accounts/profile/").content.decode()
    assert exercise.title in profile and "Réussie" in profile


def test_two_students_never_see_each_others_progress(client, exercise):
    Badge.objects.create(code="premier", name="Premier pas", description="…", rule="exercices", threshold=1)
    ada = logged_in(client, make_student("ada", pseudo="Ada"))
    alan = logged_in(Client(), make_student("alan", pseudo="Alan"))
    for url in ["/courses/algo/chapitre-1/", "/badges/", "/leaderboard/", "/accounts/profile/"]:
        alan.get(url)

    ada.post(f"/exercises/{exercise.pk}/submit/", {"answer": exercise.right_choice.pk})

    chapter = alan.get("/courses/algo/chapitre-1/").content.decode()
    assert "✓ réussi" not in chapter and "0 sur 1 réussi" in chapter
    assert EARNED not in alan.get("/badges/").content.decode()
    profile = alan.get("/accounts/profile/").content.decode()
    assert exercise.title not in profile and "<strong>0</strong> XP" in profile
    leaderboard = alan.get("/leaderboard/").content.decode()
    # The shared ranking shows Ada's pseudo and XP, as a leaderboard does; Alan's own box is his.
    assert "Votre rang : <strong>2</strong>" in leaderboard
    assert "<strong>0</strong> XP" in leaderboard
    assert "ada" not in leaderboard.replace("Ada", "")  # her username never appears, only her pseudo


def test_a_page_one_student_saw_is_never_served_to_another(client, exercise):
    """What cache_page on these pages would break: the second visitor gets the first one's page."""
    Badge.objects.create(code="premier", name="Premier pas", description="…", rule="exercices", threshold=1)
    ada = logged_in(client, make_student("ada", pseudo="Ada"))
    ada.post(f"/exercises/{exercise.pk}/submit/", {"answer": exercise.right_choice.pk})
    urls = ["/courses/", "/courses/algo/", "/courses/algo/chapitre-1/", "/badges/", "/leaderboard/"]
    for url in urls:
        assert "Ada" in ada.get(url).content.decode()

    alan = logged_in(Client(), make_student("alan", pseudo="Alan"))
    for url in urls:
        page = alan.get(url).content.decode()
        assert 'class="who">Alan</a>' in page, url
        assert "✓ réussi" not in page and EARNED not in page, url


def test_the_leaderboard_table_is_shared_and_each_viewer_marks_their_own_row(client, exercise):
    ada_user, alan_user = make_student("ada", pseudo="Ada", xp=20), make_student("alan", pseudo="Alan", xp=10)
    ada, alan = logged_in(client, ada_user), logged_in(Client(), alan_user)

    pages = {name: viewer.get("/leaderboard/").content.decode() for name, viewer in (("ada", ada), ("alan", alan))}

    def table(page):
        return page[page.index('<table class="leaderboard">') : page.index("</table>")]

    assert table(pages["ada"]) == table(pages["alan"])  # one cached fragment for everyone
    assert "tr:nth-child(1)" in pages["ada"] and "tr:nth-child(2)" not in pages["ada"]
    assert "tr:nth-child(2)" in pages["alan"] and "Votre rang : <strong>2</strong>" in pages["alan"]
    # Nobody's account id in the page: the viewer's row is marked by its position.
    for user in (ada_user, alan_user):
        assert f'"{user.pk}"' not in table(pages["ada"])
