"""Settings shared by every environment; dev.py, test.py and prod.py change only what differs.

Whatever depends on the machine comes from environment variables (`.env.example` lists
them all; a local `.env` is read in development). The defaults are the answers given when
the project was generated.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

from ..log_format import formatter_config
from ..security_headers import NONCE, static_file_headers
from . import portal
from .cache_layout import cache_layout, release_id
from .database import database_config
from .email import email_config
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
# A local .env never overrides a variable that the environment already sets.
load_dotenv(BASE_DIR / ".env")

# --- Project -------------------------------------------------------------------------------
PROJECT_NAME = {{ cookiecutter.project_name | tojson }}
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
# The DEBUG page and error reports mask the passwords inside URLs (REDIS_URL, DATABASE_URL…).
DEFAULT_EXCEPTION_REPORTER_FILTER = "{{ cookiecutter.project_slug }}.error_reporting.CredentialsReporterFilter"
# The environment name goes into every cache key, so staging and production can share a Redis.
ENVIRONMENT_NAME = env_str("RAILWAY_ENVIRONMENT_NAME", "dev")

# --- Applications --------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # intcomma: XP and other counts with the language's thousands separator ("12 500 XP").
    "django.contrib.humanize",
    # Before staticfiles: runserver then serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
PROJECT_APPS = [
    "caching",
    # Limits on failed logins, sign-ups and password resets (see "Authentication" below).
    "throttling",
    # The NSI apps (see portal.py: empty in a project generated without them).
    *portal.APPS,
]
INSTALLED_APPS = DJANGO_APPS + PROJECT_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise asks: static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Permissions-Policy, Cache-Control: private (security_headers.py); static files skip it.
    "{{ cookiecutter.project_slug }}.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the view: one MGET for the session's user row and the keys a cached_page view reads.
    "caching.pages.PrefetchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # What needs Redis and cannot fall back (sessions with SESSION_STORE=cache) answers 503, not 500.
    "caching.middleware.RedisOutageMiddleware",
    # After CSRF: refuses a login, sign-up or password reset past its limit (429), before the view.
    "throttling.middleware.ThrottleMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.project_slug }}.urls"
WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi.application"

# --- Security headers ----------------------------------------------------------------------
# Content-Security-Policy (security_headers.py): the site's own files only, no inline code
# except an element carrying the page's nonce. To allow another origin (an image host, an
# embedded video), add it to the directive it needs, e.g. "frame-src": ["https://www.youtube-nocookie.com"].
# NONCE becomes this response's 'nonce-…' when a template printed csp_nonce, and is dropped otherwise.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", NONCE],
    "style-src": ["'self'", NONCE],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# A Web Worker's own policy (a static script named *_worker.js): Pyodide's compiles WebAssembly
# and fetches only the site's files, whatever the code it runs asks for.
WORKER_CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "connect-src": ["'self'"],
}
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
# Browser features no page of the portal uses: denied to the site and anything it embeds.
PERMISSIONS_POLICY = {feature: [] for feature in ("camera", "microphone", "geolocation", "payment", "usb")}
# Django's SecurityMiddleware already sends Referrer-Policy: same-origin (SECURE_REFERRER_POLICY),
# X-Content-Type-Options: nosniff and Cross-Origin-Opener-Policy: same-origin; X-Frame-Options: DENY
# comes from XFrameOptionsMiddleware.

# --- Messages ------------------------------------------------------------------------------
# Django's cookie-then-session storage, whose cookie signer is built only for a message (message_storage.py).
MESSAGE_STORAGE = "{{ cookiecutter.project_slug }}.message_storage.FallbackStorage"

# --- Templates -----------------------------------------------------------------------------
# No "loaders" here: Django then wraps the filesystem and app loaders in the cached loader
# itself (reloading on change while DEBUG is on). prod.py lists the loaders explicitly, and
# must set APP_DIRS=False to do so: both at once raise ImproperlyConfigured.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "{{ cookiecutter.project_slug }}.context_processors.project",
                # csp_nonce, for the rare inline <style> or <script> (see security_headers.py).
                "{{ cookiecutter.project_slug }}.context_processors.csp",
                # csrf_token, as Django's own processor gives it but masked from one random draw.
                "{{ cookiecutter.project_slug }}.context_processors.csrf",
                # user itself rather than auth's lazy request.user: cheaper to read in templates.
                "{{ cookiecutter.project_slug }}.context_processors.user",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
# DATABASE_URL (PostgreSQL on Railway); SQLite next to manage.py when it is not set.
# PostgreSQL gets a connection timeout, and in the web process a statement timeout that
# gunicorn.conf.py sizes from GUNICORN_TIMEOUT: a database that hangs ends on the error page
# (and 503 on /health/) within seconds, not on gunicorn's bare error after its timeout.
# Management commands (migrate) have no statement timeout unless DB_STATEMENT_TIMEOUT is set.
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each gunicorn thread keeps its own connection: WEB_CONCURRENCY x GUNICORN_THREADS per replica.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600, minimum=0),
        connect_timeout=env_int("DB_CONNECT_TIMEOUT", 5),
        statement_timeout=env_int("DB_STATEMENT_TIMEOUT", 0, minimum=0),
        gunicorn_timeout=env_int("GUNICORN_TIMEOUT", 30),
    )
}
{%- if cookiecutter.django_version == "5.2" %}
# Django 6.0 made it the default (django-upgrade, in pre-commit, removes it there).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
{%- endif %}

# --- Cache and sessions --------------------------------------------------------------------
# See cache_layout.py: Redis when REDIS_URL is set, otherwise LocMem with database sessions.
REDIS_URL = env_str("REDIS_URL")
CACHE_CONFIG = {
    "prefix": env_str("CACHE_KEY_PREFIX", "{{ cookiecutter.cache_key_prefix }}"),
    "release": release_id(os.environ),
    "default_timeout": env_int("CACHE_DEFAULT_TIMEOUT", {{ cookiecutter.cache_default_timeout }}),
    "max_connections": env_int("REDIS_MAX_CONNECTIONS", {{ cookiecutter.redis_max_connections }}),
    "socket_timeout": env_int("REDIS_SOCKET_TIMEOUT", {{ cookiecutter.redis_socket_timeout }}),
    # cached_db: Redis in front of the database; cache: Redis alone; db: database alone.
    "session_store": env_str("SESSION_STORE", "{{ cookiecutter.session_engine }}"),
}
CACHES, SESSION_ENGINE, SESSION_CACHE_ALIAS = cache_layout(REDIS_URL, ENVIRONMENT_NAME, **CACHE_CONFIG)
# django-redis's default (connections stay in the pool), said here because it reads this setting for
# each cache at the end of every request: a missing setting is two exceptions each time.
DJANGO_REDIS_CLOSE_CONNECTION = False

# The cache tiers (seconds): long = course list, chapter content, badges; medium =
# leaderboard, user stats; short = chapter progress, recent attempts. Submissions and
# profiles are never cached.
CACHE_TTL = {
    "long": env_int("CACHE_TTL_LONG", {{ cookiecutter.cache_ttl_long }}),
    "medium": env_int("CACHE_TTL_MEDIUM", {{ cookiecutter.cache_ttl_medium }}),
    "short": env_int("CACHE_TTL_SHORT", {{ cookiecutter.cache_ttl_short }}),
}
# The cache layer's speed-ups (caching/speedups.py): "fragments" (cached HTML), "prefetch"
# (one MGET per page), "render_once" (per-process memos of the layout). Switch one off to
# measure or debug it, e.g. {"prefetch": False}; unset, fragments and memos are off with DEBUG.
CACHING_SPEEDUPS: dict[str, bool] = {}

# --- Authentication ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = portal.AUTH_USER_MODEL
AUTHENTICATION_BACKENDS = portal.AUTHENTICATION_BACKENDS
# Limits of the sandbox that runs students' Python (empty without the NSI apps).
SANDBOX = portal.SANDBOX
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Attempt limits, "count/period" (s, m or h), counted in Redis (throttling/rules.py). Failed
# logins only, never successful ones: a whole class logging in from one school address in the
# same minute spends the per-address budget on its typing mistakes alone.
THROTTLE_RATES = {
    "login_account": env_str("THROTTLE_LOGIN_ACCOUNT", "10/15m"),
    "login_address": env_str("THROTTLE_LOGIN_ADDRESS", "60/15m"),
    "signup_address": env_str("THROTTLE_SIGNUP_ADDRESS", "60/h"),
    "password_reset_account": env_str("THROTTLE_PASSWORD_RESET_ACCOUNT", "3/h"),
    "password_reset_address": env_str("THROTTLE_PASSWORD_RESET_ADDRESS", "20/h"),
}
# Where the client's address comes from (throttling/client_address.py): empty = REMOTE_ADDR,
# right for runserver; prod.py reads X-Forwarded-For, of which the last TRUSTED_PROXY_COUNT-th
# entry from the right is the one Railway's edge added (the client can write the others).
THROTTLE_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
THROTTLE_TRUSTED_PROXIES = env_int("TRUSTED_PROXY_COUNT", 1)

# --- E-mail --------------------------------------------------------------------------------
# Password-reset e-mails (email.py): EMAIL_URL=smtp://user:password@smtp.example.org:587, or
# EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS/EMAIL_USE_SSL. With
# neither, the console in development; prod.py sends nothing and startup.py warns.
EMAIL_FALLBACK = "console"
globals().update(email_config(env_str, env_int, env_bool, EMAIL_FALLBACK))
# The sender of every e-mail; the provider usually insists it is a verified address of yours.
# Empty counts as unset: Railway's preserve() may hand an empty value before one is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or {{ ("webmaster@" ~ cookiecutter.project_slug|replace('_', '-') ~ ".invalid") | tojson }}
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A reset link is valid this long (seconds; Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

# --- Internationalisation ------------------------------------------------------------------
# The interface is written in French (templates, messages): not a setting to translate it.
LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "{{ cookiecutter.time_zone }}"
USE_I18N = True
USE_TZ = True
# USE_THOUSAND_SEPARATOR stays off: it would group every number a template prints, ids in
# attributes and URLs included (id="badge-1 234"). Counts meant for reading use |intcomma.

# --- Static files --------------------------------------------------------------------------
# Served by WhiteNoise from the app itself: no CDN, nothing to configure on Railway.
STATIC_URL = "static/"
# Where collectstatic writes (at build time on Railway); overridable for tests and containers.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Logging -------------------------------------------------------------------------------
# One record per line on stdout. LOG_FORMAT=json (set on Railway) writes JSON objects whose
# "level" Railway's log view shows and filters on; text (default) is for a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"stdout": formatter_config()},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "stdout"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "{{ cookiecutter.project_slug }}": {"level": env_str("LOG_LEVEL", "INFO")},
        "caching": {"level": env_str("LOG_LEVEL", "INFO")},
        # Bots probe public sites with made-up Host headers: Django already answers 400, and an
        # error with a traceback for each probe would bury the real errors in Railway's logs.
        "django.security.DisallowedHost": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
