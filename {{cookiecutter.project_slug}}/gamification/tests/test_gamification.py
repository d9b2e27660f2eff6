"""Levels, badges and the leaderboard."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.levels import LEVELS, level_after_gain, level_for
from accounts.tests.factories import make_student, make_teacher
from courses.tests.factories import make_published_qcm
from exercises.models import Attempt
from exercises.services import submit_answer
from exercises.signals import answer_passed
from gamification import selectors
from gamification.models import Badge, UserBadge
from gamification.services import award_badges
from tests.test_security_headers import response_nonce


def test_levels_follow_the_table():
    assert [level_for(xp) for xp in (0, 49, 50, 149, 150, 999, 1000, 10**6)] == [1, 1, 2, 2, 3, 5, 6, 6]


@pytest.mark.django_db
@pytest.mark.parametrize("gain", [1, 10, 55, 400])
def test_the_sql_level_matches_the_python_one(gain):
    around_thresholds = {needed + delta for _, needed, _ in LEVELS for delta in (-60, -1, 0)}
    users = [make_student(xp=xp) for xp in sorted(around_thresholds) if xp >= 0]
    get_user_model().objects.filter(pk__in=[user.pk for user in users]).update(level=level_after_gain(gain))
    for user in users:
        user.refresh_from_db()
        assert user.level == level_for(user.xp + gain), (user.xp, gain)


@pytest.mark.django_db(transaction=True)
def test_badges_are_awarded_once_at_their_threshold():
    student = make_student()
    Badge.objects.create(code="premier", name="Premier", description="…", rule="exercices", threshold=1)
    Badge.objects.create(code="vingt", name="Vingt XP", description="…", rule="xp", threshold=20)

    submit_answer(student, make_published_qcm(), "0")  # a wrong answer: no badge
    assert not UserBadge.objects.exists()
    exercise = make_published_qcm()
    submit_answer(student, exercise, str(exercise.right_choice.pk))
    assert list(UserBadge.objects.values_list("badge__code", flat=True)) == ["premier"]
    exercise = make_published_qcm()
    submit_answer(student, exercise, str(exercise.right_choice.pk))
    assert award_badges(student.pk) == []
    assert sorted(UserBadge.objects.values_list("badge__code", flat=True)) == ["premier", "vingt"]


@pytest.mark.django_db(transaction=True)
def test_badges_are_written_in_the_transaction_that_records_the_attempt():
    """exercises announces a first success (answer_passed) inside submit_answer's transaction, and
    gamification's receiver awards the badge there: a later receiver that fails takes the attempt,
    the XP and the badge back with it."""
    student = make_student()
    Badge.objects.create(code="premier", name="Premier", description="…", rule="exercices", threshold=1)
    exercise = make_published_qcm()

    def fails_after_the_badge(sender, attempt, **kwargs):
        assert UserBadge.objects.filter(user_id=attempt.user_id, badge__code="premier").exists()
        raise RuntimeError("un récepteur échoue après les badges")

    answer_passed.connect(fails_after_the_badge)
    try:
        with pytest.raises(RuntimeError):
            submit_answer(student, exercise, str(exercise.right_choice.pk))
    finally:
        answer_passed.disconnect(fails_after_the_badge)

    assert not Attempt.objects.exists() and not UserBadge.objects.exists()
    assert get_user_model().objects.values_list("xp", flat=True).get(pk=student.pk) == 0


@pytest.mark.django_db
def test_the_leaderboard_ranks_active_students_only_with_shared_ranks():
    make_student("ada", pseudo="Ada", xp=30)
    alan = make_student("alan", xp=30)
    make_student("grace", pseudo="Grace", xp=10)
    make_student("ancien", xp=99, is_active=False)
    make_teacher("prof", xp=500)

    rows = selectors.leaderboard()

    assert [(row["rank"], row["name"], row["xp"]) for row in rows] == [
        (1, "Ada", 30),
        (1, alan.public_name, 30),
        (3, "Grace", 10),
    ]


@pytest.mark.django_db
def test_the_leaderboard_never_shows_a_username(client):
    """Usernames are login names: without a pseudo, a student is shown under a neutral name."""
    ada = make_student("eleve.ada", xp=30)
    make_student("eleve.alan", pseudo="Alan", xp=20)
    client.force_login(make_student("eleve.grace", pseudo="Grace"))  # her own nav would show her username

    page = client.get("/leaderboard/").content.decode()

    assert "eleve." not in page
    assert f"<td>{ada.public_name}</td>" in page and "<td>Alan</td>" in page
    assert re.fullmatch(r"Élève n° \d{5}", ada.public_name)
    # Stable for the account, and made of neither its username nor its id.
    assert ada.public_name == get_user_model().objects.get(pk=ada.pk).public_name
    assert str(ada.pk) not in ada.public_name.split()


@pytest.mark.django_db
def test_the_leaderboard_is_one_query_whatever_the_number_of_students(django_assert_num_queries):
    for index in range(120):
        make_student(xp=index)
    with django_assert_num_queries(1):
        rows = selectors.leaderboard()
    assert len(rows) == selectors.LEADERBOARD_SIZE


@pytest.mark.django_db
def test_the_badges_page_marks_the_viewers_badges_only_around_one_shared_list(client):
    from django.core.cache import cache

    from caching import keys

    ada, alan = make_student("ada"), make_student("alan")
    first = Badge.objects.create(code="premier", name="Premier pas", description="…", rule="xp", threshold=1)
    second = Badge.objects.create(code="cent", name="Cent XP", description="…", rule="xp", threshold=100)
    UserBadge.objects.create(user=ada, badge=first)

    client.force_login(ada)
    response = client.get("/badges/")
    mine, mine_nonce = response.content.decode(), response_nonce(response)
    client.force_login(alan)
    theirs = client.get("/badges/").content.decode()

    # The viewer's badges are shown as earned by the page's own rule, outside the shared list:
    # one selector list, whose properties site.css turns into the earned look.
    earned_rule = " { --badge-icon-filter: none; --badge-border: var(--color-success); --earned-only: inline;"
    assert f'<style nonce="{mine_nonce}">#badge-{first.pk}' + earned_rule in mine
    assert f"#badge-{second.pk}" not in mine.split("</style>")[0]
    assert "--earned-only" not in theirs
    # One cached list for everyone: the same HTML in both pages, naming no viewer.
    shared = cache.get(keys.fragment(selectors.all_badges.key()))
    assert f'id="badge-{first.pk}"' in shared and f'id="badge-{second.pk}"' in shared
    assert shared in mine and shared in theirs


@pytest.mark.django_db
def test_the_badges_page_marks_every_earned_badge_with_one_rule(client):
    ada = make_student("ada")
    badges = [Badge.objects.create(code=f"b{n}", name=f"Badge {n}", rule="xp", threshold=n) for n in (1, 2, 3)]
    UserBadge.objects.create(user=ada, badge=badges[2])
    UserBadge.objects.create(user=ada, badge=badges[0])
    client.force_login(ada)

    page = client.get("/badges/").content.decode()

    rule = (
        " { --badge-icon-filter: none; --badge-border: var(--color-success);"
        " --earned-only: inline; --locked-only: none; }"
    )
    earned = f"#badge-{badges[0].pk}, #badge-{badges[2].pk}" + rule
    assert earned in page
    assert page.count("<style") == 1 and f"#badge-{badges[1].pk}," not in page


@pytest.mark.django_db
def test_the_badges_page_says_when_there_is_no_badge(client):
    client.force_login(make_student())

    assert "Aucun badge pour l'instant." in client.get("/badges/").content.decode()


@pytest.mark.django_db
def test_a_badge_shows_its_picture_shipped_with_the_project_not_an_emoji(client):
    Badge.objects.create(code="fusee", name="Décollage", description="…", icon=Badge.Icon.FUSEE, rule="xp", threshold=1)
    client.force_login(make_student())

    page = client.get("/badges/").content.decode()

    # Decorative (its name is written next to it), and the file exists among the static files.
    assert re.search(r'<img class="badge-icon" src="/static/gamification/badges/fusee\.svg" alt=""', page), page
    assert finders.find("gamification/badges/fusee.svg")
    assert all(finders.find(f"gamification/badges/{icon}.svg") for icon in Badge.Icon.values)


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_emoji_icons_into_pictures():
    before = [("gamification", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_badge = executor.loader.project_state(before).apps.get_model("gamification", "Badge")
    for code, icon in (("a", "🚀"), ("b", "🏅"), ("c", "🦄")):
        old_badge.objects.create(code=code, name=code, description="…", icon=icon, rule="xp", threshold=1)

    call_command("migrate", verbosity=0)

    assert dict(Badge.objects.values_list("code", "icon")) == {"a": "fusee", "b": "medaille", "c": "medaille"}


@pytest.mark.django_db
def test_xp_figures_have_the_french_thousands_separator(client, settings):
    settings.LANGUAGE_CODE = "fr-fr"  # whatever the language chosen at generation
    ada = make_student("ada", pseudo="Ada", xp=12500)
    client.force_login(ada)

    for url in ("/accounts/profile/", "/leaderboard/"):
        page = client.get(url).content.decode()
        assert "12\xa0500</strong> XP" in page and "12500" not in page, url
