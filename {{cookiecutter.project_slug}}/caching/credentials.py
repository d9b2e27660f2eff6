"""Credentials out of URLs: masked in logs and error pages, and REDIS_URLs redis-py cannot read refused.

:func:`redact` hides the userinfo of any ``scheme://…@`` and the value of any query parameter
named like a secret (``?password=``, ``username=``, ``token=`` …), wherever they appear in a
text, and keeps the rest (host, port, database) readable. It works on the text alone, so a
URL that no parser accepts (an unencoded ``#`` or ``/`` in the password) is masked too: when
the two rules disagree on where the secret ends, the union of what they mask is hidden.

:func:`redis_url_problem` reads a REDIS_URL with redis-py's own parser, the one every cache
call would use: a URL it cannot read would otherwise pass the settings and then raise
ValueError on every request (500 everywhere, /health/ included).

Imported by the settings (nothing here touches ``django.conf.settings``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from redis.connection import parse_url

MASK = "***"
REDIS_SCHEMES = ("redis", "rediss", "unix")

# The userinfo of a URL: up to the last "@" of the token, so an unencoded "@", "#", "/" or "?"
# in a password is still inside it. Over-masking (an "@" further on) only hides more.
USERINFO = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://(?P<secret>[^\s]*)@")
# A query parameter whose name says it holds a credential: ?password=…, &username=…, ?auth_token=…
SECRET_PARAMETER = re.compile(
    r"(?i)[?&;][^=&#\s]*(?:pass|pwd|user|token|secret|auth|cred|key)[^=&#\s]*=(?P<secret>[^&#\s]*)"
)
DB_PATH = re.compile(r"/?\d*")

ENCODE_HINT = (
    "encodez chaque caractère spécial du mot de passe (# / ? @ : % espace) en %XX, par exemple avec "
    "python -c \"from urllib.parse import quote; print(quote('mot-de-passe', safe=''))\""
)


def secret_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in USERINFO.finditer(text):
        start, end = match.span("secret")
        # user:password keeps the user readable (Railway's is "default"); a lone user may be a token.
        colon = text.find(":", start, end)
        spans.append((colon + 1 if colon >= 0 else start, end))
    spans += [match.span("secret") for match in SECRET_PARAMETER.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str) -> str:
    """``text`` with every URL credential replaced by ``***``; the rest as it was."""
    pieces, position = [], 0
    for start, end in secret_spans(text):
        pieces += [text[position:start], MASK]
        position = end
    return "".join(pieces) + text[position:]


def redis_url_problem(url: str) -> str | None:
    """Why redis-py would not connect where the URL seems to say (in French), or None.

    redis-py reads ``redis://:pa#ss@host`` as a port "pa" (ValueError on every call), and
    ``redis://tok/en@host`` as host "tok": both are refused here, before anything starts.
    """
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in REDIS_SCHEMES:
        return "attendu redis://hôte:port/base, rediss://… (TLS) ou unix://chemin/du/socket"
    try:
        parsed = parse_url(url)
        parts = urlsplit(url)
    except ValueError:
        return "URL illisible par redis-py (un caractère spécial du mot de passe n'est-il pas encodé ?)"
    # Each of these means a "#", "/", "?" or "@" of the password cut the URL at the wrong place.
    cut = (
        parts.fragment
        or "#" in url
        or "@" in parts.path
        or any(item and "=" not in item for item in parts.query.split("&"))
    )
    if cut:
        return "URL coupée au mauvais endroit (un caractère spécial du mot de passe n'est-il pas encodé ?)"
    if scheme != "unix" and not DB_PATH.fullmatch(parts.path):
        # redis-py would silently use database 0.
        return "numéro de base illisible : attendu /0, /1 … après hôte:port"
    if scheme != "unix" and not parsed.get("host"):
        return "hôte manquant : attendu redis://hôte:port/base"
    if scheme == "unix" and not parsed.get("path"):
        return "chemin du socket manquant : attendu unix:///chemin/du/socket"
    return None


def redis_url_refusal(url: str) -> str | None:
    """The one-line French message for a REDIS_URL that cannot work, without its password; or None."""
    problem = redis_url_problem(url)
    if problem is None:
        return None
    return f"REDIS_URL={redact(url)!r} refusé : {problem} ; {ENCODE_HINT}."
