"""The portal's cached reads: each key declared once, with its tier, where the commands find it."""

import re
from pathlib import Path

from django.conf import settings

from caching import keys
from caching.cached import declared, family_of
from caching.tiers import Tier

PORTAL_KEYS = {
    "session_user_{user_id}": Tier.LONG,
    "user_classes_{user_id}": Tier.MEDIUM,
    "courses_published": Tier.LONG,
    "course_{course_slug}": Tier.LONG,
    "chapter_content_{course_slug}.{chapter_slug}": Tier.LONG,
    "exercise_content_{pk}": Tier.LONG,
    "all_badges": Tier.LONG,
    "leaderboard_global": Tier.MEDIUM,
    "user_stats_{user_id}": Tier.MEDIUM,
    "chapter_progress_{user_id}_{chapter_id}": Tier.SHORT,
    "recent_attempts_{user_id}": Tier.SHORT,
    # The dashboard and the course page: the viewer's passed exercises per chapter and course,
    # the same totals for everyone, the viewer's last badges.
    "passed_counts_{user_id}": Tier.SHORT,
    "exercise_totals": Tier.LONG,
    "recent_badges_{user_id}": Tier.MEDIUM,
    "class_grid_{classroom_id}": Tier.MEDIUM,
    "leaderboard_class_{classroom_id}": Tier.MEDIUM,
    # A student's « À faire »: the work given to their classes, with their progress.
    "todo_{user_id}": Tier.SHORT,
}


def portal_reads() -> list:
    return [read for read in declared() if read.__module__.endswith(".selectors")]


def test_the_portal_declares_its_keys_with_their_tiers():
    assert {read.key_template.template: read.tier for read in portal_reads()} == PORTAL_KEYS


def test_the_commands_find_each_family_from_its_declaration():
    for read in portal_reads():
        example = read.key_for({name: "x" for name in read.key_template.fields})
        assert family_of(example) is read and family_of(keys.fragment(example)) is read, example
        assert family_of(example).tier is PORTAL_KEYS[read.key_template.template]


def sources() -> dict[Path, str]:
    """The project's Python code, tests and hidden folders (a virtualenv) left out."""
    root = Path(settings.BASE_DIR)
    return {
        path: path.read_text()
        for path in root.rglob("*.py")
        if not any(part.startswith(".") or part in {"tests", "migrations"} for part in path.relative_to(root).parts)
    }


QUOTE, PARAMETER = "[\"']", r"\{"


def test_each_key_name_is_written_once_in_the_code():
    """No key is built by hand beside its declaration: reader and invalidator cannot drift apart."""
    code = sources()
    for read in portal_reads():
        family = read.key_template.family
        # The family opening a string: the declaration, or a key built by hand elsewhere.
        end = QUOTE if read.key_template.single else PARAMETER
        pattern = re.compile(QUOTE + re.escape(family) + end)
        found = [path.name for path, text in code.items() for _ in pattern.finditer(text)]
        assert found == ["selectors.py"], (family, found)


README_TIERS = {"long": Tier.LONG, "moyen": Tier.MEDIUM, "court": Tier.SHORT}
KEYS_TABLE_HEADER = "| Clé | Niveau | Ce qu'elle garde | Supprimée par |"


def readme_keys_table() -> dict[str, tuple[Tier, set[str]]]:
    """The README's table of the portal's keys: each key's tier and the models named as deleting it."""
    lines = (Path(settings.BASE_DIR) / "README.md").read_text().splitlines()
    start = lines.index(KEYS_TABLE_HEADER) + 2  # past the header and its |---| line
    table = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        key, tier, _, deleted_by = (cell.strip() for cell in line.strip("|").split("|"))
        table[key.strip("`")] = (README_TIERS[tier], set(re.findall(r"`(\w+)`", deleted_by)))
    return table


def test_the_readme_lists_each_key_with_its_tier_and_the_models_that_delete_it():
    """Computed from the declarations: a new key, a changed tier or invalidation shows up here."""
    declarations = {
        read.key_template.template: (read.tier, {model.__name__ for model in read.invalidated_by})
        for read in portal_reads()
    }
    assert readme_keys_table() == declarations
