"""The one line logged when a server process starts: which cache, sessions and database.

gunicorn loads the application once in its master (``preload_app``), so a replica logs it once.
"""

import logging

from django.conf import settings
from django.db import connection

from .middleware import HEALTHCHECK_HOST
from .settings import email
from .settings.cache_layout import describe

logger = logging.getLogger(__name__)


def database_summary() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite ({params['NAME']})"
    # Host and database name only: never the password.
    return f"{connection.vendor} ({params.get('HOST') or 'socket'}/{params['NAME']})"


def missing_domain() -> str:
    """In production, a site with no domain of its own answers 400 to everyone: say it at start."""
    if settings.DEBUG or [host for host in settings.ALLOWED_HOSTS if host != HEALTHCHECK_HOST]:
        return ""
    return "Aucun domaine : RAILWAY_PUBLIC_DOMAIN et CUSTOM_DOMAINS sont vides, seul /health/ répondra (README)."


def missing_email() -> str:
    """In production, no mail server means no password-reset e-mail: say it at start."""
    if settings.DEBUG or email.BACKENDS["dummy"] != email.mailer_of(settings)["BACKEND"]:
        return ""
    return (
        "Aucun envoi d'e-mail : EMAIL_URL (ou EMAIL_HOST) est vide, les e-mails de réinitialisation "
        "du mot de passe ne partent pas (README, « E-mails »)."
    )


def log_startup() -> str:
    line = (
        f"Démarrage : {describe(settings.CACHES, settings.SESSION_ENGINE)}, base={database_summary()}, "
        f"e-mail={email.describe(settings)}"
    )
    logger.info(line)
    for warning in (missing_domain(), missing_email()):
        if warning:
            logger.warning(warning)
    return line
