"""manage.py throttle_reset: unlock an account, a client address, or every throttled form."""

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from caching.maintenance import delete_project_keys, glob_escape, uses_redis
from throttling import counters
from throttling.client_address import normalized
from throttling.guard import account_name
from throttling.rules import POLICIES, rule


class Command(BaseCommand):
    help = "Débloque un compte (--account), une adresse (--address), ou sans option tous les formulaires bloqués."

    def add_arguments(self, parser):
        parser.add_argument("--account", help="identifiant (ou e-mail pour la réinitialisation du mot de passe)")
        parser.add_argument("--address", help="adresse IP du client, par exemple celle du lycée")

    def handle(self, *args, account=None, address=None, **options):
        if not uses_redis("default"):
            raise CommandError(
                "Sans Redis, les compteurs sont dans la mémoire de chaque processus gunicorn : "
                "redémarrez le service pour les remettre à zéro."
            )
        if address and normalized(address) is None:
            raise CommandError(f"--address={address!r} : ce n'est pas une adresse IP.")
        targets = []
        for policy in POLICIES.values():
            if account and policy.account_rule:
                targets.append((rule(policy.account_rule), account_name(account)))
            if address:
                targets.append((rule(policy.address_rule), normalized(address)))
        try:
            if targets:
                counters.reset(targets)
                self.stdout.write(self.style.SUCCESS("Compteurs remis à zéro : " + (account or address)))
                return
            pattern = f"{glob_escape(caches['default'].key_prefix)}:*:throttle:*"
            deleted = delete_project_keys("default", pattern)
        except (ConnectionInterrupted, RedisError) as error:
            raise CommandError(f"Redis injoignable ({error.__class__.__name__}) : rien n'a été débloqué.") from error
        self.stdout.write(self.style.SUCCESS(f"Tous les formulaires débloqués ({deleted} clé(s) supprimée(s))."))
