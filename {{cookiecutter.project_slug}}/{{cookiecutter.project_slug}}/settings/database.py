"""Build DATABASES from DATABASE_URL, with timeouts so that a database that hangs fails fast.

Without them, a PostgreSQL server that accepts connections and never answers (overloaded,
half-restarted, a network that drops packets) makes every request that touches the database
wait until gunicorn kills the worker (GUNICORN_TIMEOUT), and the visitor gets gunicorn's bare
"Internal Server Error". With them:

- ``connect_timeout`` (libpq, seconds): opening a connection gives up after this long, and
  Django raises OperationalError: the error page (handler500), and 503 on /health/;
- ``statement_timeout`` (server side, 0 = none): PostgreSQL cancels a query that runs
  longer, before gunicorn's own timeout, so a slow query also ends on the error page.
  gunicorn.conf.py sets it for the web process (half of GUNICORN_TIMEOUT); management
  commands such as ``migrate`` keep none, since an index build may rightly take minutes.

Together they stay below GUNICORN_TIMEOUT (checked here): a request connects, then runs its
queries, and must still end before gunicorn gives up on it.
"""

from __future__ import annotations

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

POSTGRES_ENGINES = ("django.db.backends.postgresql",)


def check_timeouts(connect_timeout: int, statement_timeout: int, gunicorn_timeout: int) -> None:
    if connect_timeout + statement_timeout >= gunicorn_timeout:
        raise ImproperlyConfigured(
            f"DB_CONNECT_TIMEOUT ({connect_timeout} s) + DB_STATEMENT_TIMEOUT ({statement_timeout} s) "
            f"doit rester sous GUNICORN_TIMEOUT ({gunicorn_timeout} s)."
        )


def with_timeouts(config: dict, connect_timeout: int, statement_timeout: int) -> dict:
    """The config with PostgreSQL's timeouts added (values already in the URL's query win)."""
    if config.get("ENGINE") not in POSTGRES_ENGINES:
        return config
    options = dict(config.get("OPTIONS", {}))
    options.setdefault("connect_timeout", connect_timeout)
    server_options = str(options.get("options", ""))
    if statement_timeout and "statement_timeout" not in server_options:
        options["options"] = f"{server_options} -c statement_timeout={statement_timeout * 1000}".strip()
    return {**config, "OPTIONS": options}


def database_config(
    url: str, *, conn_max_age: int, connect_timeout: int, statement_timeout: int, gunicorn_timeout: int
) -> dict:
    """The ``default`` database: DATABASE_URL's, with connection reuse, health checks and timeouts."""
    check_timeouts(connect_timeout, statement_timeout, gunicorn_timeout)
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    return with_timeouts(config, connect_timeout, statement_timeout)
