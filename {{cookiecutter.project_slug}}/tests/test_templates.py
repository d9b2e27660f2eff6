"""Production renders through the cached template loader, without the loaders/APP_DIRS crash."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.template.backends.django import DjangoTemplates

PROJECT_DIR = Path(__file__).resolve().parents[1]


def test_loaders_with_app_dirs_true_is_refused_by_django():
    """TEMPLATES[0]['OPTIONS']['loaders'] set while APP_DIRS=True: Django refuses it."""
    both_config = {
        "NAME": "both",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "loaders": [("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])]
        },
    }
    with pytest.raises(ImproperlyConfigured, match="(?i)app_dirs must not be set"):
        DjangoTemplates(both_config)


def test_the_test_settings_render_the_home_page(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Bienvenue" in response.content.decode()
    assert engines["django"].engine.template_loaders[0].__class__.__name__ == "Loader"


def test_production_settings_use_the_cached_loader_and_render_a_template(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "{{ cookiecutter.project_slug }}.settings.prod",
        "SECRET_KEY": "a-long-enough-production-key-for-this-test-0123456789-abcdefghij",
        "RAILWAY_PUBLIC_DOMAIN": "portail.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
    )
    code = (
        "import django; django.setup(); from django.template import engines; "
        "engine = engines['django'].engine; print(engine.template_loaders[0].__module__); "
        "print(engine.app_dirs); print(engines['django'].get_template('home.html').render({'project_name': 'X'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loader_module, app_dirs, *html = result.stdout.splitlines()
    assert loader_module == "django.template.loaders.cached"
    assert app_dirs == "False"
    assert "Bienvenue" in "\n".join(html)


def test_production_settings_refuse_to_start_without_a_secret_key():
    # Set but empty: the project's .env must not fill it in either.
    env = {**os.environ, "SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "{{ cookiecutter.project_slug }}.settings.prod"}
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY manquant" in result.stderr.splitlines()[-1]


def test_every_page_links_the_sites_icons_and_manifest_which_exist(client, db):
    page = client.get("/").content.decode()

    for path in ("icons/favicon.ico", "icons/favicon.svg", "icons/apple-touch-icon.png", "site.webmanifest"):
        assert f'href="/static/{path}"' in page, path
        assert finders.find(path), path
    manifest = json.loads(Path(finders.find("site.webmanifest")).read_text())
    assert manifest["name"] == settings.PROJECT_NAME and manifest["lang"] == "fr"
    assert all(finders.find(icon["src"]) for icon in manifest["icons"])
    # The skip link leads to the main content; the navigation is named for screen readers.
    assert '<a class="skip-link" href="#contenu">' in page and '<main id="contenu"' in page
    assert '<nav id="site-nav" class="site-nav" aria-label="Navigation principale">' in page


# A Django one-line comment's delimiters, spelled apart: this file goes through the template's own Jinja.
COMMENT_OPEN, COMMENT_CLOSE = "{" + "#", "#" + "}"


def test_no_template_comment_is_left_open_at_the_end_of_its_line():
    """Django's one-line comment ends with its line: one written over two lines is no comment,
    and its text shows in the page. Longer comments go in a comment block tag."""
    templates = [
        path
        for path in PROJECT_DIR.rglob("*.html")
        if "templates" in path.parts and not any(part.startswith(".") or part == "site-packages" for part in path.parts)
    ]
    assert len(templates) > 10
    left_open = [
        f"{path.relative_to(PROJECT_DIR)}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if COMMENT_OPEN in line and COMMENT_CLOSE not in line.split(COMMENT_OPEN, 1)[1]
    ]
    assert not left_open, left_open
