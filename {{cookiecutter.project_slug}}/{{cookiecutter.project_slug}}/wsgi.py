"""WSGI entry point for gunicorn (production settings unless DJANGO_SETTINGS_MODULE says otherwise)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings.prod")

application = get_wsgi_application()

from {{ cookiecutter.project_slug }}.startup import log_startup  # noqa: E402  (needs Django set up)

log_startup()
