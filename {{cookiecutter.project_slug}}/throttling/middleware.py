"""Refuse a throttled form before its view runs, so a refused login costs no password hash.

Only POSTs to the guarded views are looked at (rules.VIEW_POLICIES, by URL name); every other
request passes untouched, without a Redis command. Placed after CsrfViewMiddleware: a forged
POST is refused by CSRF first and counts for nothing.
"""

import math

from django.shortcuts import render

from . import guard
from .rules import VIEW_POLICIES


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def refused(request, seconds: int):
    response = render(request, "registration/throttled.html", {"minutes": minutes(seconds)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        policy = VIEW_POLICIES.get(request.resolver_match.view_name)
        if policy is None:
            return None
        request.throttle_policy = policy
        wait = guard.retry_after(policy, request)
        if wait is not None:
            return refused(request, wait)
        if policy == "password_reset":
            # Each request may send an e-mail: all count, whatever the address asked for.
            guard.count(policy, request)
        return None
