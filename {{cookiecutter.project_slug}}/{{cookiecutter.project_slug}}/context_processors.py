"""Values every template may use."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from .csrf_token import masked_token


def project(request):
    # The name lives in settings, not in the HTML: templates escape it like any value.
    return {"project_name": settings.PROJECT_NAME}


def csp(request):
    # A LazyNonce (security_headers.py): drawn only if a template prints it.
    nonce = getattr(request, "csp_nonce", None)
    return {} if nonce is None else {"csp_nonce": nonce}


def csrf(request):
    # Listed after Django's built-in csrf processor, so this csrf_token replaces its own: the same
    # token, masked at a tenth of the cost (csrf_token.py); drawn only if a template prints it.
    return {"csrf_token": SimpleLazyObject(lambda: masked_token(request))}


def user(request):
    # Listed after Django's auth processor, whose "user" is request.user, a lazy object: each
    # lookup such as user.is_authenticated in a template then goes through its proxies and a
    # TypeError (about 30 k instructions; the layout makes four). Every page shows who is signed in, in its layout:
    # the user is loaded here (from the page's prefetch when it has one) and given as itself.
    lazy = getattr(request, "user", None)
    if not isinstance(lazy, SimpleLazyObject):
        return {}
    if lazy._wrapped is empty:
        lazy._setup()
    return {"user": lazy._wrapped}
