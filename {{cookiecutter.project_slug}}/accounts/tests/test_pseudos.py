"""Pseudos are what other users see, usernames are login names: neither passes for the other."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Classroom, Enrollment, User
from accounts.tests.factories import make_student, make_teacher

pytestmark = pytest.mark.django_db

TAKEN = "Ce pseudo est déjà utilisé par un autre compte."
PASSWORD = "un-mot-de-passe-solide-42"


def sign_up(client, username, pseudo):
    data = {"username": username, "pseudo": pseudo, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data)


@pytest.mark.parametrize(
    "pseudo",
    ["ada lovelace", "ADA LOVELACE", "Ａｄａ  Lovelace", "eleve.alan", "ELEVE.ALAN", "Alan Turing"],
    ids=["pseudo", "pseudo in capitals", "full-width letters", "username", "username in capitals", "teacher"],
)
def test_sign_up_refuses_a_pseudo_that_passes_for_another_account(client, pseudo):
    make_student("eleve.ada", pseudo="Ada Lovelace")
    make_student("eleve.alan")
    make_teacher("prof.turing", first_name="Alan", last_name="Turing")

    response = sign_up(client, "eleve.grace", pseudo)

    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not User.objects.filter(username="eleve.grace").exists()


def test_sign_up_refuses_a_username_that_is_another_accounts_pseudo(client):
    make_student("eleve.ada", pseudo="Comtesse")

    response = sign_up(client, "comtesse", "")

    assert "Cet identifiant est déjà utilisé par un autre compte." in response.content.decode()
    assert not User.objects.filter(username="comtesse").exists()


def test_a_pseudo_cannot_be_ones_own_username(client):
    response = sign_up(client, "eleve.grace", "Eleve.Grace")
    assert "Votre pseudo ne peut pas être votre identifiant" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_with_a_free_pseudo_or_none_works(client):
    make_student("eleve.ada", pseudo="Ada")
    assert sign_up(client, "eleve.grace", "  Grace   Hopper ").status_code == 302
    assert User.objects.get(username="eleve.grace").pseudo == "Grace Hopper"
    client.logout()
    assert sign_up(client, "eleve.alan", "").status_code == 302


def test_the_profile_refuses_a_taken_pseudo_and_keeps_ones_own(client):
    make_student("eleve.ada", pseudo="Ada")
    grace = make_student("eleve.grace", pseudo="Grace")
    client.force_login(grace)

    refused = client.post("/accounts/profile/", {"pseudo": "ADA"})
    kept = client.post("/accounts/profile/", {"pseudo": "grace"})

    assert TAKEN in refused.content.decode()
    assert kept.status_code == 302
    assert User.objects.get(pk=grace.pk).pseudo == "grace"


def test_the_database_refuses_the_same_pseudo_in_another_case_but_not_two_empty_ones():
    make_student(pseudo="Ada")
    make_student(pseudo="")
    make_student(pseudo="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_student(pseudo="aDA")


def test_a_student_sees_the_teachers_name_or_a_neutral_one_never_a_username(client):
    named = make_teacher("prof.turing", first_name="Alan", last_name="Turing")
    anonymous = make_teacher("prof.hopper")
    student = make_student("eleve.ada")
    for teacher in (named, anonymous):
        Enrollment.objects.create(student=student, classroom=Classroom.objects.create(name="NSI", teacher=teacher))
    client.force_login(student)

    for url in ("/classes/", "/accounts/profile/"):
        page = client.get(url).content.decode()
        assert "Alan Turing" in page and anonymous.public_name in page
        assert anonymous.public_name.startswith("Professeur n° ")
        assert "prof." not in page


def test_the_admin_keeps_usernames_and_pseudos_apart(client):
    make_student("eleve.ada", pseudo="Comtesse")
    admin = User.objects.create_superuser("directeur", password=PASSWORD, role="admin")
    client.force_login(admin)

    added = client.post(
        "/admin/accounts/user/add/",
        {"username": "COMTESSE", "password1": PASSWORD, "password2": PASSWORD, "role": "eleve", "pseudo": ""},
    )

    assert "Cet identifiant est déjà utilisé par un autre compte." in added.content.decode()
    assert not User.objects.filter(username__iexact="comtesse").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_empties_the_pseudos_that_clash_before_adding_the_constraint():
    before = [("accounts", "0001_initial")]
    MigrationExecutor(connection).migrate(before)
    old_user = MigrationExecutor(connection).loader.project_state(before).apps.get_model("accounts", "User")
    accounts = [("ada", "Comtesse"), ("ada2", "COMTESSE"), ("alan", "grace"), ("grace", ""), ("linus", "Linus")]
    for username, pseudo in accounts:
        old_user.objects.create(username=username, pseudo=pseudo)

    # Every app: going back to accounts 0001 also unapplied the apps that depend on it.
    call_command("migrate", verbosity=0)

    assert dict(User.objects.values_list("username", "pseudo")) == {
        "ada": "Comtesse",  # the oldest keeps it
        "ada2": "",  # the same pseudo in capitals
        "alan": "",  # another account's username
        "grace": "",
        "linus": "",  # its own username, which the leaderboard would show
    }


@pytest.mark.parametrize(
    ("pseudo", "message"),
    [("Ada\x00", "Le caractère nul n’est pas autorisé."), ("\u202eadA", "caractères de contrôle ou invisibles")],
    ids=["NUL", "right-to-left override"],
)
def test_a_pseudo_with_control_characters_is_refused(client, pseudo, message):
    student = make_student("eleve.ada")
    client.force_login(student)

    response = client.post("/accounts/profile/", {"pseudo": pseudo})

    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=student.pk).pseudo == ""


def test_a_pseudo_taken_between_the_check_and_the_save_gives_the_form_back():
    """Two sign-ups with one pseudo at the same moment: the constraint decides, no 500."""
    from accounts.forms import SignUpForm
    from accounts.views import NAME_TAKEN_MEANWHILE, save_unless_taken

    form = SignUpForm({"username": "eleve.grace", "pseudo": "Grace", "password1": PASSWORD, "password2": PASSWORD})
    assert form.is_valid()
    make_student("eleve.hopper", pseudo="grace")  # the other request wins the race

    assert save_unless_taken(form) is None
    assert NAME_TAKEN_MEANWHILE in form.non_field_errors()
    assert not User.objects.filter(username="eleve.grace").exists()
