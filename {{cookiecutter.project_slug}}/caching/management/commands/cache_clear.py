"""manage.py cache_clear: delete this project's cached data, and nothing else.

Django's ``cache.clear()`` is FLUSHDB: it also wipes every session and every other project
sharing the Redis database. Here only keys under this release's prefix go (SCAN + DEL);
``--sessions`` also deletes the sessions (everybody is logged out); ``--all`` is FLUSHDB,
after a confirmation that ``--noinput`` skips.
"""

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.maintenance import delete_project_keys, raw_client, uses_redis


class Command(BaseCommand):
    help = "Supprime les clés du projet (son préfixe) ; --all vide toute la base Redis après confirmation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sessions", action="store_true", help="supprime aussi les sessions (déconnecte tout le monde)"
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="flush_all",
            help="FLUSHDB : vide toute la base Redis, autres projets compris",
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="ne demande pas de confirmation"
        )

    def handle(self, *args, sessions, flush_all, interactive, **options):
        if not uses_redis("default"):
            caches["default"].clear()
            self.stdout.write("Cache en mémoire de ce processus vidé (REDIS_URL absent).")
            return
        try:
            if flush_all:
                self.flush(interactive)
                return
            deleted = delete_project_keys("default")
            message = f"{deleted} clé(s) du projet supprimée(s) (préfixe {caches['default'].key_prefix})"
            if sessions and uses_redis("sessions"):
                message += f", {delete_project_keys('sessions')} session(s)"
        except (ConnectionInterrupted, RedisError) as error:
            raise CommandError(f"Redis injoignable : {error.__class__.__name__}: {error}") from error
        self.stdout.write(message + ".")

    def flush(self, interactive: bool) -> None:
        client = raw_client("default")
        database = client.connection_pool.connection_kwargs.get("db", 0)
        if interactive:
            answer = input(
                f"FLUSHDB vide TOUTE la base Redis {database} : les clés des autres projets et toutes les sessions.\n"
                "Tapez « oui » pour confirmer : "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Annulé : rien n'a été supprimé.")
        client.flushdb()
        self.stdout.write(f"Base Redis {database} vidée (FLUSHDB).")
