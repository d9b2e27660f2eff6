"""Authentication backend that reads request.user from the cache."""

from django.contrib.auth.backends import ModelBackend

from .selectors import session_user


class CachedUserBackend(ModelBackend):
    """ModelBackend, except that the user row of a logged-in request comes from the cache.

    Every change of the user row deletes the cached one (selectors.session_user), so a
    deactivated account or a changed password takes effect on the next request. The cached
    row has no password hash, only the session HMAC Django checks (accounts/session_auth.py).
    """

    def get_user(self, user_id):
        user = session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
