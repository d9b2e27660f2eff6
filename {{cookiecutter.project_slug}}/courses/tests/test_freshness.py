"""Every write that feeds a cached page shows on the next request, admin edits included.

transactional_db: the writes really commit, so the invalidation runs on commit as in
production (inside a test transaction it would never run).
"""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from accounts.tests.factories import make_student, make_user
from caching import keys
from courses.models import Chapter, ContentBlock
from courses.selectors import chapter_content, course_detail, published_courses
from courses.tests.factories import make_chapter, make_course, make_qcm
from gamification.models import Badge

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def student_client(client):
    client.force_login(make_student())
    return client


@pytest.fixture
def course():
    course = make_course(slug="algo", title="Algorithmique", chapters=0)
    make_chapter(course, slug="tri", title="Le tri", markdown="Version 1", order=0)
    make_chapter(course, slug="graphes", title="Les graphes", order=1)
    return course


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_chapter_html_is_cached_under_its_documented_key(student_client, course, redis_connection):
    page(student_client, "/courses/algo/tri/")

    cached = cache.get(chapter_content.key("algo", "tri"))
    assert cached["html"] == "<p>Version 1</p>"
    assert redis_connection.ttl(cache.make_key(chapter_content.key("algo", "tri"))) <= settings.CACHE_TTL["long"]


def test_a_course_edit_shows_on_every_course_page(student_client, course):
    for url in ("/courses/", "/courses/algo/", "/courses/algo/tri/"):
        assert "Algorithmique" in page(student_client, url)

    course.title = "Algorithmique avancée"
    course.save()

    for url in ("/courses/", "/courses/algo/", "/courses/algo/tri/"):
        assert "Algorithmique avancée" in page(student_client, url), url


def test_unpublishing_a_course_hides_its_cached_pages(student_client, course):
    page(student_client, "/courses/algo/tri/")
    course.is_published = False
    course.save()

    assert "Algorithmique" not in page(student_client, "/courses/")
    assert student_client.get("/courses/algo/").status_code == 404
    assert student_client.get("/courses/algo/tri/").status_code == 404


def test_a_renamed_slug_leaves_no_page_at_the_old_url(student_client, course):
    page(student_client, "/courses/algo/")
    page(student_client, "/courses/algo/tri/")
    chapter = Chapter.objects.get(slug="tri")
    chapter.slug = "tris"
    chapter.save()
    course.slug = "algorithmique"
    course.save()

    assert student_client.get("/courses/algo/").status_code == 404
    assert student_client.get("/courses/algo/tri/").status_code == 404
    assert "Version 1" in page(student_client, "/courses/algorithmique/tris/")


def test_chapter_and_content_edits_show_on_the_next_request(student_client, course):
    page(student_client, "/courses/algo/tri/")
    page(student_client, "/courses/algo/graphes/")

    block = ContentBlock.objects.get(chapter__slug="tri")
    block.markdown = "Version 2"
    block.save()
    assert "Version 2" in page(student_client, "/courses/algo/tri/")

    # A neighbour's new title shows in the other chapter's navigation.
    chapter = Chapter.objects.get(slug="graphes")
    chapter.title = "Graphes et arbres"
    chapter.save()
    assert "Graphes et arbres" in page(student_client, "/courses/algo/tri/")
    assert "Graphes et arbres" in page(student_client, "/courses/algo/")

    ContentBlock.objects.create(chapter=chapter, markdown="Nouveau bloc", order=5)
    assert "Nouveau bloc" in page(student_client, "/courses/algo/graphes/")

    chapter.delete()
    assert student_client.get("/courses/algo/graphes/").status_code == 404
    assert "Graphes et arbres" not in page(student_client, "/courses/algo/tri/")


def test_exercise_edits_show_on_the_chapter_and_course_pages(student_client, course):
    chapter = Chapter.objects.get(slug="tri")
    page(student_client, "/courses/algo/tri/")
    page(student_client, "/courses/algo/")

    exercise = make_qcm(chapter, title="Tri à bulles")
    assert "Tri à bulles" in page(student_client, "/courses/algo/tri/")
    assert "2 exercices" in page(student_client, "/courses/algo/")

    exercise.is_published = False
    exercise.save()
    assert "Tri à bulles" not in page(student_client, "/courses/algo/tri/")


def test_a_badge_edit_shows_on_the_badges_page(student_client):
    badge = Badge.objects.create(code="premier", name="Premier pas", description="…", rule="exercices", threshold=1)
    assert "Premier pas" in page(student_client, "/badges/")

    badge.name = "Tout premier pas"
    badge.save()
    assert "Tout premier pas" in page(student_client, "/badges/")

    badge.delete()
    assert "Tout premier pas" not in page(student_client, "/badges/")


def test_an_edit_in_the_admin_shows_on_the_next_page_load(student_client, course):
    page(student_client, "/courses/algo/tri/")
    admin = make_user("directrice", role="admin", is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)
    block = ContentBlock.objects.get(chapter__slug="tri")

    response = admin_client.post(
        f"/admin/courses/contentblock/{block.pk}/change/",
        {"chapter": block.chapter_id, "order": 0, "markdown": "Corrigé depuis le panneau"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Corrigé depuis le panneau" in page(student_client, "/courses/algo/tri/")


def catalogue_keys() -> list[str]:
    """Every key of the course "algo" and its chapters, with the HTML of each."""
    chapters = [chapter_content.key("algo", slug) for slug in ("tri", "graphes")]
    data = [published_courses.key(), course_detail.key("algo"), *chapters]
    return [*data, *(keys.fragment(key) for key in data[:2])]


def test_saving_a_chapter_from_the_admin_without_a_change_deletes_nothing(student_client, course):
    for url in ("/courses/", "/courses/algo/", "/courses/algo/tri/", "/courses/algo/graphes/"):
        page(student_client, url)
    assert all(cache.get(key) is not None for key in catalogue_keys())
    admin_client = Client()
    admin_client.force_login(make_user("directrice", role="admin", is_staff=True, is_superuser=True))
    chapter = Chapter.objects.get(slug="tri")
    block = chapter.blocks.get()

    response = admin_client.post(
        f"/admin/courses/chapter/{chapter.pk}/change/",
        {
            **{"course": course.pk, "title": chapter.title, "slug": "tri", "is_published": "on", "order": 0},
            **{"blocks-TOTAL_FORMS": 1, "blocks-INITIAL_FORMS": 1, "blocks-MIN_NUM_FORMS": 0},
            **{"blocks-MAX_NUM_FORMS": 1000, "blocks-0-id": block.pk, "blocks-0-chapter": chapter.pk},
            **{"blocks-0-order": block.order, "blocks-0-markdown": block.markdown},
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert [key for key in catalogue_keys() if cache.get(key) is None] == []
    chapter.title = "Le tri rapide"
    chapter.save()
    # Its course page and every chapter page of the course show it; the catalogue only counts chapters.
    kept = [published_courses.key(), keys.fragment(published_courses.key())]
    assert [key for key in catalogue_keys() if cache.get(key) is not None] == kept


def test_saving_a_field_that_feeds_no_page_deletes_nothing(student_client, course):
    exercise = make_qcm(Chapter.objects.get(slug="tri"), title="Tri à bulles")
    page(student_client, "/courses/algo/")
    page(student_client, "/courses/algo/tri/")

    exercise.prompt = "Triez cette liste à la main."  # shown on the exercise page, never cached
    exercise.save()
    assert cache.get(chapter_content.key("algo", "tri")) is not None
    assert cache.get(keys.fragment(course_detail.key("algo"))) is not None

    exercise.title = "Le tri à bulles"
    exercise.save()
    assert cache.get(chapter_content.key("algo", "tri")) is None
    assert "Le tri à bulles" in page(student_client, "/courses/algo/tri/")


def test_every_registered_model_declares_keys_that_exist():
    """The registry covers the portal's models that feed the documented keys."""
    from caching.invalidation import watched_models

    labels = {model._meta.label for model in watched_models()}
    assert {
        "accounts.User",
        "courses.Course",
        "courses.Chapter",
        "courses.ContentBlock",
        "exercises.Exercise",
        "exercises.Attempt",
        "gamification.Badge",
        "gamification.UserBadge",
    } <= labels


def test_cache_warm_fills_every_published_course_and_chapter_page(course, redis_connection):
    output = io.StringIO()
    call_command("cache_warm", stdout=output)

    assert cache.get(chapter_content.key("algo", "tri"))["title"] == "Le tri"
    assert cache.get(chapter_content.key("algo", "graphes"))["title"] == "Les graphes"
    assert cache.get(course_detail.key("algo"))["title"] == "Algorithmique"
    assert "courses.selectors.chapter_content : 2 clé(s)" in output.getvalue()
