"""The limits: how many attempts of each kind, in what window, counted on what.

``settings.THROTTLE_RATES`` gives each rule as ``"count/period"``, the period in seconds or
with a unit: ``10/15m``, ``50/h``, ``5/30s``. A window starts at the first counted attempt;
once the count reaches the limit, the form is refused until the window ends.

A *policy* is what one form counts:

- ``login`` (the site's and the admin's): FAILED logins, per account and per address;
  a successful login never counts, so a class logging in from one school address only
  spends the per-address budget on its typing mistakes;
- ``signup``: accounts created, per address (not the forms sent back with an error);
- ``password_reset``: requests, per e-mail address asked for and per client address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smh]?)\s*$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class Policy:
    name: str
    account_rule: str | None  # rate name counted per account (None: not per account)
    address_rule: str  # rate name counted per client address
    account_field: str | None = None  # the POST field naming the account


POLICIES = {
    "login": Policy("login", "login_account", "login_address", account_field="username"),
    "signup": Policy("signup", None, "signup_address"),
    "password_reset": Policy("password_reset", "password_reset_account", "password_reset_address", "email"),
}
# The views each policy guards, by URL name (the admin's login counts with the site's).
VIEW_POLICIES = {
    "login": "login",
    "admin:login": "login",
    "accounts:signup": "signup",
    "password_reset": "password_reset",
}


def parse_rate(name: str, value: str) -> Rule:
    match = RATE.match(value)
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ImproperlyConfigured(
            f"THROTTLE_RATES[{name!r}]={value!r} : attendu « nombre/durée », par exemple 10/15m, 50/h ou 5/30s."
        )
    count, amount, unit = match.groups()
    return Rule(name, int(count), int(amount or 1) * UNIT_SECONDS[unit])


def configured_rates() -> dict[str, Rule]:
    rates = settings.THROTTLE_RATES
    missing = {rule for policy in POLICIES.values() for rule in (policy.account_rule, policy.address_rule)} - {
        None,
        *rates,
    }
    if missing:
        raise ImproperlyConfigured(f"THROTTLE_RATES : il manque {', '.join(sorted(missing))}.")
    return {name: parse_rate(name, value) for name, value in rates.items()}


def rule(name: str) -> Rule:
    # Parsed on each use (a few microseconds): tests and settings overrides take effect at once.
    return configured_rates()[name]
