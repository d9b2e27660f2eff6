"""The class grid's order: ``?tri=nom``, ``?tri=-activite``, ``?tri=c<chapter id>``… Sorted in
Python from the cached grid, so every order costs the same one cached read. An order that means
nothing (a removed chapter, a forged link) gives the default one, never an error."""

DEFAULT = "nom"
MAX_LENGTH = 20
COLUMNS = {
    "nom": lambda student: student["name"].casefold(),
    "activite": lambda student: student["last"].timestamp() if student["last"] else float("-inf"),
    "reussis": lambda student: student["passed"],
}


def chapter_column(chapter: dict) -> str:
    return f"c{chapter['id']}"


def sort_key(column: str, chapters: list[dict]):
    if column in COLUMNS:
        return COLUMNS[column]
    positions = {chapter_column(chapter): index for index, chapter in enumerate(chapters)}
    if column in positions:
        position = positions[column]
        return lambda student: student["cells"][position]["passed"]
    return None


def sorted_students(grid: dict, asked: str) -> tuple[list[dict], str]:
    """The students in the order asked, and that order (the default one if it meant nothing)."""
    asked = (asked or DEFAULT)[:MAX_LENGTH]
    key = sort_key(asked.removeprefix("-"), grid["chapters"])
    if key is None:
        asked, key = DEFAULT, COLUMNS[DEFAULT]
    return sorted(grid["students"], key=key, reverse=asked.startswith("-")), asked


def next_sort(current: str, column: str) -> str:
    """A header's link: its column, or the other way round when it is already the order."""
    return f"-{column}" if current == column else column
