"""The class page: the grid, its statistics, its sorting, its export, and its cache per class."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import Enrollment
from accounts.tests.factories import make_student
from courses.tests.factories import make_qcm
from teaching import selectors
from teaching.models import Assignment

from .builders import answer, make_class

pytestmark = pytest.mark.django_db


def grid_page(client, world, query=""):
    client.force_login(world.teacher)
    response = client.get(f"/classes/{world.classroom.pk}/{query}")
    assert response.status_code == 200
    return response


def test_the_grid_shows_each_students_progress_per_chapter_and_the_class_average(client):
    world = make_class(students=2, chapters=2, exercises=2)
    ada, alan = world.students
    first = world.chapters[0].exercises.all()
    answer(ada, first[0])
    answer(ada, first[1])
    answer(alan, first[0], right=False)
    answer(alan, first[0], right=False)

    page = grid_page(client, world).text
    grid = selectors.class_grid(world.classroom.pk)

    assert '<td class="ok">2 / 2' in page and "0 / 2" in page and "50 %" in page
    rows = {student["id"]: student for student in grid["students"]}
    assert [cell["passed"] for cell in rows[ada.pk]["cells"]] == [2, 0]
    assert [cell["total"] for cell in rows[ada.pk]["cells"]] == [2, 2]
    assert [cell["passed"] for cell in rows[alan.pk]["cells"]] == [0, 0]
    assert [chapter["average"] for chapter in grid["chapters"]] == [50, 0]
    assert grid["most_failed"][0] | {} == {
        "title": first[0].title,
        "chapter_title": world.chapters[0].title,
        "failures": 2,
        "students": 1,
    }
    assert rows[alan.pk]["last"] is not None


def test_a_class_page_never_shows_another_classs_students_or_answers(client):
    mine, theirs = make_class("1re A"), make_class("1re B")
    exercise = theirs.chapters[0].exercises.first()
    answer(theirs.students[0], exercise, right=False)

    page = grid_page(client, mine).text

    for student in theirs.students:
        assert student.username not in page
    assert "Aucune réponse fausse" in page
    # Each class has its own key: the other class's grid is not the one cached.
    assert selectors.class_grid(theirs.classroom.pk)["students"][0]["id"] == theirs.students[0].pk
    assert {s["id"] for s in selectors.class_grid(mine.classroom.pk)["students"]} == {s.pk for s in mine.students}


def test_an_attempt_an_enrolment_and_an_assignment_refresh_the_cached_grid(client, django_capture_on_commit_callbacks):
    world = make_class(students=1, chapters=1, exercises=1)
    assert "0 / 1" in grid_page(client, world).text  # its HTML cached now
    exercise = world.chapters[0].exercises.get()

    with django_capture_on_commit_callbacks(execute=True):
        answer(world.students[0], exercise)
    assert '<td class="ok">1 / 1' in grid_page(client, world).text

    newcomer = make_student(first_name="Grace")
    with django_capture_on_commit_callbacks(execute=True):
        Enrollment.objects.create(student=newcomer, classroom=world.classroom)
    assert "Grace" in grid_page(client, world).text

    with django_capture_on_commit_callbacks(execute=True):
        Assignment.objects.filter(classroom=world.classroom).delete()
    page = grid_page(client, world)
    assert page.context["chapter_columns"] == [] and "1 / 1" not in page.text

    with django_capture_on_commit_callbacks(execute=True):
        Assignment.objects.create(classroom=world.classroom, chapter=world.chapters[0])
    with django_capture_on_commit_callbacks(execute=True):
        make_qcm(world.chapters[0], title="Nouveau")
    assert "1 / 2" in grid_page(client, world).text


def test_the_rendered_grid_is_cached_per_class_for_every_order_and_holds_nothing_of_the_viewer(client, redis_commands):
    world, other = make_class("1re A", students=3), make_class("1re B", students=1)
    grid_page(client, world)
    redis_commands.clear()

    default = client.get(f"/classes/{world.classroom.pk}/?tri=nom")
    reverse = client.get(f"/classes/{world.classroom.pk}/?tri=-nom")

    # Warm, whatever the order: the session (an MGET with its epoch, or a GET with the cache-only
    # store), then one MGET (user row + the grid's HTML). The grid's data is not read at all.
    assert len(redis_commands) == 4 and redis_commands[1::2] == ["MGET", "MGET"], redis_commands
    assert [s["id"] for s in reverse.context["students"]] == [s["id"] for s in default.context["students"]][::-1]
    rows = "".join(student["html"] for student in default.context["students"])
    assert world.students[0].username in rows and other.students[0].username not in rows
    # No per-viewer value in the cache: the buttons post the page's one form, which has the token.
    assert "csrfmiddlewaretoken" not in rows and world.teacher.username not in rows
    assert 'form="retirer-eleve"' in rows
    assert '<form id="retirer-eleve" method="post"><input type="hidden" name="csrfmiddlewaretoken"' in default.text
    assert f'formaction="/classes/{world.classroom.pk}/eleves/{world.students[0].pk}/retirer/"' in rows


@pytest.mark.parametrize("who", ["other_teacher", "student", "anonymous"])
def test_a_warm_grid_is_still_refused_to_anyone_but_the_classs_teacher(client, who):
    world = make_class(students=2)
    grid_page(client, world)  # the class's HTML is cached now
    client.logout()
    if who == "other_teacher":
        client.force_login(make_class("Autre").teacher)
    elif who == "student":
        client.force_login(world.students[0])

    response = client.get(f"/classes/{world.classroom.pk}/")

    assert response.status_code == (302 if who == "anonymous" else 404)
    assert world.students[1].username not in response.text


def test_the_grid_sorts_by_any_column_and_ignores_an_unknown_order(client):
    world = make_class(students=3, chapters=1, exercises=2)
    best = world.students[1]
    for exercise in world.chapters[0].exercises.all():
        answer(best, exercise)
    chapter_column = f"c{world.chapters[0].pk}"

    by_name = [s["id"] for s in grid_page(client, world, "?tri=nom").context["students"]]
    reversed_names = [s["id"] for s in grid_page(client, world, "?tri=-nom").context["students"]]
    by_chapter = [s["id"] for s in grid_page(client, world, f"?tri=-{chapter_column}").context["students"]]

    assert reversed_names == by_name[::-1]
    assert by_chapter[0] == best.pk
    for nonsense in ("?tri=%00", "?tri=c999999", "?tri=" + "x" * 5000, "?tri=-"):
        assert [s["id"] for s in grid_page(client, world, nonsense).context["students"]] == by_name


def test_the_export_is_utf8_with_a_bom_for_a_french_spreadsheet_and_runs_no_formula(client):
    world = make_class(students=1, chapters=1, exercises=1)
    world.students[0].first_name, world.students[0].last_name = '=HYPERLINK("http://x")', "Élodie"
    world.students[0].save()
    client.force_login(world.teacher)

    response = client.get(f"/classes/{world.classroom.pk}/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Élève", "Identifiant"]
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[-1][0] == "Moyenne de la classe"


def test_the_teacher_removes_a_student_and_renews_the_code(client):
    world = make_class(students=2)
    client.force_login(world.teacher)
    old_code = world.classroom.join_code

    removed = client.post(f"/classes/{world.classroom.pk}/eleves/{world.students[0].pk}/retirer/", follow=True)
    renewed = client.post(f"/classes/{world.classroom.pk}/code/", follow=True)

    assert "ne fait plus partie de la classe" in removed.text
    assert not Enrollment.objects.filter(student=world.students[0], classroom=world.classroom).exists()
    world.classroom.refresh_from_db()
    assert world.classroom.join_code != old_code and world.classroom.join_code in renewed.text
    assert world.students[0].username not in renewed.text


def test_the_student_detail_page_lists_the_answers_and_the_xp_over_time(client):
    world = make_class(students=1, chapters=1, exercises=1)
    exercise = world.chapters[0].exercises.get()
    answer(world.students[0], exercise, right=False)
    answer(world.students[0], exercise)
    client.force_login(world.teacher)

    page = client.get(f"/classes/{world.classroom.pk}/eleves/{world.students[0].pk}/")

    assert page.status_code == 200
    assert "échouée" in page.text and "réussie (+10 XP)" in page.text
    # A QCM answer is shown as the text of the choice picked (the factory's: "3", then "4").
    assert "<code>3</code>" in page.text and "<code>4</code>" in page.text
    assert [day["total"] for day in page.context["xp_days"]] == [10]
    assert "<polyline" in page.text


def class_with_two_hints():
    """Two students, one exercise with two hints (3 then 2 XP)."""
    from exercises.models import Hint

    world = make_class(students=2, chapters=1, exercises=1)
    exercise = world.chapters[0].exercises.first()
    Hint.objects.create(exercise=exercise, order=1, text="Relisez le cours.", cost=3)
    Hint.objects.create(exercise=exercise, order=2, text="C'est la 2e.", cost=2)
    return world, exercise


def test_the_grid_shows_who_used_hints_and_a_reveal_refreshes_it(client, django_capture_on_commit_callbacks):
    from exercises.services import reveal_hint

    world, exercise = class_with_two_hints()
    ada, alan = world.students
    assert "aucun" in grid_page(client, world).text  # cached now (MEDIUM)

    with django_capture_on_commit_callbacks(execute=True):
        reveal_hint(ada, exercise)
        reveal_hint(ada, exercise)

    response = grid_page(client, world)
    rows = {student["id"]: student for student in response.context["grid"]["students"]}
    assert (rows[ada.pk]["hints"], rows[ada.pk]["hints_cost"]) == (2, 5)
    assert rows[alan.pk]["hints"] == 0
    assert "−5 XP" in response.text and "Relisez" not in response.text


def export_rows(client, world) -> dict[str, dict]:
    """The export's rows by username (the class average's under "")."""
    text = client.get(f"/classes/{world.classroom.pk}/export.csv").content.decode("utf-8-sig")
    header, *body = csv.reader(io.StringIO(text), delimiter=";")
    return {row[1]: dict(zip(header, row, strict=True)) for row in body}


def test_the_export_has_the_hints_each_student_used_and_follows_a_reveal(client, django_capture_on_commit_callbacks):
    from exercises.services import reveal_hint

    world, exercise = class_with_two_hints()
    ada, alan = world.students
    client.force_login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        reveal_hint(ada, exercise)
    assert export_rows(client, world)[ada.username]["Indices utilisés"] == "1"  # the grid is cached now

    with django_capture_on_commit_callbacks(execute=True):
        reveal_hint(ada, exercise)
    rows = export_rows(client, world)

    assert (rows[ada.username]["Indices utilisés"], rows[ada.username]["Coût des indices (XP)"]) == ("2", "5")
    assert (rows[alan.username]["Indices utilisés"], rows[alan.username]["Coût des indices (XP)"]) == ("0", "0")
    assert rows[""]["Élève"] == "Moyenne de la classe" and "Relisez" not in str(rows)


def test_the_export_gives_the_last_activity_in_the_schools_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    world = make_class(students=1, chapters=1, exercises=1)
    attempt = answer(world.students[0], world.chapters[0].exercises.first())
    client.force_login(world.teacher)

    shown = export_rows(client, world)[world.students[0].username]["Dernière activité"]

    assert shown == timezone.localtime(attempt.created_at).strftime("%d/%m/%Y %H:%M")
    assert shown != attempt.created_at.astimezone(datetime.UTC).strftime("%d/%m/%Y %H:%M")
