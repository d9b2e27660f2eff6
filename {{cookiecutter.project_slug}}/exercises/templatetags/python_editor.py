"""What the Python editor partial needs from its page's response."""

from django import template

register = template.Library()

# Pyodide compiles WebAssembly ('wasm-unsafe-eval', which allows no JavaScript eval) in a Web
# Worker loaded from the site's own static files. Only pages that render the editor get it.
PYODIDE_POLICY = {"script-src": ["'wasm-unsafe-eval'"], "worker-src": ["'self'"]}


@register.simple_tag(takes_context=True)
def allow_pyodide(context) -> str:
    """Widen this response's Content-Security-Policy for Pyodide (see security_headers.allow)."""
    request = context.get("request")
    additions = getattr(request, "csp_additions", None)
    if additions is not None:
        for directive, sources in PYODIDE_POLICY.items():
            listed = additions.setdefault(directive, [])
            listed.extend(source for source in sources if source not in listed)
    return ""
