"""Values every template may use."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

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
