"""E-mail settings, the password reset and change pages, and the logout message.

The reset runs end to end with the locmem backend (pytest-django's): the e-mail is sent, in
French, its link opens the site's own page, the new password logs in, the request is limited.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from {{ cookiecutter.project_slug }}.settings import email
from {{ cookiecutter.project_slug }}.startup import log_startup

from .test_production import RAILWAY, SECRET, in_production

PASSWORD = "Tri-Fusion-Recursif-2026"
SMTP_PASSWORD = "s3cr3t/p@ss"  # percent-encoded in the URL below


@pytest.fixture
def ada():
    # Tests ask for db, or transactional_db where the cached user must be invalidated on commit.
    return get_user_model().objects.create_user("ada", email="ada@example.org", password=PASSWORD)


# --- Settings ----------------------------------------------------------------------------------
def test_an_email_url_gives_the_smtp_mailer_with_starttls_on_587():
    mailer = email.from_url("smtp://apikey:s3cr3t%2Fp%40ss@smtp-relay.brevo.com:587")
    assert mailer == {
        "BACKEND": email.SMTP,
        "OPTIONS": {
            "host": "smtp-relay.brevo.com",
            "port": 587,
            "username": "apikey",
            "password": SMTP_PASSWORD,
            "use_tls": True,
            "use_ssl": False,
            "timeout": email.DEFAULT_TIMEOUT,
        },
    }


def test_the_mailer_is_written_as_each_django_version_reads_it():
    mailer = email.from_url("smtps://u:p@smtp.example.org")
    assert email.as_settings(mailer, (6, 1)) == {"MAILERS": {"default": mailer}}
    legacy = email.as_settings(mailer, (5, 2))
    assert (legacy["EMAIL_BACKEND"], legacy["EMAIL_HOST"]) == (email.SMTP, "smtp.example.org")
    assert legacy["EMAIL_PORT"] == 465
    assert (legacy["EMAIL_USE_SSL"], legacy["EMAIL_HOST_PASSWORD"]) == (True, "p")


def test_the_settings_use_the_current_way_of_this_django_version(settings):
    import django

    assert hasattr(settings, "MAILERS") == (django.VERSION >= (6, 1))
    # pytest-django swaps in the locmem backend, whichever way it is configured.
    assert email.mailer_of(settings)["BACKEND"] == email.BACKENDS["locmem"]


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtps://u:p@smtp.example.org", 465, False, True),
        ("smtp://u:p@smtp.example.org:2525?tls=true&timeout=5", 2525, True, False),
        ("smtp://smtp.example.org:25", 25, False, False),
    ],
)
def test_the_url_says_how_the_connection_is_secured(url, port, tls, ssl):
    options = email.from_url(url)["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (port, tls, ssl)


def test_test_backends_are_chosen_by_url(tmp_path):
    assert email.from_url("locmem://")["BACKEND"].endswith("locmem.EmailBackend")
    file_based = {"BACKEND": email.BACKENDS["file"], "OPTIONS": {"file_path": str(tmp_path)}}
    assert email.from_url(f"file://{tmp_path}") == file_based


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("smpt://u:p@host:587", "schéma « smpt » inconnu"),
        ("smtp://u:p@host:587?tls=true&ssl=true", "(tls) et SSL s'excluent"),
        ("smtp://u:p@host:port", "le port n'est pas un nombre"),
        ("file://", "file:// sans dossier"),
    ],
)
def test_a_bad_email_url_is_refused_in_french_without_its_password(url, error):
    with pytest.raises(ImproperlyConfigured) as refused:
        email.from_url(url)
    assert error in str(refused.value)
    assert ":p@" not in str(refused.value)


def test_the_email_host_variables_work_without_a_url():
    environ = {"EMAIL_HOST": "in-v3.mailjet.com", "EMAIL_HOST_USER": "key", "EMAIL_HOST_PASSWORD": SMTP_PASSWORD}
    config = email.email_config(
        lambda name, default="": environ.get(name, default),
        lambda name, default, minimum=1: default,
        lambda name, default: default,
        fallback="dummy",
    )
    mailer = config["MAILERS"]["default"] if "MAILERS" in config else email.mailer_of(type("S", (), config))
    options = mailer["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"]) == ("in-v3.mailjet.com", 587, True)
    assert options["password"] == SMTP_PASSWORD


def test_production_without_a_mail_server_sends_nothing_and_warns_at_start():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from {{ cookiecutter.project_slug }}.settings.email import mailer_of; print(mailer_of(s)['BACKEND']); "
        "from {{ cookiecutter.project_slug }}.startup import missing_email; print(missing_email())"
    )
    result = in_production(code, SECRET_KEY=SECRET, **RAILWAY)
    assert result.returncode == 0, result.stderr
    backend, warning = result.stdout.strip().splitlines()
    assert backend == email.BACKENDS["dummy"]
    assert warning.startswith("Aucun envoi d'e-mail : EMAIL_URL (ou EMAIL_HOST) est vide")


def test_production_with_an_email_url_logs_the_server_never_the_password():
    url = "smtp://apikey:s3cr3t%2Fp%40ss@smtp.postmarkapp.com:587"
    code = (
        "import logging, django; django.setup(); "
        "from {{ cookiecutter.project_slug }}.startup import log_startup, missing_email; "
        "print(log_startup()); print(repr(missing_email()))"
    )
    result = in_production(code, SECRET_KEY=SECRET, EMAIL_URL=url, **RAILWAY)
    assert result.returncode == 0, result.stderr
    assert "e-mail=smtp (smtp.postmarkapp.com:587, starttls)" in result.stdout
    assert "''" in result.stdout  # no warning
    for secret in ("s3cr3t", "apikey"):
        assert secret not in result.stdout + result.stderr


def test_development_prints_mails_on_the_console(settings):
    # base.py's fallback; the test run itself uses locmem (pytest-django).
    assert settings.EMAIL_FALLBACK == "console"
    assert "e-mail=" in log_startup()


# --- Pages -------------------------------------------------------------------------------------
def test_the_login_page_links_to_the_reset(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/">Mot de passe oublié ?</a>' in page


def reset_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_forgotten_password_is_reset_by_email_end_to_end(client, db, ada, redis_connection):
    page = client.get("/accounts/password_reset/").content.decode()
    assert "Mot de passe oublié" in page and "admin" not in page.lower()

    response = client.post("/accounts/password_reset/", {"email": "ada@example.org"}, follow=True)
    assert "Vérifiez votre messagerie" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "Réinitialisation de votre mot de passe · {{ cookiecutter.project_name }}"
    assert "« ada »" in message.body and "{{ cookiecutter.project_name }}" in message.body
    assert "Le lien ne sert qu'une fois" in message.body

    form = client.get(reset_link(message), follow=True)
    assert "Nouveau mot de passe" in form.content.decode()
    new = "Parcours-En-Largeur-2026"
    # A mismatch comes back in French, next to the field.
    mismatch = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new + "x"})
    assert "Les deux mots de passe ne correspondent pas." in mismatch.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Votre nouveau mot de passe est enregistré." in done.content.decode()

    assert client.login(username="ada", password=new)
    assert not client.login(username="ada", password=PASSWORD)
    # The link is spent.
    client.logout()
    assert "n'est plus valable" in client.get(reset_link(message), follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, redis_connection):
    response = client.post("/accounts/password_reset/", {"email": "personne@example.org"}, follow=True)
    assert "Si un compte utilise cette adresse" in response.content.decode()
    assert mail.outbox == []


def test_reset_requests_are_throttled_after_the_limit(client, db, ada, redis_connection, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_reset_account": "2/h"}
    codes = [client.post("/accounts/password_reset/", {"email": "ada@example.org"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_the_password_change_page_is_the_sites_own_and_needs_a_login(client, transactional_db, ada):
    assert client.get("/accounts/password_change/")["Location"].startswith("/accounts/login/")
    client.force_login(ada)
    page = client.get("/accounts/password_change/").content.decode()
    assert "Changer de mot de passe" in page and "Ancien mot de passe" in page
    new = "Pile-Et-File-2026"
    form = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    wrong = client.post("/accounts/password_change/", {**form, "old_password": "faux"})
    assert "Votre ancien mot de passe est incorrect" in wrong.content.decode()
    done = client.post("/accounts/password_change/", form, follow=True)
    assert "Votre nouveau mot de passe est enregistré." in done.content.decode()
    ada.refresh_from_db()
    assert ada.check_password(new)


def test_logging_out_says_so_on_the_next_page(client, db, ada):
    client.force_login(ada)
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Vous êtes déconnecté. À bientôt !" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/logout/").status_code == 405
