"""The teacher pages of a class: the progress grid, its CSV export, a student's detail, the
work given, and the class leaderboard (also open to the class's students).

Every view checks who asks before it reads anything (access.py) and answers 404, the same
whether the class exists or not, to anyone else. Only the grid and the leaderboard are cached
(per class, selectors.py); the rest is per student or a write.
"""

import csv
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from caching.pages import cached_page

from . import access, dashboard, grid_html, selectors, services, sorting, student_history
from .forms import AssignmentForm

NOT_FOUND = "Classe introuvable."


@cached_page(reads=dashboard.READS)
def home(request):
    """The home page: a signed-in student's dashboard; the welcome page for anyone else (unchanged)."""
    user = request.user
    if not user.is_authenticated or user.is_teacher:
        return render(request, "home.html")
    return render(request, "teaching/dashboard.html", dashboard.dashboard_for(user))


def own_classroom(request, classroom_id):
    classroom = access.taught_classroom(request.user, classroom_id)
    if classroom is None:
        raise Http404(NOT_FOUND)
    return classroom


@cached_page(reads=[selectors.class_grid.html])
@login_required
def classroom(request, classroom_id):
    classroom = own_classroom(request, classroom_id)  # before any cache read: nobody else's class
    # Warm: the rendered rows only, not the grid's data (grid_html.py); any order sorts them.
    grid = selectors.class_grid.fragment(classroom.pk).rendered(functools.partial(grid_html.render, classroom.pk))
    students, sort = sorting.sorted_students(grid, request.GET.get("tri", sorting.DEFAULT))
    context = {
        "classroom": classroom,
        "grid": grid,
        "students": students,
        "rows": mark_safe("".join(student["html"] for student in students)),  # noqa: S308 -- escaped by grid_html
        "next_sort": {column: sorting.next_sort(sort, column) for column in sorting.COLUMNS},
        "chapter_columns": [
            {"chapter": chapter, "next": sorting.next_sort(sort, sorting.chapter_column(chapter))}
            for chapter in grid["chapters"]
        ],
    }
    return render(request, "teaching/classroom.html", context)


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: a name such as ``=HYPERLINK(…)`` is not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@login_required
def classroom_csv(request, classroom_id):
    classroom = own_classroom(request, classroom_id)
    grid = selectors.class_grid(classroom.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="classe-{classroom.pk}.csv"'
    # The BOM tells a French spreadsheet the file is UTF-8; the semicolon is its separator.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    titles = [
        f"{chapter['course_title']} · {chapter['title']} (sur {chapter['total']})" for chapter in grid["chapters"]
    ]
    # The class page's columns, hints included (their count, and the XP they cost).
    hints = ["Indices utilisés", "Coût des indices (XP)"]
    writer.writerow(["Élève", "Identifiant", *titles, "Exercices réussis", *hints, "Dernière activité"])
    for student in grid["students"]:
        # In the school's time zone, as the class page shows it (the database gives UTC).
        last = localtime(student["last"]).strftime("%d/%m/%Y %H:%M") if student["last"] else ""
        cells = [cell["passed"] for cell in student["cells"]]
        used = (student["hints"], student["hints_cost"])
        row = (student["name"], student["username"], *cells, student["passed"], *used, last)
        writer.writerow([spreadsheet_safe(value) for value in row])
    averages = ["" if chapter["average"] is None else f"{chapter['average']} %" for chapter in grid["chapters"]]
    writer.writerow(["Moyenne de la classe", "", *averages, "", "", "", ""])
    return response


@login_required
def student_detail(request, classroom_id, student_id):
    classroom = own_classroom(request, classroom_id)
    student = access.enrolled_student(classroom, student_id)
    if student is None:
        raise Http404("Élève introuvable dans cette classe.")
    context = {"classroom": classroom, "student": student, **student_history.history(student)}
    return render(request, "teaching/student_detail.html", context)


@login_required
@require_POST
def remove_student(request, classroom_id, student_id):
    classroom = own_classroom(request, classroom_id)
    student = access.enrolled_student(classroom, student_id)
    if student is None:
        raise Http404("Élève introuvable dans cette classe.")
    services.remove_student(classroom, student)
    name = student.get_full_name() or student.display_name
    messages.success(request, f"{name} ne fait plus partie de la classe « {classroom} ».")
    return redirect(classroom)


@login_required
@require_POST
def renew_code(request, classroom_id):
    classroom = own_classroom(request, classroom_id)
    try:
        code = services.renew_join_code(classroom)
    except services.TeachingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Nouveau code d'accès : {code}. L'ancien ne fonctionne plus.")
    return redirect(classroom)


@login_required
def assignments(request, classroom_id):
    classroom = own_classroom(request, classroom_id)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign(
                classroom, course=data.get("course"), chapter=data.get("chapter"), due_date=data["due_date"]
            )
        except services.TeachingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Travail donné à la classe.")
            return redirect("classes:assignments", classroom_id=classroom.pk)
    context = {"classroom": classroom, "form": form, "given": selectors.assigned_chapters(classroom.pk)[0]}
    return render(request, "teaching/assignments.html", context)


@login_required
@require_POST
def withdraw_assignment(request, classroom_id, assignment_id):
    classroom = own_classroom(request, classroom_id)
    if services.withdraw(classroom, assignment_id):
        messages.success(request, "Travail retiré.")
    else:
        messages.error(request, "Ce travail n'est pas (ou plus) donné à cette classe.")
    return redirect("classes:assignments", classroom_id=classroom.pk)


@cached_page(reads=[selectors.class_leaderboard])
@login_required
def class_leaderboard(request, classroom_id):
    classroom = access.visible_classroom(request.user, classroom_id)
    if classroom is None:
        raise Http404(NOT_FOUND)
    rows = selectors.class_leaderboard(classroom.pk)
    mine = next((row for row in rows if row["user_id"] == request.user.pk), None)
    return render(request, "teaching/leaderboard.html", {"classroom": classroom, "rows": rows, "mine": mine})
