"""manage.py redis_check: connect to the configured Redis and say in one line what is wrong.

A Redis connection check, as a command a deploy can run. It opens its own
connection (not the shared pool, not the circuit breaker), so it tells what Redis answers
right now. Exit status 1 on any failure.
"""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from redis.exceptions import AuthenticationError, ResponseError

from caching.credentials import redis_url_problem
from caching.maintenance import redacted_url, uses_redis

# Checked in this order against the error text: the first match explains the failure.
DIAGNOSES = (
    (("ssl", "certificate", "tls"), "échec TLS (rediss:// vers un Redis sans TLS, ou certificat refusé)"),
    (("name or service not known", "nodename nor servname", "name resolution"), "hôte introuvable (nom DNS inconnu)"),
    (("connection refused",), "connexion refusée (Redis arrêté, ou mauvais port)"),
    (("connection reset", "closed by server"), "connexion coupée par le serveur (TLS attendu ? essayez rediss://)"),
)


def diagnose(error: Exception, timeout: float, url: str = "") -> str:
    if isinstance(error, AuthenticationError) or (
        isinstance(error, ResponseError)
        and any(word in str(error) for word in ("NOAUTH", "WRONGPASS", "invalid password"))
    ):
        return "authentification refusée (mot de passe ou utilisateur de l'URL)"
    if isinstance(error, redis.exceptions.TimeoutError):
        if url.startswith("rediss://"):
            # A Redis without TLS never answers the TLS handshake: it waits for a command.
            return (
                f"délai dépassé ({timeout:g} s) pendant la négociation TLS : ce Redis parle-t-il TLS ? (sinon redis://)"
            )
        return f"délai dépassé ({timeout:g} s) : hôte injoignable, pare-feu, ou Redis bloqué"
    if isinstance(error, ValueError):
        # Not the error's text: redis-py quotes the piece it could not read, maybe a password's.
        return "URL invalide"
    text = f"{error.__class__.__name__} {error}".lower()
    for words, message in DIAGNOSES:
        if any(word in text for word in words):
            return message
    return f"{error.__class__.__name__}: {error}"


class Command(BaseCommand):
    help = "Vérifie la connexion au Redis configuré (REDIS_URL) et explique l'échec en une ligne."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="URL à vérifier à la place de celle des réglages")
        parser.add_argument("--timeout", type=float, help="délai en secondes (par défaut : celui des réglages)")

    def handle(self, *args, url=None, timeout=None, **options):
        config = settings.CACHES["default"]
        if url is None:
            if not uses_redis("default"):
                raise CommandError("REDIS_URL n'est pas défini : cache en mémoire du processus, sessions en base.")
            url = config["LOCATION"]
        options_ = config.get("OPTIONS", {})
        timeout = timeout or options_.get("SOCKET_TIMEOUT") or 5
        # Connection settings only (TLS…): the pool's own size and wait do not apply to one connection.
        pool_only = {"max_connections", "timeout"}
        pool_kwargs = {k: v for k, v in options_.get("CONNECTION_POOL_KWARGS", {}).items() if k not in pool_only}
        if problem := redis_url_problem(url):
            raise CommandError(f"Redis KO : {redacted_url(url)} : URL invalide : {problem}")
        start = time.monotonic()
        try:
            client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, **pool_kwargs)
            client.ping()
            version = client.info("server").get("redis_version", "?")
        except (redis.exceptions.RedisError, ValueError, OSError) as error:
            raise CommandError(f"Redis KO : {redacted_url(url)} : {diagnose(error, timeout, url)}") from error
        elapsed = (time.monotonic() - start) * 1000
        self.stdout.write(f"Redis OK : {redacted_url(url)} (Redis {version}, {elapsed:.1f} ms)")
