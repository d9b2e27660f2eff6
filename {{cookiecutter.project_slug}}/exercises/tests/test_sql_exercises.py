"""SQL exercises: saving runs the teacher's script and query, "Exécuter" shows rows, "Valider"
compares on the server and says how results differ without showing the expected rows."""

import html
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.tests.factories import make_student, make_teacher
from courses.tests.factories import NOTES, make_sql_exercise
from exercises.admin import ExerciseForm
from exercises.models import Attempt, Exercise
from sandbox import sql

pytestmark = pytest.mark.django_db(transaction=True)

RIGHT = "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def exercise():
    return make_sql_exercise()


@pytest.fixture
def student(client):
    user = make_student("ada")
    client.force_login(user)
    return user


def xp_of(user) -> int:
    return get_user_model().objects.values_list("xp", flat=True).get(pk=user.pk)


def validate(client, exercise, query, **extra):
    response = client.post(f"/exercises/{exercise.pk}/submit/", {"code": query, **extra}, **JSON)
    return response.status_code, response.json()


# --- Saving --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"sql_schema": "CREATE TABLE eleve (id INTEGER"}, "sql_schema", "Script de la base refusé"),
        ({"sql_schema": "ATTACH DATABASE 'x.db' AS x;"}, "sql_schema", "Script de la base refusé"),
        ({"solution": "SELECT nom FROM eleves"}, "solution", "Requête attendue : Requête refusée : table inconnue"),
        ({"solution": "DELETE FROM eleve"}, "solution", "seule la lecture des tables"),
        ({"solution": ""}, "solution", "Écrivez la requête attendue."),
    ],
    ids=["broken script", "script attaching a file", "unknown table", "not a read", "no query"],
)
def test_a_broken_script_or_query_is_refused_on_its_field(fields, field, message):
    with pytest.raises(ValidationError) as refused:
        make_sql_exercise(**fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Exercise.objects.filter(kind="sql").exists()


def test_the_admin_form_shows_the_error_then_saves(exercise):
    data = {**NOTES, "chapter": exercise.chapter_id, "title": "Autre", "kind": "sql", "xp_reward": 5, "order": 0}
    form = ExerciseForm(data={**data, "solution": "SELECT nom FROM eleve WHERE"})
    assert not form.is_valid()
    assert form.errors["solution"][0] == "Requête attendue : Requête refusée : requête incomplète."
    assert ExerciseForm(data=data).is_valid()


# --- Validating ----------------------------------------------------------------------------
def test_the_right_query_passes_and_earns_the_xp_once(client, student, exercise):
    status, first = validate(client, exercise, RIGHT.lower())
    aliased = "SELECT nom AS n, moyenne AS m FROM eleve WHERE moyenne >= 12.5 ORDER BY 2 DESC"
    _, second = validate(client, exercise, aliased)
    assert status == 200
    assert first["passed"] and first["xp_awarded"] == 10
    assert second["passed"] and second["xp_awarded"] == 0  # aliases are the student's choice
    assert first["solution"] == NOTES["solution"]
    assert xp_of(student) == 10
    assert Attempt.objects.filter(user=student, xp_awarded__gt=0).count() == 1


WRONG = {
    "too many rows": (
        "SELECT nom, moyenne FROM eleve ORDER BY moyenne DESC",
        "Votre requête renvoie trop de lignes : 4 au lieu de 3",
    ),
    "too few rows": (
        "SELECT nom, moyenne FROM eleve WHERE moyenne > 15",
        "Votre requête renvoie pas assez de lignes : 1 au lieu de 3",
    ),
    "missing column": ("SELECT nom FROM eleve WHERE moyenne > 12", "1 colonne, il en faut 2 : il manque une colonne."),
    "column too many": (
        "SELECT id, nom, moyenne FROM eleve WHERE moyenne > 12",
        "3 colonnes, il en faut 2 : une colonne est en trop.",
    ),
    "wrong type": (
        "SELECT nom, CAST(moyenne AS TEXT) FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC",
        "La colonne n° 2 ne contient pas le bon type de valeurs : texte au lieu de réel.",
    ),
    "wrong rows": (
        "SELECT nom, moyenne + 1 FROM eleve WHERE moyenne > 12 ORDER BY moyenne DESC",
        "3 lignes sur 3 ne correspondent pas au résultat attendu.",
    ),
    "wrong order": ("SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY nom DESC", "pas dans l'ordre attendu"),
    "does not run": ("SELECT nom FROM eleve WHER id = 1", "Requête refusée : erreur de syntaxe"),
}


@pytest.mark.parametrize(("query", "message"), WRONG.values(), ids=WRONG.keys())
def test_a_wrong_query_is_told_how_it_differs_never_the_expected_rows(client, student, exercise, query, message):
    status, verdict = validate(client, exercise, query, passed="true", xp_awarded="100")
    assert status == 200 and not verdict["passed"] and verdict["xp_awarded"] == 0
    assert message in verdict["message"]
    body = json.dumps(verdict)
    for secret in ("Grace", "14.25", "17.5", "moyenne > 12"):
        assert secret not in body
    assert verdict["solution"] is None
    assert xp_of(student) == 0
    assert Attempt.objects.get(user=student).passed is False


def test_without_order_the_rows_compare_as_a_multiset(client, student, exercise):
    exercise.sql_ordered = False
    exercise.save()
    _, verdict = validate(client, exercise, "SELECT nom, moyenne FROM eleve WHERE moyenne > 12 ORDER BY nom")
    assert verdict["passed"]
    # A multiset: a duplicated row is not the same result.
    _, verdict = validate(
        client, exercise, "SELECT nom, moyenne FROM eleve WHERE moyenne > 14 UNION ALL SELECT 'Ada', 17.5"
    )
    assert not verdict["passed"] and "1 ligne sur 3 ne correspond pas" in verdict["message"]


def test_a_hostile_query_is_a_refused_attempt_in_bounded_time(client, student, exercise):
    forever = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
    status, verdict = validate(client, exercise, forever + "SELECT x, x FROM r")
    assert status == 200 and "trop de lignes" in verdict["message"]
    status, verdict = validate(client, exercise, forever + "SELECT count(*), 1 FROM r")
    assert status == 200 and "temps dépassé" in verdict["message"]
    status, verdict = validate(client, exercise, "DELETE FROM eleve")
    assert "seule la lecture des tables" in verdict["message"]
    _, verdict = validate(client, exercise, RIGHT)
    assert verdict["passed"]  # the database is rebuilt for each run: nothing a query did remains


BAD_QUERIES = {
    "empty": ("", "Écrivez une requête avant de l'envoyer."),
    "blank": (" \r\n\t", "Écrivez une requête avant de l'envoyer."),
    "too long": ("-" * (sql.MAX_QUERY_LENGTH + 1), "Une requête compte au plus 10 000 caractères."),
    "escape": ("SELECT '\x1b[31m'", "caractères de contrôle ou invisibles"),
}


@pytest.mark.parametrize(("query", "message"), BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
@pytest.mark.parametrize("button", ["submit", "run"])
def test_bad_input_is_a_400_in_french_and_nothing_runs(client, student, exercise, button, query, message):
    response = client.post(f"/exercises/{exercise.pk}/{button}/", {"code": query}, **JSON)
    assert response.status_code == 400 and message in response.json()["message"]
    page = client.post(f"/exercises/{exercise.pk}/{button}/", {"code": query})  # without JavaScript
    assert page.status_code == 400 and message in html.unescape(page.content.decode())
    assert not Attempt.objects.exists()


def test_the_validation_limit_applies(client, student, exercise):
    exercise.max_validations = 1
    exercise.save()
    _, verdict = validate(client, exercise, "SELECT 1, 2")
    assert verdict["remaining"] == 0
    status, verdict = validate(client, exercise, RIGHT)
    assert status == 403 and "validations" in verdict["message"]


# --- Running --------------------------------------------------------------------------------
def test_run_shows_the_rows_and_records_nothing(client, student, exercise):
    response = client.post(f"/exercises/{exercise.pk}/run/", {"code": "SELECT nom, moyenne, NULL FROM eleve"}, **JSON)
    assert response.status_code == 200
    table = response.json()
    assert table["columns"] == ["nom", "moyenne", "NULL"]
    assert table["rows"][0] == ["Ada", "17.5", "NULL"] and not table["truncated"]
    assert not Attempt.objects.exists()


def test_run_without_javascript_shows_the_table_in_the_page(client, student, exercise):
    response = client.post(f"/exercises/{exercise.pk}/run/", {"code": "SELECT nom FROM eleve WHERE id = 3"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>Grace</td>" in page and "SELECT nom FROM eleve WHERE id = 3" in page
    response = client.post(f"/exercises/{exercise.pk}/run/", {"code": "PRAGMA table_info(eleve)"})
    assert response.status_code == 400 and "seule la lecture des tables" in response.content.decode()


def test_run_shows_only_the_first_rows(client, student, exercise):
    query = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"
    table = client.post(f"/exercises/{exercise.pk}/run/", {"code": query}, **JSON).json()
    assert len(table["rows"]) == sql.MAX_SHOWN_ROWS and table["truncated"]


def test_run_is_refused_to_a_visitor_and_on_another_kind(client, exercise):
    response = client.post(f"/exercises/{exercise.pk}/run/", {"code": RIGHT})
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(make_teacher("prof"))
    exercise.kind = "reponse_courte"
    exercise.accepted_answers = "x"
    exercise.save()
    assert client.post(f"/exercises/{exercise.pk}/run/", {"code": RIGHT}).status_code == 404


def test_run_of_an_unpublished_exercise_is_not_found(client, student, exercise):
    exercise.is_published = False
    exercise.save()
    assert client.post(f"/exercises/{exercise.pk}/run/", {"code": RIGHT}).status_code == 404


def test_the_page_shows_the_schema_and_never_the_expected_query(client, student, exercise):
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "CREATE TABLE eleve" in page and 'formaction="/exercises/' in page and "sql_editor.js" in page
    assert "moyenne &gt; 12 ORDER BY" not in page and "moyenne > 12 ORDER BY" not in page
    validate(client, exercise, RIGHT)
    page = client.get(f"/exercises/{exercise.pk}/").content.decode()
    assert "Requête proposée" in page and "moyenne &gt; 12 ORDER BY" in page
