"""What a generated project's virtualenv provides: the top-level modules.

The pre-generation hook runs where cookiecutter is installed, without Django or the project's
dependencies, so it reads a committed copy of this fact (``dependency_modules.json`` next to
this file). This module computes it: run it with the Python of a virtualenv holding a
generated project's requirements files::

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


def top_level_modules() -> list[str]:
    """Every top-level module or package installed here (declared in top_level.txt, or inferred
    from the RECORD files), that a project package of the same name would shadow."""
    names = set(packages_distributions())
    for dist in distributions():
        names.update((dist.read_text("top_level.txt") or "").split())
    return sorted(name for name in names if SLUG_LIKE.fullmatch(name))


def merge(environments: list[dict]) -> dict:
    """The committed file, from the objects printed in each environment: the modules of all
    environments together."""
    modules = sorted({name for env in environments for name in env["modules"]})
    return {"generated_by": "hooks/installed_names.py", "modules": modules}


if __name__ == "__main__":
    json.dump({"modules": top_level_modules()}, sys.stdout, indent=1)
    sys.stdout.write("\n")
