"""Files a user reads first: LICENSE, pyproject.toml, .env, compose.yaml.

compose.yaml is parsed, not run (no Docker in CI): its ports and credentials must be the ones
.env.example documents and its images the ones the generated CI uses.
"""

import datetime
import json
import tomllib
from urllib.parse import urlsplit

import pytest
import yaml

from .baking import TEMPLATE_DIR, bake

LICENSES = TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "_licenses"


@pytest.mark.parametrize(
    ("answer", "spdx", "first_line"),
    [
        ("MIT", "MIT", "MIT License"),
        ("AGPL-3.0", "AGPL-3.0-only", "GNU AFFERO GENERAL PUBLIC LICENSE"),
        ("CC-BY-SA-4.0", "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International"),
        ("aucune", None, None),
    ],
)
def test_the_license_answer_writes_the_official_text(tmp_path, answer, spdx, first_line):
    project = bake(tmp_path, license=answer, author_name="Lycée Jean Moulin")
    assert not (project / "_licenses").exists()
    metadata = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "\n## Licence\n" in (project / "README.md").read_text()
    if spdx is None:
        assert not (project / "LICENSE").exists() and "license" not in metadata
        return
    text = (project / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0] == first_line
    assert metadata["license"] == spdx and metadata["license-files"] == ["LICENSE"]
    official = (LICENSES / f"{spdx}.txt").read_text(encoding="utf-8")
    if spdx == "MIT":
        assert f"Copyright (c) {datetime.date.today().year} Lycée Jean Moulin" in text
        assert "<year>" not in text and "<copyright holders>" not in text
        official = official.replace("<year>", str(datetime.date.today().year))
        official = official.replace("<copyright holders>", "Lycée Jean Moulin")
    assert text == official


def test_pyproject_keeps_accents_and_env_files_speak_french(tmp_path):
    project = bake(tmp_path, description='Cours "NSI" de première', author_name="Équipe d'Élodie")
    raw = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert "Équipe d'Élodie" in raw and "\\u00" not in raw
    assert tomllib.loads(raw)["project"]["description"] == 'Cours "NSI" de première'
    env = (project / ".env").read_text()
    assert env.startswith("# Réglages de cette machine seulement")
    example = (project / ".env.example").read_text()
    assert example.startswith("# Toutes les variables que lit le projet.")
    settings = (project / project.name / "settings" / "base.py").read_text()
    assert 'LANGUAGE_CODE = "fr-fr"' in settings
    assert "language_code" not in json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())


def test_compose_matches_env_example_and_the_ci_services(tmp_path):
    project = bake(tmp_path)
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"redis", "postgres"}

    example = (project / ".env.example").read_text().splitlines()

    def documented(name: str) -> str:
        line = next(line for line in example if line.lstrip("# ").startswith(f"{name}="))
        return line.lstrip("# ").split("=", 1)[1].split()[0]

    redis_url, database_url = urlsplit(documented("REDIS_URL")), urlsplit(documented("DATABASE_URL"))
    # Published on the loopback interface only, on the ports the URLs name.
    assert services["redis"]["ports"] == [f"127.0.0.1:{redis_url.port}:6379"]
    assert services["postgres"]["ports"] == [f"127.0.0.1:{database_url.port}:5432"]
    assert redis_url.hostname == database_url.hostname == "127.0.0.1"
    postgres = services["postgres"]["environment"]
    assert (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"]) == (database_url.username, database_url.password)
    assert postgres["POSTGRES_DB"] == database_url.path.lstrip("/") == project.name
    # The README gives the same URLs.
    readme = (project / "README.md").read_text()
    assert documented("REDIS_URL") in readme and documented("DATABASE_URL") in readme and "docker compose up -d" in readme

    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    ci = workflow["jobs"]["test"]["services"]
    assert services["redis"]["image"] == ci["redis"]["image"]
    assert services["postgres"]["image"] == ci["postgres"]["image"]
    command = services["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"
