"""What travels between the server and the guest, and how its answer is read.

Out: the guest program (sandbox/guest.py), a per-run random marker, the setup code, the code
and the expressions, as argv. Back: one line on stderr, the marker then a Python literal
(read with ``ast.literal_eval``, which builds strings, tuples and lists and runs nothing).

Why the student's code cannot forge a verdict: no verdict ever comes from the guest. It only
reports ``repr()`` of each expression's value; the server compares those strings with expected
values it computed from the teacher's solution when the exercise was saved, and keeps to itself
(never cached, never sent to the browser or the guest). The student's code runs in the same
interpreter as the guest program, so it can read the marker and print a line of its own, or
stop the guest program and print a made-up answer: to make a private test pass that way, it
would have to print the expected value of an expression it has not seen the answer of, which
is solving the exercise. Two marked lines (the code's and the guest program's) or a malformed
one are refused as an invalid answer, never read as passed.
"""

from __future__ import annotations

import ast
import secrets
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import wasmtime

from .config import SandboxConfig
from .machine import GuestRun
from .results import Evaluation, Outcome


@cache
def guest_source() -> str:
    return Path(__file__).with_name("guest.py").read_text(encoding="utf-8")


def new_marker() -> str:
    return f"@@sandbox-result-{secrets.token_hex(16)}@@"


def guest_argv(marker: str, code: str, expressions: Sequence[str], setup: str) -> list[str]:
    # -I: isolated mode (no environment variable, user site or script directory on the path);
    # -S: no site module (nothing to find there, and 30 ms less at start).
    return ["python", "-I", "-S", "-c", guest_source(), marker, setup, code, *expressions]


def unsendable(*texts: str) -> str | None:
    """Why these texts cannot travel as argv (C strings of UTF-8), or None."""
    for text in texts:
        if "\x00" in text:
            return "Le code contient un caractère nul, interdit dans un programme Python."
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "Le code contient un caractère invalide (hors Unicode)."
    return None


def failed(message: str, stdout: str) -> Evaluation:
    return Evaluation(outcomes=(), failure=message, stdout=stdout)


def trap_message(run: GuestRun, config: SandboxConfig) -> str:
    if run.trap == wasmtime.TrapCode.OUT_OF_FUEL:
        return "Temps de calcul dépassé : le programme boucle-t-il sans fin ?"
    if run.trap == wasmtime.TrapCode.INTERRUPT:
        return f"Temps limite dépassé ({config.wall_seconds:g} s)."
    if run.trap == wasmtime.TrapCode.STACK_OVERFLOW:
        return "Récursion trop profonde : la pile d'appels est épuisée."
    return "Le programme s'est arrêté brutalement (mémoire épuisée ?)."


def code_failure(where: object, kind: object, error: object, line: object, config: SandboxConfig) -> str:
    error = str(error)
    at = f" ligne {line}" if isinstance(line, int) else ""
    if where == "setup":
        return f"Le code d'initialisation de l'exercice a échoué{at} : {error}"
    if kind == "syntax":
        return f"Erreur de syntaxe{at} : {error}"
    if kind == "exit":
        return "Le programme a appelé exit() : il doit seulement définir ce qui est demandé."
    if error.startswith("MemoryError"):
        return f"Mémoire insuffisante : le programme a dépassé {config.memory_bytes // 2**20} Mo."
    return f"Le programme a levé une exception{at} : {error}"


def parse_outcomes(raw: object, count: int) -> tuple[Outcome, ...] | None:
    if not isinstance(raw, list) or len(raw) != count:
        return None
    outcomes = []
    for item in raw:
        if not (isinstance(item, tuple) and len(item) == 2):
            return None
        value, error = item
        if not ((isinstance(value, str) and error is None) or (value is None and isinstance(error, str))):
            return None
        outcomes.append(Outcome(value=value, error=error))
    return tuple(outcomes)


def read_answer(run: GuestRun, marker: str, expression_count: int, config: SandboxConfig) -> Evaluation:
    stdout = run.stdout.decode("utf-8", errors="replace")
    if run.trap is not None or (run.exit_code is None and run.trap_message):
        return failed(trap_message(run, config), stdout)
    if run.stdout_overflowed:
        return failed(f"Sortie trop longue : le programme a écrit plus de {config.stdout_bytes // 1024} Ko.", stdout)
    if run.stderr_overflowed:
        return failed("Résultats trop longs : les valeurs produites dépassent la taille permise.", stdout)
    frames = [line for line in run.stderr.split(b"\n") if line.startswith(marker.encode())]
    if not frames:
        if b"MemoryError" in run.stderr:
            return failed(f"Mémoire insuffisante : le programme a dépassé {config.memory_bytes // 2**20} Mo.", stdout)
        return failed(f"Le programme s'est arrêté sans donner de résultat (code de sortie {run.exit_code}).", stdout)
    invalid = failed("Le programme a produit une réponse invalide.", stdout)
    if len(frames) != 1:
        return invalid
    try:
        answer = ast.literal_eval(frames[0][len(marker) :].decode("ascii"))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError, UnicodeDecodeError):
        return invalid
    if not isinstance(answer, tuple) or not answer:
        return invalid
    if answer[0] == "failure" and len(answer) == 5:
        return failed(code_failure(*answer[1:], config), stdout)
    outcomes = parse_outcomes(answer[1] if answer[0] == "outcomes" and len(answer) == 2 else None, expression_count)
    if outcomes is None:
        return invalid
    return Evaluation(outcomes=outcomes, failure=None, stdout=stdout)
