"""The apps depend one way: each may import the apps below it, never one above it.

    caching ← throttling ← sandbox ← accounts ← courses ← exercises ← gamification ← teaching ← the project package

- caching is a reusable layer: it imports no other app of the project.
- throttling is reusable too: it uses caching's Redis helpers and names no NSI app; the NSI
  apps may use it (sign-up counts accounts created per address).
- sandbox runs untrusted Python and reports values: it names no NSI model (its one-run-per-
  owner mark goes through caching); exercises calls it to check students' code.
- The NSI apps follow their models: an exercise belongs to a chapter, an attempt earns badges.
  A page that shows data of several apps lives in the highest of them (the chapter page in
  exercises, the profile page in gamification; portal_urls.py keeps their URL names), and a
  lower app announces events with a signal that a higher one receives
  (exercises.signals.answer_passed, which gamification connects to award badges;
  gamification.signals.demo_seeded, which teaching connects to give the demo class work).
- teaching holds the teacher pages of a class (its grid reads attempts, chapters and users);
  they are mounted in the "classes" namespace of accounts' class list.
- The project package (settings, root URLconf) ties the apps together: it may import any of
  them, and none of them imports it.

Every import counts: at the top of a module, inside a function (which would hide a cycle until
run time), relative ones, and a module named in a literal string to import_module,
import_string or include, or a model named in a string to a relation field. Tests and
migrations may import anything.
"""

import ast
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[1]
PROJECT_PACKAGE = settings.ROOT_URLCONF.partition(".")[0]

# Lowest first. An app absent from this project (generated without the NSI apps) is skipped.
LAYERS = [
    *("caching", "throttling", "sandbox", "accounts", "courses", "exercises", "gamification", "teaching"),
    PROJECT_PACKAGE,
]

# Calls whose literal first argument names a module, and fields whose literal "app.Model" names a model.
IMPORTING_CALLS = {"import_module", "import_string", "include", "__import__"}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Dependency:
    path: Path
    line: int
    target: str  # the module (or "app.Model") named

    def __str__(self):
        return f"{self.path.relative_to(PROJECT_DIR)}:{self.line} → {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_checked(path: Path) -> bool:
    parts = path.relative_to(PROJECT_DIR).parts
    return not ({"tests", "migrations"} & set(parts) or path.name == "conftest.py" or path.name.startswith("test_"))


def called_name(node: ast.Call) -> str | None:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def literal_first_argument(node: ast.Call, keyword: str | None = None) -> str | None:
    values = [*node.args[:1], *(item.value for item in node.keywords if item.arg == keyword)]
    strings = (value.value for value in values if isinstance(value, ast.Constant) and isinstance(value.value, str))
    return next(strings, None)


def named_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every module this source names, anywhere in its tree."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module is None:  # "from . import views" names the module <package>.views
                base = importlib.util.resolve_name("." * node.level, package)
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            else:  # "from x import y" names at least the module x
                found.append((node.lineno, importlib.util.resolve_name("." * node.level + node.module, package)))
        elif isinstance(node, ast.Call) and called_name(node) in IMPORTING_CALLS:
            if (name := literal_first_argument(node)) is not None:
                found.append((node.lineno, name))
        elif isinstance(node, ast.Call) and called_name(node) in RELATION_FIELDS:
            name = literal_first_argument(node, keyword="to")
            if name is not None and "." in name:  # "self" and "Model" stay within their app
                found.append((node.lineno, name))
    return found


def present_layers() -> list[str]:
    return [name for name in LAYERS if (PROJECT_DIR / name / "__init__.py").is_file()]


def dependencies() -> dict[tuple[str, str], list[Dependency]]:
    """(importing app, imported app) → the imports that make the first depend on the second."""
    layers = set(present_layers())
    graph: dict[tuple[str, str], list[Dependency]] = {}
    for app in sorted(layers):
        for path in sorted((PROJECT_DIR / app).rglob("*.py")):
            if not is_checked(path):
                continue
            source = path.read_text(encoding="utf-8")
            for line, target in named_modules(source, module_name(path), is_package=path.name == "__init__.py"):
                imported = target.partition(".")[0]
                if imported in layers and imported != app:
                    graph.setdefault((app, imported), []).append(Dependency(path, line, target))
    return graph


def path_between(edges, start: str, goal: str) -> list[str] | None:
    """The shortest chain of apps from start to goal, both included, or None."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        if path[-1] == goal:
            return path
        for source, target in sorted(edges):
            if source == path[-1] and target not in seen:
                seen.add(target)
                paths.append([*path, target])
    return None


def test_the_walker_sees_function_local_relative_and_string_imports():
    source = (
        "from . import views\n"
        "from ..readthrough import cached\n"
        "import exercises.models as m\n"
        "def award():\n"
        "    from gamification.services import award_badges\n"
        "    return import_module('courses.selectors')\n"
        "chapter = models.ForeignKey('courses.Chapter', on_delete=CASCADE)\n"
    )
    assert sorted(named_modules(source, "caching.templatetags.fragments", is_package=False)) == [
        (1, "caching.templatetags.views"),
        (2, "caching.readthrough"),
        (3, "exercises.models"),
        (5, "gamification.services"),
        (6, "courses.selectors"),
        (7, "courses.Chapter"),
    ]


def test_every_app_of_the_project_has_a_layer():
    local = {config.name for config in apps.get_app_configs() if Path(config.path).parent == PROJECT_DIR}
    assert local - set(LAYERS) == set(), "add the new app to LAYERS, above the apps it imports"
    assert {"caching", "throttling", PROJECT_PACKAGE} <= set(present_layers())


def test_no_import_cycle_between_apps():
    graph = dependencies()
    cycles = []
    for (importing, imported), found in sorted(graph.items()):
        if back := path_between(graph, imported, importing):
            cycles.append(" → ".join([importing, *back]) + ", through:\n" + "\n".join(f"  {item}" for item in found))
    assert cycles == [], "import cycles between apps:\n" + "\n".join(cycles)


def test_each_app_imports_only_the_apps_below_it():
    rank = {name: position for position, name in enumerate(LAYERS)}
    upward = [
        f"{importing} may not import {imported}: {dependency}"
        for (importing, imported), found in sorted(dependencies().items())
        if rank[imported] > rank[importing]
        for dependency in found
    ]
    assert upward == [], "imports against the layers (" + " ← ".join(present_layers()) + "):\n" + "\n".join(upward)
