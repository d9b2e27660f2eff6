"""The CSRF token printed in a page's forms: Django's token, masked from one draw of random bytes.

Every signed-in page prints one, for its logout button. Django's ``get_token()`` masks the
secret with 32 characters drawn one by one (``secrets.choice``: a system call and a few hundred
interpreter steps each), about a tenth of a signed-in page's work. Here the 32 characters come
from one ``os.urandom`` call, each byte kept only below 248 (4 × 62) so that every character is
equally likely, and the secret is ciphered as Django does: ``CsrfViewMiddleware`` reads the
token like its own. The mask is new on every call, as Django's: the token in a compressed page
never repeats (BREACH).

``context_processors.csrf`` gives it to templates as ``csrf_token``, in place of Django's.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, get_token

BASE = len(CSRF_ALLOWED_CHARS)
# A byte at or above this would make the first characters of the alphabet likelier: drawn again.
UNBIASED = 256 - 256 % BASE
INDEX = {char: position for position, char in enumerate(CSRF_ALLOWED_CHARS)}


def random_positions(count: int) -> list[int]:
    """``count`` positions in the alphabet, uniform, from the operating system's random source."""
    positions: list[int] = []
    while len(positions) < count:
        positions += [byte % BASE for byte in secrets.token_bytes(count) if byte < UNBIASED]
    return positions[:count]


def mask(secret: str) -> str:
    """``mask + cipher`` as Django's ``_mask_cipher_secret``: each character shifted by the mask's."""
    shifts = random_positions(len(secret))
    chars = CSRF_ALLOWED_CHARS
    masked = [chars[(INDEX[char] + shift) % BASE] for char, shift in zip(secret, shifts, strict=True)]
    return "".join([chars[shift] for shift in shifts]) + "".join(masked)


def masked_token(request) -> str:
    """What ``django.middleware.csrf.get_token`` returns, with the same effect on the response."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)  # no secret yet: Django draws one and sets its cookie
    # As get_token: the cookie is sent again, its expiry renewed.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask(secret)
