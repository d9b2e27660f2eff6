"""Build the e-mail settings from the environment: one EMAIL_URL, or the EMAIL_* variables.

EMAIL_URL forms (user and password percent-encoded, like REDIS_URL):

- ``smtp://user:password@smtp.example.org:587``: STARTTLS on port 587 (submission), none
  elsewhere; ``?tls=true`` or ``?ssl=true`` says it explicitly, ``?timeout=10`` bounds a send;
- ``smtps://user:password@smtp.example.org:465``: TLS from the first byte (port 465);
- ``console://``: printed on stdout (development); ``file:///chemin/dossier``: one file per
  message (browser tests read them); ``locmem://``: kept in memory (``django.core.mail.outbox``);
  ``dummy://``: sent nowhere.

Without EMAIL_URL, EMAIL_HOST names an SMTP server (EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL). With neither, ``fallback`` decides:
the console in development, nothing sent in production (startup.py warns at every start:
printing a reset link into the logs would hand over the account to whoever reads them).

Everything is first read into one *mailer* (``{"BACKEND": …, "OPTIONS": {…}}``), then written
as Django expects it: ``MAILERS["default"]`` from Django 6.1 on (the EMAIL_* settings are
deprecated there), the EMAIL_* settings on Django 5.2.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    "smtp": SMTP,
    "smtps": SMTP,
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
# A send that hangs must not hold a gunicorn thread until its timeout.
DEFAULT_TIMEOUT = 10
TRUE = {"1", "true", "yes", "on", "oui"}


def flag(query: dict, name: str) -> bool | None:
    values = query.get(name)
    return None if not values else values[-1].strip().lower() in TRUE


def from_url(url: str) -> dict:
    """The mailer for one EMAIL_URL. The error names the variable, never the password."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL : schéma « {scheme or '?'} » inconnu, attendu {', '.join(f'{name}://' for name in BACKENDS)}."
        )
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL : file:// sans dossier, par exemple file:///tmp/mails.")
        return {"BACKEND": BACKENDS[scheme], "OPTIONS": {"file_path": unquote(parts.path)}}
    if BACKENDS[scheme] != SMTP:
        return {"BACKEND": BACKENDS[scheme], "OPTIONS": {}}
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL : le port n'est pas un nombre.") from None
    if not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL : il manque le serveur, par exemple smtp://user:pass@smtp.example.org:587."
        )
    query = parse_qs(parts.query)
    use_ssl = flag(query, "ssl")
    use_ssl = scheme == "smtps" if use_ssl is None else use_ssl
    port = port or (465 if use_ssl else 587)
    use_tls = flag(query, "tls")
    use_tls = (port == 587 and not use_ssl) if use_tls is None else use_tls
    timeout = query.get("timeout", [str(DEFAULT_TIMEOUT)])[-1]
    if not timeout.isdigit() or int(timeout) < 1:
        raise ImproperlyConfigured(f"EMAIL_URL : timeout={timeout!r}, attendu un nombre de secondes.")
    return smtp(
        parts.hostname,
        port,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        use_tls,
        use_ssl,
        int(timeout),
    )


def smtp(host, port, username, password, use_tls, use_ssl, timeout) -> dict:
    if use_tls and use_ssl:
        raise ImproperlyConfigured("E-mail : STARTTLS (tls) et SSL s'excluent, choisissez l'un des deux.")
    options = {"host": host, "port": port, "username": username, "password": password}
    return {"BACKEND": SMTP, "OPTIONS": {**options, "use_tls": use_tls, "use_ssl": use_ssl, "timeout": timeout}}


def email_config(env_str, env_int, env_bool, fallback: str) -> dict:
    """The e-mail settings, read through settings/env.py's readers; ``fallback`` is a backend
    name of BACKENDS used when no server is named ("console" or "dummy")."""
    if url := env_str("EMAIL_URL"):
        mailer = from_url(url)
    elif host := env_str("EMAIL_HOST"):
        use_ssl = env_bool("EMAIL_USE_SSL", False)
        port = env_int("EMAIL_PORT", 465 if use_ssl else 587)
        mailer = smtp(
            host,
            port,
            env_str("EMAIL_HOST_USER"),
            env_str("EMAIL_HOST_PASSWORD"),
            env_bool("EMAIL_USE_TLS", port == 587 and not use_ssl),
            use_ssl,
            env_int("EMAIL_TIMEOUT", DEFAULT_TIMEOUT),
        )
    else:
        mailer = {"BACKEND": BACKENDS[fallback], "OPTIONS": {}}
    return as_settings(mailer)


# Django 5.2's names for a mailer's options.
LEGACY_NAMES = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
    "timeout": "EMAIL_TIMEOUT",
    "file_path": "EMAIL_FILE_PATH",
}


def as_settings(mailer: dict, version: tuple = django.VERSION) -> dict:
    if version >= (6, 1):
        return {"MAILERS": {"default": mailer}}
    return {
        "EMAIL_BACKEND": mailer["BACKEND"],
        **{LEGACY_NAMES[name]: value for name, value in mailer["OPTIONS"].items()},
    }


def mailer_of(settings) -> dict:
    """The default mailer as configured, whichever way this Django version reads it."""
    if hasattr(settings, "MAILERS"):
        return settings.MAILERS["default"]
    options = {name: getattr(settings, setting) for name, setting in LEGACY_NAMES.items() if hasattr(settings, setting)}
    return {"BACKEND": settings.EMAIL_BACKEND, "OPTIONS": options}


def describe(settings) -> str:
    """Where mail goes, for the startup line: backend and server, never the user or password."""
    mailer = mailer_of(settings)
    if mailer["BACKEND"] == SMTP:
        options = mailer["OPTIONS"]
        security = "ssl" if options.get("use_ssl") else "starttls" if options.get("use_tls") else "sans chiffrement"
        return f"smtp ({options.get('host')}:{options.get('port')}, {security})"
    return next((name for name, path in BACKENDS.items() if path == mailer["BACKEND"]), mailer["BACKEND"])
