"""Run a student's SELECT against a teacher's schema: in this process, under SQLite's own guards.

Why not inside the WebAssembly sandbox: a query needs no interpreter, only SQLite, whose
authorizer decides on each operation of the *compiled* statement (not on its text), so it is
confined by construction: a fresh ``:memory:`` database, no attached database
(``SQLITE_LIMIT_ATTACHED`` = 0, ATTACH refused anyway), no URI filename, no extension, no
PRAGMA, no write, one statement. A run takes milliseconds instead of a sandbox start.

What bounds it:
- time: a progress handler stops the statement after ``TIME_LIMIT`` seconds (a recursive CTE
  that never ends included);
- memory: SQLite's heap limits are process-wide (they would hit the project's other
  connections), so each value or row is capped by ``SQLITE_LIMIT_LENGTH``, the rows read by
  ``max_rows``, and, on Linux, the same progress handler stops a statement once the process
  has grown by ``MEMORY_LIMIT`` bytes since it started (rows buffered by ORDER BY, DISTINCT,
  UNION or a materialised CTE); temporary tables stay in memory, never in a file;
- load: the sandbox's admission (one run per student at a time, a bounded pool of slots).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from . import admission, config
from .verifier import AlreadyPending, Busy

TIME_LIMIT = 1.0  # seconds, per statement (the teacher's script counts as one)
MEMORY_LIMIT = 64 * 1024 * 1024  # bytes the process may grow by during a statement
PROGRESS_STEPS = 2000  # SQLite VM instructions between two checks
MAX_QUERY_LENGTH = 10_000
MAX_SCRIPT_LENGTH = 200_000
MAX_ROWS = 1000  # rows a validation compares
MAX_SHOWN_ROWS = 100  # rows "Exécuter" shows

LIMITS = {
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LENGTH: 100_000,  # any string, blob or row, in bytes
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: MAX_SCRIPT_LENGTH,
    sqlite3.SQLITE_LIMIT_COLUMN: 100,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 20,
    sqlite3.SQLITE_LIMIT_VDBE_OP: 50_000,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 16,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1000,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 1,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
}

# What a student's statement may do: read. Anything else (PRAGMA, ATTACH, writes, schema
# changes, transactions) is refused while the statement is compiled.
READ_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
# What a teacher's script may do besides: build tables, views, indexes and fill them.
SCRIPT_ACTIONS = READ_ACTIONS | frozenset(
    {
        sqlite3.SQLITE_CREATE_TABLE,
        sqlite3.SQLITE_CREATE_INDEX,
        sqlite3.SQLITE_CREATE_VIEW,
        sqlite3.SQLITE_INSERT,
        sqlite3.SQLITE_UPDATE,
        sqlite3.SQLITE_DELETE,
        sqlite3.SQLITE_TRANSACTION,
        sqlite3.SQLITE_ALTER_TABLE,
        sqlite3.SQLITE_DROP_TABLE,
        sqlite3.SQLITE_DROP_INDEX,
        sqlite3.SQLITE_DROP_VIEW,
    }
)
DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"})


class QueryError(Exception):
    """A statement refused or stopped; ``message`` is French, for the student or the teacher."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    truncated: bool  # more rows than were read


def _statm_fd() -> int | None:
    try:
        return os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return None  # not Linux: time, lengths and row caps still bound a statement


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident(fd: int) -> int:
    return int(os.pread(fd, 64, 0).split()[1]) * PAGE_SIZE


class _Guard:
    """The progress handler: a non-zero answer makes SQLite abort the statement."""

    def __init__(self, statm: int | None):
        self.statm = statm
        self.reason: str | None = None

    def start(self) -> None:
        self.reason = None
        self.deadline = time.monotonic() + TIME_LIMIT
        self.memory_ceiling = _resident(self.statm) + MEMORY_LIMIT if self.statm is not None else None

    def __call__(self) -> int:
        if time.monotonic() > self.deadline:
            self.reason = f"temps dépassé ({TIME_LIMIT:g} s ; une récursion sans fin ?)"
            return 1
        if self.memory_ceiling is not None and _resident(self.statm) > self.memory_ceiling:
            self.reason = "trop de mémoire demandée (trop de lignes à trier ou à regrouper ?)"
            return 1
        return 0


def _authorizer(allowed: frozenset[int]):
    def authorize(action, arg1, arg2, database, trigger):
        if action not in allowed:
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
            return sqlite3.SQLITE_DENY
        if database not in (None, "main"):
            return sqlite3.SQLITE_DENY  # "temp" included: nothing outside the one database
        return sqlite3.SQLITE_OK

    return authorize


class Database:
    """A fresh in-memory database built from a teacher's script, ready for read-only statements."""

    def __init__(self, script: str):
        if len(script) > MAX_SCRIPT_LENGTH:
            raise QueryError(f"Le script de la base dépasse {MAX_SCRIPT_LENGTH} caractères.")
        # uri=False: ":memory:" is only ever that, never a file name.
        self.connection = sqlite3.connect(":memory:", uri=False, isolation_level=None, check_same_thread=False)
        self.statm = _statm_fd()
        try:
            for limit, value in LIMITS.items():
                self.connection.setlimit(limit, value)
            # Set before any guard: sorters and temporary tables in memory, never a temporary file.
            self.connection.execute("PRAGMA temp_store = MEMORY")
            self.connection.execute("PRAGMA trusted_schema = OFF")
            self.guard = _Guard(self.statm)
            self.connection.set_progress_handler(self.guard, PROGRESS_STEPS)
            self.connection.set_authorizer(_authorizer(SCRIPT_ACTIONS))
            build = lambda: self.connection.executescript(script)  # noqa: E731
            self._run(build, "Script de la base arrêté", "Script de la base refusé")
            self.connection.set_authorizer(_authorizer(READ_ACTIONS))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.connection.close()
        if self.statm is not None:
            os.close(self.statm)
            self.statm = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, action, stopped: str, refused: str):
        self.guard.start()
        try:
            return action()
        except sqlite3.Error as error:
            if self.guard.reason:
                raise QueryError(f"{stopped} : {self.guard.reason}.") from None
            raise QueryError(f"{refused} : {french(error)}.") from None
        except (OverflowError, MemoryError, ValueError) as error:
            # Python's side: a value SQLite could not hand over, a NUL in the text...
            raise QueryError(f"{refused} : {error}.") from None

    def query(self, sql: str, max_rows: int = MAX_ROWS) -> Result:
        """One read-only statement; at most ``max_rows`` rows are read (``truncated`` says if there were more)."""
        if not sql.strip():
            raise QueryError("La requête est vide.")
        if len(sql) > MAX_QUERY_LENGTH:
            raise QueryError(f"Une requête compte au plus {MAX_QUERY_LENGTH} caractères.")

        def run():
            cursor = self.connection.execute(sql)
            if cursor.description is None:
                raise QueryError("Seule une requête SELECT est acceptée.")
            rows = cursor.fetchmany(max_rows + 1)
            columns = tuple(column[0] for column in cursor.description)
            return Result(columns, tuple(rows[:max_rows]), truncated=len(rows) > max_rows)

        return self._run(run, "Requête arrêtée", "Requête refusée")


def french(error: sqlite3.Error) -> str:
    """SQLite's English message, with the common ones said in French."""
    text = str(error)
    if "not authorized" in text or "prohibited" in text:
        return "seule la lecture des tables (SELECT) est permise"
    if "one statement at a time" in text:
        return "une seule requête à la fois"
    if "too big" in text or "too large" in text or "too many" in text:
        return f"une limite est dépassée ({text})"
    if text == "incomplete input":
        return "requête incomplète"
    if "syntax error" in text:
        return f"erreur de syntaxe ({text.removesuffix(': syntax error')})"
    if text.startswith("no such table"):
        return f"table inconnue ({text.removeprefix('no such table: ')})"
    if text.startswith("no such column"):
        return f"colonne inconnue ({text.removeprefix('no such column: ')})"
    return text


@contextmanager
def admitted(owner: str | None) -> Iterator[None]:
    """The sandbox's admission for queries too: one run per owner at a time (AlreadyPending),
    a bounded pool of slots shared with Python validations (Busy)."""
    settings = config.load()
    with (
        admission.one_pending(owner, settings.pending_ttl, AlreadyPending),
        admission.configured_pool(settings).slot(Busy),
    ):
        yield
