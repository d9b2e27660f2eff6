"""include_nsi_apps: the NSI apps (and the sandbox that runs Python exercises), or a bare
project with Django's own user model.

The files that differ between the two (settings/portal.py, portal_urls.py, home and nav
templates) are whole files: the "no" version lives under _without_nsi_apps/ and the
post-generation hook puts it in place.
"""

from pathlib import Path

import pytest
from post_gen_project import OPTIONAL_PARTS, VARIANT_FOLDERS, use_variants

from .baking import TEMPLATE_DIR, bake

NSI_APPS = ("sandbox", "accounts", "courses", "exercises", "gamification", "teaching")
MODEL_APPS = ("accounts", "courses", "exercises", "gamification", "teaching")
TEMPLATE_PROJECT = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"


def test_every_variant_replaces_a_file_of_the_template():
    variants = TEMPLATE_PROJECT / VARIANT_FOLDERS["include_nsi_apps"]
    files = [path.relative_to(variants) for path in variants.rglob("*") if path.is_file()]
    assert files
    for relative in files:
        assert (TEMPLATE_PROJECT / relative).is_file(), relative


def test_the_nsi_apps_are_the_optional_part():
    assert OPTIONAL_PARTS["include_nsi_apps"] == NSI_APPS
    for app in NSI_APPS:
        assert (TEMPLATE_PROJECT / app / "apps.py").is_file()


def test_use_variants_puts_the_no_version_in_place(tmp_path):
    (tmp_path / "_without_nsi_apps" / "pkg").mkdir(parents=True)
    (tmp_path / "_without_nsi_apps" / "pkg" / "portal.py").write_text("APPS = []\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "portal.py").write_text("APPS = ['courses']\n")

    assert use_variants(tmp_path, {"include_nsi_apps": False}) == [str(Path("pkg") / "portal.py")]
    assert (tmp_path / "pkg" / "portal.py").read_text() == "APPS = []\n"
    assert not (tmp_path / "_without_nsi_apps").exists()


def test_use_variants_keeps_the_full_version_when_the_answer_is_yes(tmp_path):
    (tmp_path / "_without_nsi_apps").mkdir()
    (tmp_path / "_without_nsi_apps" / "home.html").write_text("bare")
    (tmp_path / "home.html").write_text("portal")

    assert use_variants(tmp_path, {"include_nsi_apps": True}) == []
    assert (tmp_path / "home.html").read_text() == "portal"
    assert not (tmp_path / "_without_nsi_apps").exists()


def test_a_variant_of_a_missing_file_is_refused(tmp_path):
    (tmp_path / "_without_nsi_apps").mkdir()
    (tmp_path / "_without_nsi_apps" / "gone.py").write_text("")
    with pytest.raises(FileNotFoundError, match="gone.py"):
        use_variants(tmp_path, {"include_nsi_apps": False})


def test_with_the_nsi_apps(tmp_path):
    project = bake(tmp_path)
    settings = project / project.name / "settings"
    assert all((project / app / "models.py").is_file() for app in MODEL_APPS)
    assert 'AUTH_USER_MODEL = "accounts.User"' in (settings / "portal.py").read_text()
    assert "markdown==" in (project / "requirements.txt").read_text()
    assert "wasmtime==" in (project / "requirements.txt").read_text()
    assert "manage.py compile_sandbox" in (project / ".railway" / "railway.py").read_text()
    assert "## Le portail NSI" in (project / "README.md").read_text()
    assert not (project / "_without_nsi_apps").exists()


def test_without_the_nsi_apps(tmp_path):
    project = bake(tmp_path, include_nsi_apps="false")
    settings = project / project.name / "settings"
    assert not any((project / app).exists() for app in NSI_APPS)
    assert 'AUTH_USER_MODEL = "auth.User"' in (settings / "portal.py").read_text()
    assert "courses" not in (project / project.name / "portal_urls.py").read_text()
    assert "courses:" not in (project / "templates" / "nav.html").read_text()
    assert "courses:" not in (project / "templates" / "home.html").read_text()
    requirements = (project / "requirements.txt").read_text()
    assert "markdown" not in requirements and "nh3" not in requirements
    assert "wasmtime" not in requirements and "safeloadai" not in requirements
    railway = (project / ".railway" / "railway.py").read_text()
    assert "compile_sandbox" not in railway and "SANDBOX_CACHE_DIR" not in railway
    assert "Le portail NSI" not in (project / "README.md").read_text()
    assert not (project / "_without_nsi_apps").exists()
