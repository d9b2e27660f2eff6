"""Django's message storage (a signed cookie, then the session), its cookie signer made on first use.

MessageMiddleware gives every request a storage, and Django's cookie storage builds its signer
(the SECRET_KEY and its fallbacks derived into a signing key) as it is made: about a tenth of the
work of a request that only passes through the middleware. Most requests carry no message and
add none, and reading an absent cookie needs no signer: it is built the first time a message is
signed into the cookie or read out of it. What is stored and how it is signed do not change.
"""

from django.contrib.messages.storage import cookie, fallback
from django.core import signing
from django.utils.functional import cached_property


class CookieStorage(cookie.CookieStorage):
    def __init__(self, *args, **kwargs):
        # Django's CookieStorage.__init__ only adds the signer, made below when first needed.
        super(cookie.CookieStorage, self).__init__(*args, **kwargs)

    @cached_property
    def signer(self):
        return signing.get_cookie_signer(salt=self.key_salt)


class FallbackStorage(fallback.FallbackStorage):
    storage_classes = (CookieStorage, *fallback.FallbackStorage.storage_classes[1:])
