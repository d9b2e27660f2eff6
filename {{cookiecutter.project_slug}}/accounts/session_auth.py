"""The user cached for request.user: no password hash, only the session HMAC of it.

``selectors.session_user`` is read from Redis on every request, and Redis never holds a
password hash (pickled values, readable by anyone who reaches Redis). So the cached instance
has its password deferred: code that needs it (a password change form's ``check_password``)
loads it from the database, one query, on the rare pages that do.

On every request, Django's ``auth.get_user()`` compares ``user.get_session_auth_hash()``, an
HMAC of the password hash, with the one the session stored at login: a password change then
ends the other sessions. The cached instance carries that HMAC, computed when it was cached
(every session holds it already: it is no new secret), with a fingerprint of the SECRET_KEY it
was computed with, so that after a key rotation it is computed again instead of trusted.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

CACHED_HASH = "_cached_session_auth_hash"

# Fingerprint by SECRET_KEY: asked on every signed-in request, and an HMAC costs more than the
# rest of the user check. Keyed by the key itself, so a rotated (or overridden) key gets its own.
_fingerprints: dict[str, str] = {}


def secret_fingerprint() -> str:
    """Which SECRET_KEY an HMAC was made with, without saying anything about the key."""
    secret = settings.SECRET_KEY
    try:
        return _fingerprints[secret]
    except KeyError:
        if len(_fingerprints) >= 8:
            _fingerprints.clear()  # tests overriding the key many times: start again
        digest = salted_hmac("accounts.session_auth.secret_fingerprint", "", secret, algorithm="sha256")
        _fingerprints[secret] = fingerprint = digest.hexdigest()[:16]
        return fingerprint


def without_password(user):
    """``user`` ready for the cache: its password hash dropped (deferred), its session HMAC kept."""
    setattr(user, CACHED_HASH, (secret_fingerprint(), user.get_session_auth_hash()))
    # A field missing from the instance's __dict__ is a deferred field: read, it is loaded
    # from the database; saved, the instance writes only the fields it has.
    del user.password
    return user


def cached_session_auth_hash(user) -> str | None:
    """The HMAC cached with ``user``, or None when it must be computed from the password hash."""
    if "password" in user.__dict__:
        # Loaded or changed (set_password) since it was cached: the HMAC may be stale.
        return None
    fingerprint, auth_hash = user.__dict__.get(CACHED_HASH, (None, None))
    return auth_hash if fingerprint == secret_fingerprint() else None
