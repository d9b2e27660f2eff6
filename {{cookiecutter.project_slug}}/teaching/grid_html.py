"""The class grid's HTML, rendered once per class and cached next to its data.

Rendering the grid costs far more than reading it (35 students × 12 chapters: some 10 000
template variables, a good share of them dates and numbers to format). So each student's row
is rendered once, without its order, and cached as the grid's HTML (``html:class_grid_<id>``,
deleted whenever ``class_grid_<id>`` is: an attempt, an enrolment, an assignment…, see
selectors.py). Every order of the page (``?tri=…``) then only sorts these rows by the few
values kept with each, and joins them.

Nothing in these rows depends on who looks: no CSRF token (each row's « Retirer » button
submits one form of the page, outside the cache, through its ``form`` attribute), no name of
the viewer. Who may see the class is checked before the cache is read (views.py).
"""

from django.template.loader import get_template


def render(classroom_id: int, grid: dict) -> dict:
    """What the class page needs from the grid: the rows' HTML with their sort values, the
    chapters (for the headers, whose links depend on the order), the footer and the most failed."""
    row = get_template("teaching/_grid_row.html")
    students = [
        {
            # The values sorting.py orders by, and the row itself.
            "id": student["id"],
            "name": student["name"],
            "last": student["last"],
            "passed": student["passed"],
            "cells": [{"passed": cell["passed"]} for cell in student["cells"]],
            # str(): a plain str is pickled into Redis, not the SafeString (marked safe again when shown).
            "html": str(row.render({"classroom_id": classroom_id, "student": student})),
        }
        for student in grid["students"]
    ]
    context = {"grid": grid}
    return {
        "chapters": grid["chapters"],
        "students": students,
        "foot": str(get_template("teaching/_grid_foot.html").render(context)),
        "most_failed": str(get_template("teaching/_most_failed.html").render(context)),
    }
