"""Production (Railway): no debug, required secret, HTTPS behind the edge, cached templates."""

from django.core.exceptions import ImproperlyConfigured

from ..middleware import HEALTHCHECK_HOST
from .base import *  # noqa: F403
from .base import (
    CACHE_CONFIG,
    MIDDLEWARE,
    REDIS_URL,
    SECRET_KEY,
    TEMPLATES,
    cache_layout,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_str,
)

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY manquant : définissez la variable d'environnement SECRET_KEY en production.")

# --- Hosts ---------------------------------------------------------------------------------
# Railway gives the public domain; custom domains are added as a comma-separated list.
PUBLIC_DOMAINS = env_list("RAILWAY_PUBLIC_DOMAIN") + env_list("CUSTOM_DOMAINS")
# Railway's healthcheck host is allowed here, and refused on every path but /health/ by the
# first middleware (a host is either allowed everywhere or nowhere in ALLOWED_HOSTS).
ALLOWED_HOSTS = PUBLIC_DOMAINS + env_list("ALLOWED_HOSTS") + [HEALTHCHECK_HOST]
CSRF_TRUSTED_ORIGINS = [f"https://{domain}" for domain in PUBLIC_DOMAINS]
MIDDLEWARE = ["{{ cookiecutter.project_slug }}.middleware.HealthcheckHostMiddleware", *MIDDLEWARE]

# --- Cache ---------------------------------------------------------------------------------
ENVIRONMENT_NAME = env_str("RAILWAY_ENVIRONMENT_NAME", "production")
CACHES, SESSION_ENGINE, SESSION_CACHE_ALIAS = cache_layout(REDIS_URL, ENVIRONMENT_NAME, **CACHE_CONFIG)

# --- E-mail --------------------------------------------------------------------------------
# No server named: nothing is sent (never a reset link printed into the logs); startup.py warns.
EMAIL_FALLBACK = "dummy"
globals().update(email_config(env_str, env_int, env_bool, EMAIL_FALLBACK))

# --- Client address ------------------------------------------------------------------------
# Railway's edge appends the address it saw to X-Forwarded-For: the right-most entry, which no
# client can forge, is what the login limits count (throttling/client_address.py).
THROTTLE_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")

# --- HTTPS ---------------------------------------------------------------------------------
# Railway's edge terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The healthcheck calls plain http on the private network: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30, minimum=0)
# The site's own subdomains (none on *.up.railway.app) are https too. Set it false if the custom
# domain is an apex whose other subdomains still serve plain http: that choice then silences W005.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a request to the browsers' list (hstspreload.org) for the registrable domain,
# which *.up.railway.app is not: a decision for the domain's owner, not a default.
SECURE_HSTS_PRELOAD = False
# No e-mail server named: nothing is sent, on purpose, and each start says so (startup.py);
# Django 6.1's check of the development-only backend (mail.E001) would fail `check --deploy`.
EMAIL_UNSET = not (env_str("EMAIL_URL") or env_str("EMAIL_HOST"))
SILENCED_SYSTEM_CHECKS = (
    ["security.W021"]
    + ([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"])
    + (["mail.E001"] if EMAIL_UNSET else [])
)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- Templates -----------------------------------------------------------------------------
# Compiled templates kept in memory for the life of the process. APP_DIRS must be False
# when "loaders" is set: setting both makes Django refuse to start.
TEMPLATES = [
    {
        **TEMPLATES[0],
        "APP_DIRS": False,
        "OPTIONS": {
            **TEMPLATES[0]["OPTIONS"],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
        },
    }
]

# --- Static files --------------------------------------------------------------------------
# Hashed, compressed files collected at build time; WhiteNoise serves them with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
