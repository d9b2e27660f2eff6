"""manage.py cache_keys [motif]: the project's keys, with their TTL and tier, found by SCAN.

The motif is a glob on the key as the code names it (``book_*``, ``progress_42_7``),
without the project/environment/release prefix, which is added here.
"""

from django.core.management.base import BaseCommand, CommandError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.cached import family_of
from caching.maintenance import raw_client, scan_bare, uses_redis


def describe_ttl(seconds: int) -> str:
    # Redis: -1 no expiry, -2 gone since the SCAN.
    return {-1: "sans fin", -2: "expirée"}.get(seconds, f"{seconds} s")


class Command(BaseCommand):
    help = "Liste les clés du projet (SCAN, jamais KEYS) avec leur durée de vie restante."

    def add_arguments(self, parser):
        parser.add_argument("pattern", nargs="?", default="*", help="motif glob sur le nom de clé (défaut : *)")
        parser.add_argument("--alias", default="default", help="alias de cache (default ou sessions)")
        parser.add_argument("--limit", type=int, default=200, help="nombre maximal de clés affichées")

    def handle(self, *args, pattern, alias, limit, **options):
        if not uses_redis(alias):
            raise CommandError("Cache en mémoire du processus (REDIS_URL absent) : pas de clés Redis à lister.")
        try:
            found = []
            for raw, key in scan_bare(alias, pattern):
                found.append((raw, key))
                if len(found) >= limit:
                    break
            pipe = raw_client(alias).pipeline(transaction=False)
            for raw, _key in found:
                pipe.ttl(raw)
            ttls = pipe.execute() if found else []
        except (ConnectionInterrupted, RedisError) as error:
            raise CommandError(f"Redis injoignable : {error.__class__.__name__}: {error}") from error
        for (_raw, key), seconds in sorted(zip(found, ttls, strict=True), key=lambda item: item[0][1]):
            family = family_of(key)
            tier = family.tier.value if family else "-"
            self.stdout.write(f"{describe_ttl(seconds):>10}  {tier:<6}  {key}")
        suffix = f" (limite {limit} atteinte)" if len(found) >= limit else ""
        self.stdout.write(f"{len(found)} clé(s){suffix}")
