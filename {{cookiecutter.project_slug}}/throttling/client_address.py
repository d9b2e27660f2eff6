"""The client's address, as the proxy in front of the app saw it, and never as the client says.

Behind Railway's edge, REMOTE_ADDR is the edge's own address: every visitor would share it.
The edge appends the address it saw to X-Forwarded-For, after whatever the client itself put
there. So the trustworthy entry is the right-most one added by a proxy we trust: with
TRUSTED_PROXY_COUNT=1 (Railway), the last entry; entries further left are the client's word.
CLIENT_IP_HEADER may instead name a header that the proxy sets whole (X-Real-IP), or be empty
(runserver, tests: REMOTE_ADDR). A request without the header (Railway's healthcheck, on the
private network) is counted under REMOTE_ADDR.

IPv6 addresses are grouped by /64: one subscriber line usually gets a whole /64, and could
otherwise take a fresh address for each attempt.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def meta_key(header: str) -> str:
    """``X-Forwarded-For`` -> ``HTTP_X_FORWARDED_FOR``."""
    return "HTTP_" + header.upper().replace("-", "_")


def normalized(address: str) -> str | None:
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def forwarded_address(value: str, trusted_proxies: int) -> str | None:
    """The entry the outermost trusted proxy added: ``trusted_proxies`` from the right."""
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    if len(entries) < trusted_proxies:
        return None
    return entries[-trusted_proxies]


def client_address(request) -> str:
    header = settings.THROTTLE_CLIENT_IP_HEADER
    if header.upper() == "REMOTE_ADDR":
        header = ""
    remote = request.META.get("REMOTE_ADDR", "")
    address = None
    if header:
        value = request.META.get(meta_key(header), "")
        if value and header.lower() == "x-forwarded-for":
            address = forwarded_address(value, settings.THROTTLE_TRUSTED_PROXIES)
        elif value:
            address = value
    # A value that is no address (garbage from a misconfigured proxy) counts as REMOTE_ADDR.
    return (address and normalized(address)) or normalized(remote) or "inconnue"
