"""sandbox.sql: each attack on a student's query is refused by SQLite's guards, in bounded time.

Real SQLite, real limits; the timings use the module's own limits (1 s, 64 MB growth)."""

import os
import time

import pytest

from sandbox import sql

SCHEMA = (
    "CREATE TABLE eleve (id INTEGER PRIMARY KEY, nom TEXT, moyenne REAL);"
    "INSERT INTO eleve (nom, moyenne) VALUES ('Ada', 17.5), ('Alan', 11.0);"
)
FOREVER = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "


def run(query: str, script: str = SCHEMA) -> sql.Result:
    with sql.Database(script) as database:
        return database.query(query)


def refused(query: str, script: str = SCHEMA) -> tuple[str, float]:
    start = time.monotonic()
    with pytest.raises(sql.QueryError) as error:
        run(query, script)
    return error.value.message, time.monotonic() - start


def test_a_select_reads_the_teachers_tables():
    result = run("SELECT nom, moyenne FROM eleve ORDER BY moyenne DESC")
    assert result.columns == ("nom", "moyenne")
    assert result.rows == (("Ada", 17.5), ("Alan", 11.0))
    assert not result.truncated


ATTACKS = {
    "write": "DELETE FROM eleve",
    "insert": "INSERT INTO eleve (nom, moyenne) VALUES ('Eve', 20)",
    "update in a CTE": "WITH t AS (SELECT 1) UPDATE eleve SET moyenne = 20",
    "schema change": "DROP TABLE eleve",
    "temporary table": "CREATE TEMP TABLE t (x)",
    "attach a file": "ATTACH DATABASE '/etc/passwd' AS mots",
    "attach in memory": "ATTACH DATABASE ':memory:' AS autre",
    "pragma": "PRAGMA writable_schema = ON",
    "pragma function": "SELECT * FROM pragma_table_info('eleve')",
    "load an extension": "SELECT load_extension('/tmp/evil.so')",
    "vacuum into a file": "VACUUM INTO '/tmp/copie.db'",
    "transaction": "BEGIN",
}


@pytest.mark.parametrize("query", ATTACKS.values(), ids=ATTACKS.keys())
def test_anything_but_reading_is_refused_while_compiling(query):
    message, seconds = refused(query)
    assert message.startswith("Requête refusée : ")
    assert seconds < 0.5


def test_a_second_statement_is_refused_and_the_first_does_not_run_alone():
    message, _ = refused("SELECT nom FROM eleve; DELETE FROM eleve")
    assert message == "Requête refusée : une seule requête à la fois."


def test_no_file_is_reachable_even_by_uri(tmp_path):
    secret = tmp_path / "secret.db"
    # A URI filename in ATTACH is the one way SQLite would open a file: refused before it opens.
    message, _ = refused(f"ATTACH DATABASE 'file:{secret}?mode=rwc' AS s")
    assert "refusée" in message
    assert not secret.exists()
    assert not os.path.exists("file:")


def test_the_teachers_script_cannot_reach_a_file_either(tmp_path):
    target = tmp_path / "copie.db"
    for script in (f"ATTACH DATABASE '{target}' AS copie;", "PRAGMA temp_store_directory = '/tmp';"):
        message, _ = refused("SELECT 1", script)
        assert message.startswith("Script de la base refusé")
    assert not target.exists()


def test_a_recursion_that_never_ends_is_stopped_after_the_time_limit():
    message, seconds = refused(FOREVER + "SELECT count(*) FROM r")
    assert message == "Requête arrêtée : temps dépassé (1 s ; une récursion sans fin ?)."
    assert sql.TIME_LIMIT <= seconds < sql.TIME_LIMIT + 0.5


def test_a_huge_string_is_refused_by_the_length_limit():
    doubling = "WITH RECURSIVE r(x) AS (SELECT 'a' UNION ALL SELECT x || x FROM r) SELECT length(x) FROM r"
    message, seconds = refused(doubling)
    assert "une limite est dépassée" in message and seconds < 0.5
    message, _ = refused("SELECT randomblob(1000000000)")
    assert "string or blob too big" in message


def test_rows_piling_up_in_a_sort_are_stopped_by_the_memory_guard():
    # 90 kB rows sorted: without the guard, the process grows by hundreds of MB in the time limit.
    message, seconds = refused(FOREVER + "SELECT zeroblob(90000) || x FROM r ORDER BY 1")
    assert message == "Requête arrêtée : trop de mémoire demandée (trop de lignes à trier ou à regrouper ?)."
    assert seconds < sql.TIME_LIMIT


def test_the_memory_guard_is_what_stops_it(monkeypatch):
    monkeypatch.setattr(sql, "MEMORY_LIMIT", 10**15)
    message, _ = refused(FOREVER + "SELECT zeroblob(90000) || x FROM r ORDER BY 1")
    assert "temps dépassé" in message


def test_rows_beyond_the_cap_are_not_read():
    with sql.Database(SCHEMA) as database:
        result = database.query(FOREVER + "SELECT x FROM r", max_rows=5)
    assert result.rows == tuple((n,) for n in range(1, 6)) and result.truncated


def test_a_broken_query_gets_a_french_reason():
    assert refused("SELEC nom FROM eleve")[0].startswith("Requête refusée : erreur de syntaxe")
    assert refused("SELECT nom FROM eleves")[0] == "Requête refusée : table inconnue (eleves)."
    assert refused("SELECT prenom FROM eleve")[0] == "Requête refusée : colonne inconnue (prenom)."
    assert refused("   ")[0] == "La requête est vide."
    assert refused("-- rien")[0] == "Seule une requête SELECT est acceptée."
