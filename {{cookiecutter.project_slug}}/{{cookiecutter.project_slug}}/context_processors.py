"""Values every template may use."""

from django.conf import settings


def project(request):
    # The name lives in settings, not in the HTML: templates escape it like any value.
    return {"project_name": settings.PROJECT_NAME}


def csp(request):
    # A LazyNonce (security_headers.py): drawn only if a template prints it.
    nonce = getattr(request, "csp_nonce", None)
    return {} if nonce is None else {"csp_nonce": nonce}
