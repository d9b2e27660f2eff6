"""Railway infrastructure as code: ``railway config plan`` shows the changes, ``railway config apply`` makes them.

Three services on Railway's private network:

- ``web``: this repository, built by Railpack (requirements.txt, .python-version), static
  files collected at build time, migrations run by the pre-deploy command (once per deploy,
  whatever the number of replicas), gunicorn started on ``0.0.0.0:$PORT``, healthcheck /health/;
- ``Postgres``: Railway's managed PostgreSQL (created with a TCP proxy, DATABASE_PUBLIC_URL,
  that the project never uses: the README says how to remove it);
- ``Redis``: the official Redis image started as a cache: a memory cap and an eviction policy
  (README, « Déployer sur Railway »). Railway's managed Redis has no setting for either, and a
  ``CONFIG SET`` sent at deploy time would be lost at the next Redis restart.

The web service gets DATABASE_URL and REDIS_URL as references to the other two services, so
passwords live in one place. Two secrets are set once by hand and kept by ``preserve()``:
SECRET_KEY on web and REDIS_PASSWORD on Redis (the README gives the commands).
"""

from railway_sdk import define_railway, github, image, postgres, preserve, project, service, volume

PROJECT_NAME = "{{ cookiecutter.project_slug | replace('_', '-') }}"
GITHUB_REPOSITORY = "{{ cookiecutter.github_repository }}"
SETTINGS_MODULE = "{{ cookiecutter.project_slug }}.settings.prod"
WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi"
{%- if cookiecutter.include_nsi_apps %}
# The build also compiles the sandbox's CPython (~15 s, ~350 MB) into the image, under
# SANDBOX_CACHE_DIR: web processes then only map the file. Were the runtime's CPU to refuse it,
# the container's first validation compiles again, once: the others wait for its file.
BUILD_COMMAND = "python manage.py collectstatic --noinput && python manage.py compile_sandbox"
SANDBOX_CACHE_DIR = ".sandbox-cache"  # relative to the project, so inside the image
{%- else %}
BUILD_COMMAND = "python manage.py collectstatic --noinput"
{%- endif %}
# {%- raw %} (Railway's ${{...}} references follow: the template generator copies them as they are.)

# --- web --------------------------------------------------------------------------------------
PRE_DEPLOY_COMMAND = "python manage.py migrate --noinput"
START_COMMAND = f"gunicorn {WSGI_APPLICATION} --config gunicorn.conf.py --bind 0.0.0.0:$PORT"
HEALTHCHECK_PATH = "/health/"
WEB_CONCURRENCY = "2"  # gunicorn workers per replica

# --- Redis ------------------------------------------------------------------------------------
REDIS_IMAGE = "redis:8.2"
REDIS_DATA = "/data"
# Every key the project writes carries a TTL; when the memory cap is reached anyway, the least
# recently used keys go first, whether they have a TTL or not (README explains the choice).
REDIS_EVICTION_POLICY = "allkeys-lru"
REDIS_MAXMEMORY = "256mb"
REDIS_START_COMMAND = (
    "/bin/sh -c '"
    'test -n "$REDIS_PASSWORD" || { echo "REDIS_PASSWORD manquant sur le service Redis (README)." >&2; exit 1; }; '
    'exec redis-server --requirepass "$REDIS_PASSWORD" --maxmemory "${REDIS_MAXMEMORY:-256mb}" '
    f"--maxmemory-policy {REDIS_EVICTION_POLICY} --dir {REDIS_DATA}'"
)


# The Railway CLI calls ``main(ctx)`` with the linked environment only from version 5.52 on;
# older ones call ``main()``, and this file would silently plan one replica in production.
MINIMUM_CLI = "5.52"
NO_CONTEXT = (
    f"railway.py : main() appelé sans contexte d'environnement. Mettez à jour la CLI Railway "
    f"({MINIMUM_CLI} ou plus récente : railway upgrade), ou appliquez la configuration du README "
    "(« Le même déploiement à la main »)."
)


def replicas_for(ctx) -> int:
    """Two replicas in production (sessions and cache are shared through Redis), one elsewhere."""
    return 2 if ctx.is_environment("production") else 1


@define_railway
def main(ctx=None):
    if ctx is None:
        raise SystemExit(NO_CONTEXT)
    database = postgres("Postgres")
    redis_data = volume("redis-data")
    cache = service(
        "Redis",
        source=image(REDIS_IMAGE),
        start=REDIS_START_COMMAND,
        volumeMounts={REDIS_DATA: redis_data},
        deploy={"restartPolicyType": "ALWAYS"},
        env={
            "REDIS_PASSWORD": preserve(),
            "REDIS_MAXMEMORY": REDIS_MAXMEMORY,
            # Private network only: no TCP proxy, Redis is never reachable from the internet.
            "REDIS_URL": "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379/0",
        },
    )
    web = service(
        "web",
        source=github(GITHUB_REPOSITORY, branch="main"),
        build={"builder": "RAILPACK", "buildCommand": BUILD_COMMAND},
        preDeploy=PRE_DEPLOY_COMMAND,
        start=START_COMMAND,
        healthcheck=HEALTHCHECK_PATH,
        healthcheckTimeout=120,
        replicas=replicas_for(ctx),
        deploy={"restartPolicyType": "ON_FAILURE", "restartPolicyMaxRetries": 10},
        env={
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": database.env.DATABASE_URL,
            "REDIS_URL": cache.env.REDIS_URL,
            "SECRET_KEY": preserve(),
            "CUSTOM_DOMAINS": preserve(),
            # The e-mail relay (README, « E-mail »): set by hand, kept out of the repository.
            "EMAIL_URL": preserve(),
            "DEFAULT_FROM_EMAIL": preserve(),
            "WEB_CONCURRENCY": WEB_CONCURRENCY,
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
{%- endraw %}{% if cookiecutter.include_nsi_apps %}
            "SANDBOX_CACHE_DIR": SANDBOX_CACHE_DIR,
{%- endif %}{% raw %}
        },
    )
    return project(PROJECT_NAME, resources=[database, redis_data, cache, web])


# End of the Railway references.{% endraw %}
