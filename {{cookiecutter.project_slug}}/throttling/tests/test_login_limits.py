"""Login limits against the real Redis: per account, per address, expiry, forged headers.

Each test sets small limits of its own (settings.THROTTLE_RATES) and posts to the real login
views through the test client; REMOTE_ADDR (or X-Forwarded-For) says where a visitor is.
"""

import io
import time

import pytest
import redis
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from caching.maintenance import raw_client, uses_redis
from conftest import caches_for
from throttling import counters
from throttling.rules import parse_rate

from .hashers import CountingHasher

PASSWORD = "motdepasse-solide-42"
SCHOOL = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
EDGE = "10.250.0.3"  # Railway's edge, as REMOTE_ADDR sees it


@pytest.fixture(autouse=True)
def _empty_process_counters():
    counters.PROCESS_COUNTERS.clear()
    yield
    counters.PROCESS_COUNTERS.clear()


@pytest.fixture
def rates(settings):
    def set_rates(**changed):
        settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **changed}

    return set_rates


def make_account(username: str):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def log_in(client, username, password=PASSWORD, path="/accounts/login/", **meta):
    meta.setdefault("REMOTE_ADDR", SCHOOL)
    return client.post(path, {"username": username, "password": password}, **meta)


def is_refused(response) -> bool:
    return response.status_code == 429 and "Trop de tentatives, réessayez dans" in response.content.decode()


def test_wrong_passwords_then_the_right_one_is_refused_in_french(client, db, redis_connection, rates):
    rates(login_account="5/15m")
    make_account("ada")
    for _ in range(5):
        response = log_in(client, "ada", "mauvais")
        assert response.status_code == 200 and "Identifiant ou mot de passe incorrect" in response.content.decode()

    refused = log_in(client, "ada")
    assert is_refused(refused)
    assert "réessayez dans 15 minutes" in refused.content.decode()
    assert 890 <= int(refused["Retry-After"]) <= 900
    assert SESSION_KEY not in client.session
    # Per account: the same account from another address is refused too.
    assert is_refused(log_in(client, "ada", REMOTE_ADDR=ELSEWHERE))
    # The counters are in the real Redis, each with a TTL (nothing there lives forever).
    keys = list(raw_client("default").scan_iter(match="*throttle:login_account:*"))
    assert keys and all(0 < raw_client("default").ttl(key) <= 900 for key in keys)


def test_the_admin_login_counts_with_the_site_login(client, db, redis_connection, rates):
    rates(login_account="4/15m")
    get_user_model().objects.create_superuser(username="admin", email="a@example.org", password=PASSWORD)
    for path in ("/admin/login/", "/accounts/login/", "/admin/login/", "/accounts/login/"):
        assert log_in(client, "admin", "mauvais", path=path).status_code == 200
    assert is_refused(log_in(client, "admin", path="/admin/login/"))
    assert is_refused(log_in(client, "admin"))


def test_other_accounts_from_the_same_address_work_until_the_address_limit(client, db, redis_connection, rates):
    rates(login_account="5/15m", login_address="6/15m")
    for name in ("ada", "alan", "grace", "linus"):
        make_account(name)
    for name, failures in (("ada", 4), ("alan", 1)):
        for _ in range(failures):
            log_in(client, name, "mauvais")
    # Five failures from the school: another account still logs in, and its success costs nothing.
    assert log_in(client, "grace").status_code == 302
    client.logout()
    assert log_in(client, "alan", "mauvais").status_code == 200  # the sixth failure

    assert is_refused(log_in(client, "linus"))
    # Another address is not concerned.
    assert log_in(client, "linus", REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_a_whole_class_logs_in_from_one_school_address(client, db, redis_connection, rates, settings):
    """35 students in the same minute, one typing mistake in three: only the mistakes count."""
    assert parse_rate("login_address", settings.THROTTLE_RATES["login_address"]).limit >= 40
    rates(login_address="15/15m")  # fewer than the class, more than its mistakes
    students = [make_account(f"eleve{number}") for number in range(35)]
    for number, student in enumerate(students):
        if number % 3 == 0:
            assert log_in(client, student.username, "faute-de-frappe").status_code == 200
        response = log_in(client, student.username)
        assert response.status_code == 302, (number, response.status_code)
        client.logout()


def test_a_success_clears_the_account_failures(client, db, redis_connection, rates):
    rates(login_account="3/15m")
    make_account("ada")
    log_in(client, "ada", "mauvais")
    log_in(client, "ada", "mauvais")
    assert log_in(client, "ada").status_code == 302
    client.logout()
    log_in(client, "ada", "mauvais")
    log_in(client, "ada", "mauvais")
    assert log_in(client, "ada").status_code == 302


def test_the_limit_expires_with_its_window(client, db, redis_connection, rates):
    rates(login_account="2/2s")
    make_account("ada")
    log_in(client, "ada", "mauvais")
    log_in(client, "ada", "mauvais")
    refused = log_in(client, "ada")
    assert is_refused(refused) and "réessayez dans 1 minute." in refused.content.decode()
    time.sleep(2.2)
    assert log_in(client, "ada").status_code == 302


def test_a_forged_forwarded_for_does_not_reset_the_address_limit(client, db, redis_connection, rates, settings):
    settings.THROTTLE_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.THROTTLE_TRUSTED_PROXIES = 1
    rates(login_address="3/15m")
    for name in ("ada", "alan", "grace"):
        make_account(name)
    # The attacker writes a new address first in each request; the edge appends the real one.
    for number in range(3):
        forwarded = f"192.0.2.{number}, {SCHOOL}"
        log_in(client, "ada", "mauvais", REMOTE_ADDR=EDGE, HTTP_X_FORWARDED_FOR=forwarded)

    forged = log_in(client, "alan", REMOTE_ADDR=EDGE, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {SCHOOL}")
    assert is_refused(forged)
    # Nor does garbage help: the edge's own entry stays last.
    assert is_refused(log_in(client, "alan", REMOTE_ADDR=EDGE, HTTP_X_FORWARDED_FOR=f"n'importe quoi, {SCHOOL}"))
    # Another visitor behind the same edge has its own count.
    assert log_in(client, "grace", REMOTE_ADDR=EDGE, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302


def test_pages_other_than_the_guarded_forms_send_no_redis_command(client, db, settings, redis_server):
    """The middleware only looks at POSTs to the guarded views (on a Redis of this test alone)."""
    settings.CACHES = caches_for(redis_server.url)
    stats = redis.Redis(port=redis_server.port)
    assert client.get("/accounts/login/", REMOTE_ADDR=SCHOOL).status_code == 200
    client.post("/", REMOTE_ADDR=SCHOOL)
    assert not [name for name in stats.info("commandstats") if name in {"cmdstat_eval", "cmdstat_mget"}]
    log_in(client, "personne", "mauvais")
    assert {"cmdstat_eval", "cmdstat_mget"} <= set(stats.info("commandstats"))


@pytest.mark.parametrize(
    ("value", "limit", "window"), [("10/15m", 10, 900), ("50/h", 50, 3600), ("5/30s", 5, 30), ("3/45", 3, 45)]
)
def test_rates_read_count_and_period(value, limit, window):
    rule = parse_rate("login_account", value)
    assert (rule.limit, rule.window) == (limit, window)


@pytest.mark.parametrize("value", ["dix/15m", "0/15m", "10/0m", "10 par minute", ""])
def test_a_bad_rate_is_refused_in_one_french_line(value):
    with pytest.raises(ImproperlyConfigured, match="attendu « nombre/durée »"):
        parse_rate("login_account", value)


def test_the_counters_are_shared_through_redis(db, redis_connection):
    """Another process (here: the same keys read without this process's memory) sees them."""
    assert uses_redis("default")
    rule = parse_rate("login_address", "3/15m")
    counters.hit(rule, SCHOOL)
    counters.hit(rule, SCHOOL)
    assert counters.PROCESS_COUNTERS.get(counters.counter_keys(rule, SCHOOL)[0]) is None
    counters.hit(rule, SCHOOL)
    assert counters.retry_after([(rule, SCHOOL)]) is not None


def test_throttle_reset_unlocks_an_account_then_everything(client, db, redis_connection, rates):
    rates(login_account="2/15m", login_address="4/15m")
    make_account("ada")
    make_account("alan")
    for name in ("ada", "ada", "alan", "alan"):
        log_in(client, name, "mauvais")
    assert is_refused(log_in(client, "ada", REMOTE_ADDR=ELSEWHERE))

    call_command("throttle_reset", account=" ADA", stdout=io.StringIO())
    assert log_in(client, "ada", REMOTE_ADDR=ELSEWHERE).status_code == 302
    client.logout()
    assert is_refused(log_in(client, "ada"))  # the school's address is still locked

    output = io.StringIO()
    call_command("throttle_reset", stdout=output)
    assert "Tous les formulaires débloqués" in output.getvalue()
    assert log_in(client, "alan").status_code == 302


def test_a_refused_login_costs_no_password_hash(client, db, redis_connection, rates, settings):
    """What kept every page waiting: each wrong password is a hash. Past the limit, none is computed."""
    settings.PASSWORD_HASHERS = ["throttling.tests.hashers.CountingHasher"]
    rates(login_address="3/15m")
    make_account("ada")
    before = CountingHasher.calls
    for name in ("ada", "inconnu", "ada"):
        log_in(client, name, "mauvais")
    hashed = CountingHasher.calls
    assert hashed - before == 3  # one hash per wrong password, known account or not
    for _ in range(5):
        assert is_refused(log_in(client, "ada", "mauvais"))
        assert is_refused(log_in(client, "inconnu", "mauvais"))
    assert CountingHasher.calls == hashed
