"""Credentials in REDIS_URL: never printed, and a URL redis-py cannot read refused at start.

Every secret below holds "Zq9" in each of its pieces, so a test sees any piece that leaks.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from redis.connection import parse_url

from caching.credentials import redact
from conftest import free_port
from {{ cookiecutter.project_slug }}.settings.cache_layout import cache_layout, describe

PROJECT_DIR = Path(__file__).resolve().parents[1]
LAYOUT = {
    "prefix": "nsi",
    "release": "v1",
    "default_timeout": 300,
    "max_connections": 20,
    "socket_timeout": 1,
    "session_store": "cached_db",
}
MARK = "Zq9"

# Written the way redis-py reads them: accepted, and shown without their credentials.
VALID = [
    "redis://default:Zq9-pass@redis.railway.internal:6379/0",
    "redis://Zq9-token@redis.example.org:6379/0",
    "redis://redis.example.org:6379/0?password=Zq9-pass",
    "redis://redis.example.org:6379/1?username=Zq9-user&password=Zq9-pass",
    "rediss://default:Zq9-pass@redis.example.org:6380/0",
    "redis://:Zq9%23a%2FZq9%3Fb%40Zq9@redis.example.org:6379/0",  # "#", "/", "?", "@" percent-encoded
    "redis://:Zq9@Zq9@redis.example.org:6379/0",  # an "@" in the password: redis-py still reads it
    "unix:///run/redis.sock?password=Zq9-pass&db=2",
    "unix://:Zq9-pass@/run/redis.sock",
]
# An unencoded "#", "/" or "?" in the password: redis-py reads another host, or a port "Zq9".
UNREADABLE = [
    "redis://default:Zq9#Zq9@redis.example.org:6379/0",
    "redis://default:Zq9/Zq9@redis.example.org:6379/0",
    "redis://default:Zq9?Zq9@redis.example.org:6379/0",
    "redis://:Zq9#Zq9@redis.example.org/0",
    "redis://Zq9/Zq9@redis.example.org:6379/0",
    "redis://Zq9#Zq9@redis.example.org:6379/0",
    "redis://Zq9?Zq9@redis.example.org:6379/0",
    "rediss://:Zq9#Zq9@redis.example.org:6380",
    "unix://:Zq9/Zq9@/run/redis.sock",
]


def refusal(url: str) -> str:
    with pytest.raises(ImproperlyConfigured) as error:
        cache_layout(url, "production", **LAYOUT)
    return str(error.value)


@pytest.mark.parametrize("url", VALID)
def test_a_url_with_credentials_is_accepted_and_the_startup_line_hides_them(url):
    layout = cache_layout(url, "production", **LAYOUT)

    line = describe(layout.caches, layout.session_engine)

    assert MARK not in line
    assert "***" in line
    assert ("redis.example.org" in line) or ("redis.railway.internal" in line) or ("/run/redis.sock" in line)


@pytest.mark.parametrize("url", UNREADABLE)
def test_a_url_redis_py_cannot_read_is_refused_in_one_french_line_without_its_password(url):
    message = refusal(url)

    assert MARK not in message
    assert "\n" not in message
    assert message.startswith("REDIS_URL=")
    assert "quote(" in message and "%XX" in message


@pytest.mark.parametrize("url", UNREADABLE)
def test_what_is_refused_would_not_reach_the_host_it_names(url):
    # Without the refusal, every cache call would fail (ValueError) or talk to a wrong host.
    try:
        parsed = parse_url(url)
    except ValueError:
        return
    assert parsed.get("host") != "redis.example.org" or parsed.get("port") not in (6379, 6380)


def test_a_typo_in_the_database_number_is_refused():
    assert "numéro de base" in refusal("redis://redis.example.org:6379/zero")


def test_the_refusal_at_start_shows_no_password_anywhere_in_the_traceback():
    environ = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "{{ cookiecutter.project_slug }}.settings.prod",
        "SECRET_KEY": "x" * 50,
        "REDIS_URL": UNREADABLE[0],
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL=" in result.stderr
    assert MARK not in result.stdout + result.stderr


@pytest.mark.parametrize("url", VALID + UNREADABLE)
def test_redis_check_never_prints_a_credential(url):
    # Each host pointed at a closed port of this machine: the check fails fast, and says so.
    local = url.replace("redis.example.org:6379", f"127.0.0.1:{free_port()}").replace(
        "redis.railway.internal:6379", f"127.0.0.1:{free_port()}"
    )
    with pytest.raises(CommandError) as error:
        call_command("redis_check", url=local, timeout=1, stdout=StringIO())
    message = str(error.value)

    assert message.startswith("Redis KO")
    assert MARK not in message


@pytest.mark.parametrize("url", UNREADABLE)
def test_redis_check_calls_an_unreadable_url_invalid(url):
    with pytest.raises(CommandError, match="URL invalide"):
        call_command("redis_check", url=url, timeout=1, stdout=StringIO())


def test_redis_check_ok_hides_the_password(make_redis_server):
    protected = make_redis_server("--requirepass", "Zq9#Zq9")
    out = StringIO()

    call_command("redis_check", url=f"redis://:Zq9%23Zq9@127.0.0.1:{protected.port}/0", stdout=out)

    assert out.getvalue().startswith(f"Redis OK : redis://:***@127.0.0.1:{protected.port}/0")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("redis://default:Zq9@h:6379/0", "redis://default:***@h:6379/0"),
        ("redis://Zq9@h:6379/0", "redis://***@h:6379/0"),
        ("redis://h:6379/0?password=Zq9&db=1", "redis://h:6379/0?password=***&db=1"),
        ("redis://h/0?password=Zq9@Zq9", "redis://***"),
        ("postgres://app:Zq9@db.internal:5432/nsi", "postgres://app:***@db.internal:5432/nsi"),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ],
)
def test_redact_hides_the_credentials_and_keeps_the_rest(text, shown):
    assert redact(text) == shown
