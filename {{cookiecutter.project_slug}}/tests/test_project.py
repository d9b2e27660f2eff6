"""The health check, the startup line, and the documented environment variables."""

import re
from pathlib import Path

from {{ cookiecutter.project_slug }}.startup import log_startup

PROJECT_DIR = Path(__file__).resolve().parents[1]


def test_health_reports_database_and_cache(client, db, redis_connection):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_startup_line_names_cache_sessions_and_database(caplog):
    caplog.set_level("INFO")
    line = log_startup()
    assert "cache=Redis redis://" in line
    assert "sessions={{ cookiecutter.session_engine }}" in line
    assert "base=sqlite" in line or "base=postgresql" in line
    assert line in caplog.text


def test_every_variable_the_settings_read_is_documented_in_env_example():
    settings_dir = PROJECT_DIR / "{{ cookiecutter.project_slug }}" / "settings"
    source = "\n".join(path.read_text() for path in settings_dir.glob("*.py"))
    read = set(re.findall(r'env_(?:str|int|bool|list)\("([A-Z_]+)"', source)) | {"REDIS_URL", "DATABASE_URL"}
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (PROJECT_DIR / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


def test_env_is_git_ignored():
    assert ".env" in (PROJECT_DIR / ".gitignore").read_text().splitlines()
