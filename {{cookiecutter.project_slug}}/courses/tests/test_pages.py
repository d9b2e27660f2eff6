"""Course pages: logged-in users only, published content only."""

import pytest

from accounts.tests.factories import make_student
from courses.tests.factories import make_chapter, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def student_client(client):
    client.force_login(make_student())
    return client


@pytest.mark.parametrize("url", ["/courses/", "/courses/algo/", "/courses/algo/tri/", "/badges/", "/leaderboard/"])
def test_pages_need_a_logged_in_user(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_catalogue_lists_published_courses_by_level(student_client):
    make_course(title="Algorithmique", level="premiere")
    make_course(title="Internet", level="snt")
    make_course(title="Brouillon", is_published=False)

    page = student_client.get("/courses/").content.decode()

    assert "Algorithmique" in page and "Internet" in page and "Brouillon" not in page
    assert page.index("SNT (Seconde)") < page.index("Première NSI")


def test_a_course_page_lists_its_published_chapters(student_client):
    course = make_course(slug="algo", chapters=0)
    make_chapter(course, slug="tri", title="Le tri", order=1)
    make_chapter(course, slug="cache", title="Chapitre caché", is_published=False)

    page = student_client.get(course.get_absolute_url()).content.decode()

    assert "Le tri" in page and "Chapitre caché" not in page
    assert 'href="/courses/algo/tri/"' in page


def test_a_chapter_page_shows_its_content_exercises_and_neighbours(student_client):
    course = make_course(slug="algo", chapters=0)
    first = make_chapter(course, slug="tri", markdown="Le **tri par insertion**.", order=0, exercises=2)
    make_chapter(course, slug="recherche", title="Recherche", order=1)

    page = student_client.get(first.get_absolute_url()).content.decode()

    assert "<strong>tri par insertion</strong>" in page
    assert "Exercice 1" in page and "Exercice 2" in page
    assert 'href="/courses/algo/recherche/"' in page


@pytest.mark.parametrize(
    ("course_fields", "chapter_fields"),
    [({"is_published": False}, {}), ({}, {"is_published": False})],
    ids=["course-unpublished", "chapter-unpublished"],
)
def test_unpublished_content_is_not_found(student_client, course_fields, chapter_fields):
    course = make_course(slug="algo", chapters=0, **course_fields)
    make_chapter(course, slug="tri", **chapter_fields)

    assert student_client.get("/courses/algo/tri/").status_code == 404
    if course_fields:
        assert student_client.get("/courses/algo/").status_code == 404


def test_the_same_chapter_slug_may_live_in_two_courses(student_client):
    for slug, text in (("snt", "Texte SNT"), ("nsi", "Texte NSI")):
        make_chapter(make_course(slug=slug, chapters=0), slug="introduction", markdown=text)

    assert "Texte SNT" in student_client.get("/courses/snt/introduction/").content.decode()
    assert "Texte NSI" in student_client.get("/courses/nsi/introduction/").content.decode()
