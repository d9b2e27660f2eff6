"""The one line logged when a server process starts: which cache, sessions and database."""

import logging

from django.conf import settings
from django.db import connection

from .settings.cache_layout import describe

logger = logging.getLogger(__name__)


def database_summary() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite ({params['NAME']})"
    # Host and database name only: never the password.
    return f"{connection.vendor} ({params.get('HOST') or 'socket'}/{params['NAME']})"


def log_startup() -> str:
    line = f"Démarrage : {describe(settings.CACHES, settings.SESSION_ENGINE)}, base={database_summary()}"
    logger.info(line)
    return line
