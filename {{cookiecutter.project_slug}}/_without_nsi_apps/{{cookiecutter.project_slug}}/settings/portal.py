"""Your apps and user model.

This project was generated without the NSI apps: Django's defaults. base.py reads these
names; add your own apps to APPS.
"""

APPS: list[str] = []
AUTH_USER_MODEL = "auth.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# No sandbox without the Python exercises.
SANDBOX: dict = {}
