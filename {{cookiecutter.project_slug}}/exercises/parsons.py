"""Parsons exercises: the solution's lines shuffled (with distractors), put back in order by the student.

The shuffle is seeded by the exercise, not by the request: every student and every page view
gets the same lines with the same ids, so the page can be cached (LONG, in exercise_content)
and the server can rebuild the same list from the exercise alone to judge an answer.
"""

import random

INDENT = "    "
MAX_INDENT = 5


def indent_unit(lines: list[str]) -> int:
    widths = [len(line) - len(line.lstrip(" ")) for line in lines]
    return min((width for width in widths if width), default=4)


def solution_lines(solution: str) -> list[tuple[int, str]]:
    """The solution as (indentation level, text) per non-blank line."""
    lines = [line.expandtabs(4).rstrip() for line in solution.splitlines() if line.strip()]
    unit = indent_unit(lines)
    return [((len(line) - len(line.lstrip(" "))) // unit, line.strip()) for line in lines]


def source(lines: list[tuple[int, str]]) -> str:
    """The Python source of (indentation level, text) lines, as the student's order builds it."""
    return "\n".join(INDENT * level + text for level, text in lines) + "\n"


def solution_program(solution: str) -> str:
    """The solution rebuilt from its own lines: what the teacher's tests run when the exercise is
    saved, so that the lines in the solution's order are exactly a program known to pass."""
    return source(solution_lines(solution))


def shuffled_lines(exercise) -> list[dict]:
    """The lines the student orders: ``id``, ``text`` and, when the indentation is given, ``indent``."""
    lines = [{"indent": level, "text": text, "distractor": False} for level, text in solution_lines(exercise.solution)]
    lines += [
        {"indent": 0, "text": line.strip(), "distractor": True}
        for line in exercise.parsons_distractors.splitlines()
        if line.strip()
    ]
    order = list(range(len(lines)))
    rng = random.Random(f"parsons:{exercise.pk}")
    for _ in range(10):  # never the solution's own order (when another one exists)
        rng.shuffle(order)
        if [lines[index]["text"] for index in order] != [line["text"] for line in lines]:
            break
    return [
        {
            "id": number,
            "text": lines[index]["text"],
            "indent": None if exercise.parsons_indent else lines[index]["indent"],
        }
        for number, index in enumerate(order)
    ]


def build(exercise, placed: list[tuple[int, int]]) -> tuple[str, str | None]:
    """The program made of ``placed`` ((line id, indentation level) in the student's order), and
    None if it is the solution, else a French sentence saying how far it is (never which line goes where)."""
    lines = {line["id"]: line for line in shuffled_lines(exercise)}
    program = [
        (lines[line_id]["indent"] if lines[line_id]["indent"] is not None else level, lines[line_id]["text"])
        for line_id, level in placed
    ]
    code = source(program)
    expected = solution_lines(exercise.solution)
    if program == expected:
        return code, None
    if len(program) != len(expected):
        missing = len(expected) - len(program)
        if missing > 0:
            return code, f"Il manque {missing} ligne{'s' if missing > 1 else ''} au programme."
        return code, "Le programme a des lignes en trop : certaines sont des pièges."
    texts = [text for _, text in program]
    if sorted(texts) != sorted(text for _, text in expected):
        return code, "Au moins une ligne utilisée est un piège : elle ne fait pas partie de la solution."
    if texts == [text for _, text in expected]:
        return code, "Les lignes sont dans le bon ordre, mais l'indentation n'est pas la bonne."
    right = sum(got == wanted for got, wanted in zip(texts, (text for _, text in expected), strict=True))
    return code, f"{right} ligne{'s' if right > 1 else ''} sur {len(expected)} à la bonne place. Réessayez !"
