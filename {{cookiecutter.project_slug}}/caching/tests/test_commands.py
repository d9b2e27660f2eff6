"""The cache layer's management commands, run against real Redis servers."""

import secrets
from io import StringIO

import pytest
import redis
from django.core.cache import cache, caches
from django.core.management import CommandError, call_command

from caching.cached import cached
from caching.readthrough import get_or_compute
from caching.tiers import Tier, ttl
from conftest import caches_for, free_port

# Another project on the same Redis; unique, since parallel runs share the database.
OTHER_PROJECT_KEY = f"un_autre_projet_{secrets.token_hex(4)}:1:course_x"


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def check_fails(url: str, timeout: float = 1) -> str:
    with pytest.raises(CommandError) as error:
        run("redis_check", url=url, timeout=timeout)
    message = str(error.value)
    assert "\n" not in message
    return message


# --- glob_escape ---------------------------------------------------------------------------
def test_glob_escape_makes_scan_match_a_prefix_literally(redis_connection):
    from caching.maintenance import glob_escape

    token = secrets.token_hex(4)
    literal, lookalike = f"nsi*[ab]?\\{token}", f"nsiX[ab]?\\{token}"
    redis_connection.set(f"{literal}:k", 1, ex=60)
    redis_connection.set(f"{lookalike}:k", 1, ex=60)
    redis_connection.set(f"nsiXaY{token}:k", 1, ex=60)
    try:
        found = set(redis_connection.scan_iter(match=f"{glob_escape(literal)}:*", count=1000))
        assert found == {f"{literal}:k".encode()}
    finally:
        redis_connection.delete(f"{literal}:k", f"{lookalike}:k", f"nsiXaY{token}:k")


# --- redis_check ---------------------------------------------------------------------------
def test_redis_check_says_ok_for_the_configured_redis(redis_connection):
    assert run("redis_check").startswith("Redis OK : redis")


def test_redis_check_explains_each_failure_in_one_line(make_redis_server):
    plain = make_redis_server()
    protected = make_redis_server("--requirepass", "le-bon-secret")
    frozen = make_redis_server()
    frozen.pause()

    assert "connexion refusée" in check_fails(f"redis://127.0.0.1:{free_port()}/0")
    assert "authentification refusée" in check_fails(f"redis://:mauvais-secret@127.0.0.1:{protected.port}/0")
    assert "TLS" in check_fails(f"rediss://127.0.0.1:{plain.port}/0")
    assert "délai dépassé" in check_fails(f"redis://127.0.0.1:{frozen.port}/0")
    assert "URL invalide" in check_fails("redis://127.0.0.1:port/0")
    assert "hôte introuvable" in check_fails("redis://redis.invalid:6379/0")
    assert run("redis_check", url=f"redis://:le-bon-secret@127.0.0.1:{protected.port}/0").startswith("Redis OK")


def test_redis_check_never_prints_the_password():
    message = check_fails(f"redis://default:s3cr3t-42@127.0.0.1:{free_port()}/0")
    assert "s3cr3t-42" not in message and "***" in message


# --- cache_stats, cache_keys -----------------------------------------------------------------
# The families the commands know come from the declared reads.
@cached(Tier.LONG, "cmd_other")
def other():
    return "valeur"


@cached(Tier.LONG, "cmd_item_{name}")
def item(name):
    return "valeur"


@cached(Tier.MEDIUM, "cmd_stats_{user_id}")
def stats(user_id):
    return "valeur"


@cached(Tier.SHORT, "cmd_recent_{user_id}")
def recent(user_id):
    return "valeur"


def test_cache_stats_counts_the_project_keys_per_tier(redis_connection):
    for key, tier in [(other.key(), Tier.LONG), (item.key("a"), Tier.LONG), (stats.key(1), Tier.MEDIUM)]:
        get_or_compute(key, tier, lambda: "valeur")
    cache.set("hors_famille", 1)
    redis_connection.set(OTHER_PROJECT_KEY, "pas à nous")

    try:
        output = run("cache_stats")
    finally:
        redis_connection.delete(OTHER_PROJECT_KEY)

    for line in ["Mémoire utilisée", "Clients connectés", "Commandes traitées", "Taux de succès"]:
        assert line in output
    assert "  long     2\n" in output
    assert "  medium   1\n" in output
    assert "  short    0\n" in output
    assert "  autres   1\n" in output


def test_cache_keys_lists_matching_keys_with_their_ttl_and_tier(redis_connection):
    get_or_compute(item.key("python"), Tier.LONG, lambda: "cours")
    get_or_compute(recent.key(3), Tier.SHORT, lambda: [])

    lines = run("cache_keys", "cmd_item_*").splitlines()

    assert len(lines) == 2 and lines[-1] == "1 clé(s)"
    seconds, unit, tier, name = lines[0].split()
    assert (unit, tier, name) == ("s", "long", "cmd_item_python")
    assert ttl(Tier.LONG) - 5 <= int(seconds) <= ttl(Tier.LONG)


# --- cache_clear -----------------------------------------------------------------------------
def test_cache_clear_deletes_only_this_projects_data(client, db, django_user_model, redis_connection):
    get_or_compute(other.key(), Tier.LONG, lambda: ["badge"])
    redis_connection.set(OTHER_PROJECT_KEY, "pas à nous")
    client.force_login(django_user_model.objects.create_user(username="ada", password="motdepasse-solide-42"))
    sessions_before = run("cache_keys", "*", alias="sessions").splitlines()[-1] if _sessions_in_redis() else None

    try:
        output = run("cache_clear")
        assert output.startswith("1 clé(s) du projet supprimée(s)")
        assert cache.get(other.key()) is None
        assert redis_connection.get(OTHER_PROJECT_KEY) == "pas à nous".encode()
        if sessions_before is not None:
            assert run("cache_keys", "*", alias="sessions").splitlines()[-1] == sessions_before
            assert ", 1 session(s)" in run("cache_clear", "--sessions")
    finally:
        redis_connection.delete(OTHER_PROJECT_KEY)


def _sessions_in_redis() -> bool:
    from django.conf import settings

    return not settings.SESSION_ENGINE.endswith(".db")


def test_cache_clear_all_flushes_only_after_confirmation(settings, redis_server, monkeypatch):
    settings.CACHES = caches_for(redis_server.url)
    other = redis.Redis.from_url(redis_server.url)
    other.set("un_autre_projet:1:x", "1")

    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    with pytest.raises(CommandError, match="Annulé"):
        run("cache_clear", "--all")
    assert other.dbsize() == 1

    assert "FLUSHDB" in run("cache_clear", "--all", "--noinput")
    assert other.dbsize() == 0


# --- cache_warm ------------------------------------------------------------------------------
def test_cache_warm_fills_the_long_tier(db, redis_connection):
    @cached(Tier.LONG, "cmd_page_{slug}", warm=lambda: ["listes", "dictionnaires"])
    def chapter(slug):
        return f"contenu de {slug}"

    @cached(Tier.SHORT, "cmd_recent_0")
    def not_long():
        return "jamais chauffé"

    output = run("cache_warm")

    assert cache.get(chapter.key("listes")) == "contenu de listes"
    assert cache.get(chapter.key("dictionnaires")) == "contenu de dictionnaires"
    assert cache.get(recent.key(0), "absent") == "absent"
    assert "clé(s) du niveau long remplie(s)" in output


def test_the_commands_say_when_there_is_no_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "mémoire" in run("cache_stats")
    assert "mémoire" in run("cache_clear")
    with pytest.raises(CommandError, match="REDIS_URL"):
        run("redis_check")
    assert caches["default"].__class__.__name__ == "LocMemCache"
