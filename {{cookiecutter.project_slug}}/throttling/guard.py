"""What the views and signals call: is this form refused, and count one attempt."""

from __future__ import annotations

from . import counters
from .client_address import client_address
from .rules import POLICIES, Rule, rule


def account_name(value: str) -> str:
    """The account as counted: ``Ada``, `` ada`` and ``ADA`` are one account."""
    return value.strip().casefold()


def counted(policy_name: str, request, account: str | None) -> list[tuple[Rule, str]]:
    policy = POLICIES[policy_name]
    subjects = [(rule(policy.address_rule), client_address(request))]
    if policy.account_rule and account:
        subjects.append((rule(policy.account_rule), account_name(account)))
    return subjects


def account_in(policy_name: str, request) -> str | None:
    field = POLICIES[policy_name].account_field
    return request.POST.get(field) if field else None


def retry_after(policy_name: str, request, account: str | None = None) -> int | None:
    """Seconds to wait when this request must be refused; None when it may go on."""
    if account is None:
        account = account_in(policy_name, request)
    return counters.retry_after(counted(policy_name, request, account))


def count(policy_name: str, request, account: str | None = None) -> None:
    """One more attempt for this address (and this account)."""
    if account is None:
        account = account_in(policy_name, request)
    for counted_rule, subject in counted(policy_name, request, account):
        counters.hit(counted_rule, subject)


def forget_account(policy_name: str, account: str) -> None:
    """A successful login clears the account's failures (never the address's)."""
    policy = POLICIES[policy_name]
    if policy.account_rule:
        counters.reset([(rule(policy.account_rule), account_name(account))])
