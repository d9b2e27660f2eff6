"""gunicorn settings for Railway, read by the start command (``--config gunicorn.conf.py``).

The start command itself binds ``0.0.0.0:$PORT`` (Railway gives PORT). The worker count comes
from WEB_CONCURRENCY, declared on the web service in .railway/railway.py; the threads per
worker from GUNICORN_THREADS.
"""

import gc
import os
{%- if cookiecutter.include_nsi_apps %}
import threading
{%- endif %}

from gunicorn import glogging

from {{ cookiecutter.project_slug }}.log_format import formatter_config


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} : attendu un entier >= 1.")
    return int(raw)


def env_seconds(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit():
        raise SystemExit(f"{name}={raw!r} : attendu un entier >= 0.")
    return int(raw)


# Threaded workers: each process serves GUNICORN_THREADS requests at once, so a few slow
# requests (a login hashes its password for ~0.3 s of CPU, a query waits on the database)
# do not hold every page of the replica behind them, as one-request-at-a-time sync workers do.
# Each thread keeps its own database connection (DB_CONN_MAX_AGE): a replica holds up to
# WEB_CONCURRENCY x GUNICORN_THREADS PostgreSQL connections, and each process up to
# GUNICORN_THREADS Redis connections of its REDIS_MAX_CONNECTIONS.
worker_class = "gthread"
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# among them. On one shared socket, the first worker awake took every connection opened at once
# (a proxy's, a benchmark's) and kept them alive: one process, so one core, served them all.
reuse_port = True
workers = env_int("WEB_CONCURRENCY", 2)
{%- if cookiecutter.include_nsi_apps %}
# 16 threads: a Python validation holds its thread while it waits for a sandbox slot (the
# sandbox runs outside the GIL, sandbox/admission.py), so a class pressing "Valider" at once
# must leave threads to the pages. Measured on 2 cores, 2 processes: 30 validations at once,
# pages kept a p99 under 40 ms; with 4 threads, every thread waited and pages took seconds.
# The sandbox's queue is sized from this number (GUNICORN_THREADS, exported below).
threads = env_int("GUNICORN_THREADS", min(16, env_int("REDIS_MAX_CONNECTIONS", {{ cookiecutter.redis_max_connections }})))
os.environ["GUNICORN_THREADS"] = str(threads)
{%- else %}
threads = env_int("GUNICORN_THREADS", 4)
{%- endif %}
if threads > env_int("REDIS_MAX_CONNECTIONS", {{ cookiecutter.redis_max_connections }}):
    raise SystemExit(f"GUNICORN_THREADS={threads} : dépasse REDIS_MAX_CONNECTIONS (une connexion Redis par thread).")
# With threads, this restarts a worker whose main loop is stuck, but no longer cuts one slow
# request short (the loop keeps answering gunicorn): the database timeouts below bound those.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# The web process's database statement timeout, from gunicorn's own (settings/database.py):
# PostgreSQL cancels a query at half of it, so the visitor gets the error page rather than a
# request that waits. Management commands (migrate) start without it.
os.environ["DB_STATEMENT_TIMEOUT"] = str(env_seconds("DB_STATEMENT_TIMEOUT", timeout // 2))
# Railway stops the old deployment with SIGTERM: let requests in flight finish.
graceful_timeout = 20
# Load Django once in the master: workers fork ready, and the startup line is logged once.
# Nothing opens a database or Redis connection at import time, so no socket is shared.
preload_app = True
# gunicorn's control socket (for gunicornc) is not used on Railway; it would also make two
# servers started from the same home directory fight over one socket file.
control_socket_disable = True

# gunicorn's own messages on stdout, in the same format as Django's (LOG_FORMAT). Access logs
# are left to Railway's HTTP logs; set GUNICORN_ACCESS_LOG=true to have them here too.
ACCESS_LOG = os.environ.get("GUNICORN_ACCESS_LOG", "").lower() == "true"


class Logger(glogging.Logger):
    """gunicorn's logger, which builds no access line when access logs are off.

    With a logging configuration (logconfig_dict below), gunicorn formats every request's
    fields (time, headers) before the access logger's level drops the line.
    """

    def access(self, resp, req, environ, request_time):
        if ACCESS_LOG:
            super().access(resp, req, environ, request_time)


logger_class = Logger
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"stdout": formatter_config()},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "stdout"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["stdout"],
            "level": "INFO" if ACCESS_LOG else "WARNING",
            "propagate": False,
        },
    },
}

# The garbage collector's full collections walk every object a worker holds, most of them
# loaded once and kept for its life (Django, the apps, compiled templates and URL patterns):
# tens of milliseconds each, about every hundred requests. Frozen objects are never walked: the
# application loaded in the master (preload_app), frozen before the workers fork (the collector
# then no longer writes to the memory pages they share), then in each worker what its first
# requests built. An object frozen and later left in a reference cycle is never freed: the
# freezes happen once, after a collection.
FREEZE_AFTER_REQUESTS = 200


def when_ready(server):
    gc.collect()
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr >= FREEZE_AFTER_REQUESTS and not getattr(worker, "gc_frozen", False):
        worker.gc_frozen = True
        gc.collect()  # today's garbage first: frozen, it would never be freed
        gc.freeze()
{%- if cookiecutter.include_nsi_apps %}


def post_worker_init(worker):
    """Each worker builds its sandbox runtime as it starts, not on the class's first "Valider".

    In a thread: a worker whose compiled module is missing compiles it (10 to 20 s) without
    holding up its boot past gunicorn's timeout; validations meanwhile wait for it.
    """
    from sandbox import runtime

    threading.Thread(target=runtime.warm_up, name="sandbox-warm-up", daemon=True).start()
{%- endif %}
