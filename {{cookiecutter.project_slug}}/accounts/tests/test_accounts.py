"""Sign-up, profile (never cached) and the cached user row of request.user."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import PASSWORD, make_student

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_creates_a_logged_in_student_whatever_the_form_says(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "grace",
            "pseudo": "Grace H.",
            "password1": "un-mot-de-passe-solide-42",
            "password2": "un-mot-de-passe-solide-42",
            "role": "professeur",
            "xp": "9999",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(username="grace")
    assert (user.role, user.xp, user.is_staff) == ("eleve", 0, False)
    assert client.get("/courses/").status_code == 200


def test_a_form_with_errors_sums_them_up_and_shows_each_next_to_its_field(client):
    page = client.post(
        "/accounts/signup/", {"username": "grace", "password1": "un-mot-de-passe-solide-42", "password2": "autre"}
    ).content.decode()

    # templates/forms/fields.html: a summary first, linking to the field, then the field's own error.
    summary = page.split('<div class="error-summary" role="alert">', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_password2">' in summary
    field = page.split('<div class="field field-invalid">', 1)[1].split('<div class="field', 1)[0]
    assert 'for="id_password2"' in field and 'class="field-errors" id="id_password2_error"' in field
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_password2_helptext id_password2_error"' in field
    assert "as_p" not in page and page.count('<div class="field') >= 4


def test_login_and_logout_pages_work(client):
    make_student("ada")
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_the_profile_is_read_from_the_database_not_the_cache(client):
    student = make_student("ada", pseudo="Ada")
    client.force_login(student)
    client.get("/accounts/profile/")

    # update() sends no signal: only a page that reads the database can show it.
    get_user_model().objects.filter(pk=student.pk).update(first_name="Augusta")

    assert 'value="Augusta"' in client.get("/accounts/profile/").content.decode()


def test_a_profile_edit_shows_at_once_in_the_navigation_and_the_leaderboard(client):
    student = make_student("ada", pseudo="Ada")
    client.force_login(student)
    client.get("/leaderboard/")

    client.post("/accounts/profile/", {"pseudo": "Comtesse", "first_name": "", "last_name": "", "email": ""})

    page = client.get("/leaderboard/").content.decode()
    assert '<a href="/accounts/profile/" class="who">Comtesse</a>' in page
    assert "<td>Comtesse</td>" in page


def test_request_user_comes_from_the_cache(client):
    client.force_login(make_student())
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.context["user"].is_authenticated
    # The session may cost a query (SESSION_STORE=db); the user row never does.
    assert [query["sql"] for query in queries if "accounts_user" in query["sql"]] == []


def test_a_deactivated_account_is_logged_out_on_the_next_request(client):
    student = make_student()
    client.force_login(student)
    assert client.get("/courses/").status_code == 200  # the user row is now cached

    student.is_active = False
    student.save()

    assert client.get("/courses/").status_code == 302


def test_a_password_change_ends_the_other_sessions(client):
    student = make_student()
    client.force_login(student)
    assert client.get("/courses/").status_code == 200

    student.set_password("un-tout-nouveau-mot-de-passe")
    student.save()

    assert client.get("/courses/").status_code == 302
