"""What a generated project's virtualenv provides: Django's languages and the top-level modules.

The pre-generation hook runs where cookiecutter is installed, without Django or the project's
dependencies, so it reads a committed copy of these facts (``django_languages.json`` and
``dependency_modules.json`` next to this file). This module computes them: run it with the
Python of a virtualenv holding a generated project's requirements files::

    <venv>/bin/python hooks/installed_names.py

It prints one JSON object for that environment; ``tests/test_answer_data.py`` merges the
objects of every Django version the template offers and compares them with the copies.
"""

from __future__ import annotations

import json
import re
import sys
from importlib.metadata import distributions, packages_distributions

# Only names a project slug could take can clash with it (see SLUG_RE in pre_gen_project.py).
SLUG_LIKE = re.compile(r"[a-z][a-z0-9_]*")


def django_languages() -> dict:
    """Django's LANGUAGES, in order, each with whether Django ships its translations.

    With LANGUAGES left at its default, LANGUAGE_CODE passes the translation.E004 check when
    ``get_supported_language_variant`` resolves it; the project is only in French (or any other
    language) when the resolved code also has a catalog (``check_for_language``). The hook
    replays that resolution from these facts and the LANG_INFO fallbacks (``zh-cn`` → ``zh-hans``).
    """
    import django
    from django.conf import global_settings
    from django.conf.locale import LANG_INFO
    from django.utils.translation.trans_real import check_for_language

    setup_django()
    return {
        "django": ".".join(django.__version__.split(".")[:2]),
        "languages": {code: check_for_language(code) for code, _name in global_settings.LANGUAGES},
        "fallbacks": {code: info["fallback"] for code, info in sorted(LANG_INFO.items()) if "fallback" in info},
    }


def setup_django() -> None:
    """Default settings: Django's own catalogs only (the generated project ships none)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure()
        django.setup()


def django_resolution(codes: list[str]) -> dict[str, str | None]:
    """What Django itself makes of each LANGUAGE_CODE: the language it uses, or None when the
    system check translation.E004 fails or the language has no translations."""
    from django.utils.translation import check_for_language, get_supported_language_variant

    setup_django()
    resolved = {}
    for code in codes:
        try:
            language = get_supported_language_variant(code)
        except LookupError:
            language = None
        resolved[code] = language if language and check_for_language(language) else None
    return resolved


def top_level_modules() -> list[str]:
    """Every top-level module or package installed here (declared in top_level.txt, or inferred
    from the RECORD files), that a project package of the same name would shadow."""
    names = set(packages_distributions())
    for dist in distributions():
        names.update((dist.read_text("top_level.txt") or "").split())
    return sorted(name for name in names if SLUG_LIKE.fullmatch(name))


def merge(environments: list[dict]) -> tuple[dict, dict]:
    """The two committed files, from the objects printed in each environment: the languages of
    each Django version, and the modules of all environments together."""
    languages = {
        env["django"]: {"languages": env["languages"], "fallbacks": env["fallbacks"]}
        for env in sorted(environments, key=lambda env: env["django"])
    }
    modules = sorted({name for env in environments for name in env["modules"]})
    return languages, {"generated_by": "hooks/installed_names.py", "modules": modules}


if __name__ == "__main__":
    json.dump({**django_languages(), "modules": top_level_modules()}, sys.stdout, indent=1)
    sys.stdout.write("\n")
