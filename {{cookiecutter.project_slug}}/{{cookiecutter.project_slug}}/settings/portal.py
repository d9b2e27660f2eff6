"""The NSI portal's apps and its user model.

A project generated without the NSI apps gets another version of this file (same names,
Django's defaults): base.py reads these names and never needs to know which.
"""

APPS = ["accounts", "courses", "exercises", "gamification", "teaching"]
# Role, pseudo, XP and level live on the user itself.
AUTH_USER_MODEL = "accounts.User"
# request.user is read from the cache: a warm page costs no query (see accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.CachedUserBackend"]
