"""manage.py cache_warm: compute and store the LONG-tier keys.

Run after a deploy: the new release has a fresh, empty key space (see cache_layout.py), and
the first visitors would otherwise pay for every page. Every ``@cached(Tier.LONG, …)`` read
declared by the installed apps is called: directly when it takes no argument, else once per
argument its ``warm=`` callable lists.
"""

import inspect

from django.core.management.base import BaseCommand, CommandError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.cached import declared
from caching.maintenance import raw_client, uses_redis
from caching.tiers import Tier


def needs_arguments(func) -> bool:
    parameters = inspect.signature(func.uncached).parameters.values()
    return any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def warm_calls(func) -> list[tuple]:
    """The argument tuples to call a LONG selector with."""
    if not needs_arguments(func):
        return [()]
    if func.warm is None:
        return []
    return [args if isinstance(args, tuple) else (args,) for args in func.warm()]


class Command(BaseCommand):
    help = "Remplit les clés du niveau long (les lectures en cache déclarées avec Tier.LONG)."

    def handle(self, *args, **options):
        if uses_redis("default"):
            try:
                raw_client("default").ping()
            except (ConnectionInterrupted, RedisError) as error:
                raise CommandError(f"Redis injoignable : {error.__class__.__name__}: {error}") from error
        filled = 0
        for func in declared(Tier.LONG):
            calls = warm_calls(func)
            for call_args in calls:
                func.refresh(*call_args)
            filled += len(calls)
            name = func.label
            self.stdout.write(
                f"  {name} : {len(calls)} clé(s)" if calls else f"  {name} : ignoré (arguments sans warm=)"
            )
        self.stdout.write(f"{filled} clé(s) du niveau long remplie(s).")
