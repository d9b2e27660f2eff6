"""manage.py cache_stats: what Redis holds for this project, and how well the cache works.

Redis's own memory and client figures, plus the project's key count per tier. Keys are counted by
SCAN over the project's own prefix, never KEYS (which blocks Redis on a big keyspace).
Memory, clients, commands and hit ratio are the whole server's (shared by every project).
"""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.cached import family_of
from caching.maintenance import raw_client, redacted_url, scan, scan_bare, uses_redis
from caching.tiers import Tier


def hit_ratio(stats: dict) -> str:
    hits, misses = stats.get("keyspace_hits", 0), stats.get("keyspace_misses", 0)
    return f"{100 * hits / (hits + misses):.1f} %" if hits + misses else "n/a (aucune lecture)"


def count_per_tier(alias: str = "default") -> Counter:
    """How many of the project's keys belong to each tier ("autres" for keys of no family)."""
    counts: Counter = Counter({tier.value: 0 for tier in Tier if tier is not Tier.NONE})
    for _raw, key in scan_bare(alias):
        family = family_of(key)
        counts[family.tier.value if family else "autres"] += 1
    return counts


class Command(BaseCommand):
    help = "Statistiques Redis (mémoire, clients, commandes, taux de succès) et clés du projet par niveau."

    def handle(self, *args, **options):
        if not uses_redis("default"):
            self.stdout.write("Cache en mémoire du processus (REDIS_URL absent) : pas de statistiques Redis.")
            return
        try:
            client = raw_client("default")
            info = client.info()
            tiers = count_per_tier("default")
            sessions = sum(1 for _ in scan("sessions")) if uses_redis("sessions") else 0
        except (ConnectionInterrupted, RedisError) as error:
            raise CommandError(f"Redis injoignable : {error.__class__.__name__}: {error}") from error
        self.stdout.write(
            f"Redis {info.get('redis_version', '?')} : {redacted_url(settings.CACHES['default']['LOCATION'])}"
        )
        self.stdout.write(f"Mémoire utilisée : {info.get('used_memory_human', '?')}")
        self.stdout.write(f"Clients connectés : {info.get('connected_clients', '?')}")
        self.stdout.write(f"Commandes traitées : {info.get('total_commands_processed', '?')}")
        self.stdout.write(f"Taux de succès (hits) : {hit_ratio(info)}")
        self.stdout.write("Clés du projet par niveau :")
        for tier, count in tiers.items():
            self.stdout.write(f"  {tier:<8} {count}")
        self.stdout.write(f"  sessions {sessions}")
