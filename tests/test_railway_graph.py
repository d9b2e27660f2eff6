"""`.railway/railway.py`, evaluated with the real railway-sdk as `railway config plan` does.

What Railway would build from the graph: a web service from the GitHub repository of the
answers, built by Railpack, migrating in its pre-deploy step, serving gunicorn on $PORT with a
healthcheck on /health/; a PostgreSQL; a Redis started as a cache; references between them.
"""

import os
import subprocess

import pytest

from .baking import bake
from .railway_iac import graph_errors, load_graph, rendered_variables, resources

CUSTOM = {"project_name": "Lycée Victor Hugo", "github_repository": "lycee-vh/nsi-portail"}


@pytest.fixture(scope="module")
def default_bake(tmp_path_factory):
    return bake(tmp_path_factory.mktemp("railway-default"))


@pytest.mark.parametrize("answers", [{}, CUSTOM], ids=["defaults", "custom-repository"])
def test_the_graph_declares_web_postgres_and_redis(tmp_path, answers):
    project = bake(tmp_path, **answers)
    slug = project.name
    graph = load_graph(project)

    assert graph_errors(graph) == []
    assert set(resources(graph)) == {"service.web", "database.Postgres", "service.Redis", "volume.redis-data"}
    web = resources(graph)["service.web"]
    assert web["source"] == {
        "type": "github",
        "repo": answers.get("github_repository", "mon-organisation/portail-nsi"),
        "branch": "main",
    }
    assert (project / slug / "wsgi.py").is_file()

    deploy = web["deploy"]
    assert deploy["startCommand"] == f"gunicorn {slug}.wsgi --config gunicorn.conf.py --bind 0.0.0.0:$PORT"
    assert deploy["preDeployCommand"] == ["python manage.py migrate --noinput"]
    assert deploy["healthcheckPath"] == "/health/"
    assert deploy["numReplicas"] == 2
    assert deploy["restartPolicyType"] == "ON_FAILURE"
    # Static files are collected into the image at build time, never in the pre-deploy step
    # (its filesystem is thrown away) nor once per replica at start.
    # So is the sandbox's compiled CPython: compiling it costs ~15 s and ~350 MB per process.
    build_command = "python manage.py collectstatic --noinput && python manage.py compile_sandbox"
    assert web["build"] == {"builder": "RAILPACK", "buildCommand": build_command}
    assert not any("collectstatic" in command for command in deploy["preDeployCommand"])

    assert rendered_variables(graph, "service.web") == {
        "DJANGO_SETTINGS_MODULE": f"{slug}.settings.prod",
        "DATABASE_URL": "${{Postgres.DATABASE_URL}}",
        "REDIS_URL": "${{Redis.REDIS_URL}}",
        "SECRET_KEY": None,
        "CUSTOM_DOMAINS": None,
        "EMAIL_URL": None,
        "DEFAULT_FROM_EMAIL": None,
        "WEB_CONCURRENCY": "2",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        "SANDBOX_CACHE_DIR": ".sandbox-cache",
    }
    assert (project / slug / "settings" / "prod.py").is_file()


def test_redis_is_a_private_cache_with_a_memory_cap_and_an_eviction_policy(default_bake):
    graph = load_graph(default_bake)
    redis = resources(graph)["service.Redis"]

    assert redis["source"]["image"].startswith("redis:8")
    start = redis["deploy"]["startCommand"]
    for flag in ('--requirepass "$REDIS_PASSWORD"', "--maxmemory ", "--maxmemory-policy allkeys-lru", "--dir /data"):
        assert flag in start
    assert redis["volumeAttachments"]["redis-data"]["mountPath"] == "/data"
    # No TCP proxy, no public domain: the pickled cache is reachable on the private network only.
    assert "networking" not in redis
    assert rendered_variables(graph, "service.Redis") == {
        "REDIS_PASSWORD": None,
        "REDIS_MAXMEMORY": "256mb",
        "REDIS_URL": "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:6379/0",
    }


def test_redis_refuses_to_start_without_its_password(default_bake):
    start = resources(load_graph(default_bake))["service.Redis"]["deploy"]["startCommand"]
    env = {"PATH": os.environ["PATH"], "REDIS_PASSWORD": ""}
    result = subprocess.run(["sh", "-c", start], env=env, capture_output=True, text=True, timeout=10)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["REDIS_PASSWORD manquant sur le service Redis (README)."]


def test_one_replica_outside_production(default_bake):
    graph = load_graph(default_bake, "staging")
    assert resources(graph)["service.web"]["deploy"]["numReplicas"] == 1
    assert graph_errors(graph) == []


def test_an_older_cli_without_a_context_stops_with_one_french_line(default_bake):
    """CLIs up to 5.43 call ``main()``: no silent single-replica production plan."""
    with pytest.raises(SystemExit) as stopped:
        load_graph(default_bake, environment=None)
    message = str(stopped.value.code)
    assert "\n" not in message and "sans contexte" in message and "5.52" in message
    # The README states the same minimum and the dashboard fallback.
    readme = (default_bake / "README.md").read_text()
    assert "CLI Railway 5.52" in readme and "### Le même déploiement à la main" in readme


def test_railpack_needs_no_config_as_code_file(default_bake):
    """Config as Code (railway.json / railway.toml) stops being read on 2026-12-01."""
    present = {path.name for path in default_bake.rglob("*") if ".venv" not in path.parts}
    assert not present & {"railway.json", "railway.toml", "nixpacks.toml", "Procfile", "Dockerfile"}
    assert (default_bake / ".python-version").read_text().strip() == "3.12"
    requirements = (default_bake / "requirements.txt").read_text()
    assert "gunicorn==" in requirements and "railway-sdk" not in requirements
    assert "railway-sdk==0.7.0" in (default_bake / "requirements-dev.txt").read_text()
    assert (default_bake / "gunicorn.conf.py").is_file()


def test_the_readme_documents_the_deploy_the_graph_declares(default_bake):
    readme = (default_bake / "README.md").read_text()
    section = readme.split("## Déployer sur Railway", 1)[1]
    graph = load_graph(default_bake)
    web, redis = resources(graph)["service.web"], resources(graph)["service.Redis"]

    # The commands shown are the ones Railway will run.
    for command in (web["deploy"]["startCommand"], web["build"]["buildCommand"], *web["deploy"]["preDeployCommand"]):
        assert f"`{command}`" in section, command
    policy = redis["deploy"]["startCommand"].split("--maxmemory-policy ", 1)[1].split()[0]
    assert f"--maxmemory-policy {policy}" in section and "volatile-lru" in section
    for expected in (
        "railway config plan",
        "railway config apply",
        "### Les variables",
        "${{Postgres.DATABASE_URL}}",
        "${{Redis.REDIS_URL}}",
        "### Domaine personnalisé",
        "CUSTOM_DOMAINS",
        "### Plusieurs répliques",
        "### Dépannage",
        "railway logs --service web",
        "python manage.py redis_check",
        "(tableau de bord)",
    ):
        assert expected in section, expected
    # Every variable railway.py sets on web is in the table.
    for name in rendered_variables(graph, "service.web"):
        if name != "PYTHONUNBUFFERED":
            assert f"`{name}`" in section, name


def test_no_railway_section_without_railway(tmp_path):
    project = bake(tmp_path, use_railway="false")
    readme = (project / "README.md").read_text()
    assert "## Déployer sur Railway" not in readme and "railway config" not in readme
    assert readme.endswith("\n") and not readme.endswith("\n\n\n")
    assert not (project / ".railway").exists()
