"""What a sandboxed evaluation returns (re-exported by sandbox/verifier.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    value: str | None  # repr() of the expression's value, computed in the guest; None if it raised
    error: str | None  # the exception it raised, "Type: message"; None if it gave a value


@dataclass(frozen=True)
class Evaluation:
    outcomes: tuple[Outcome, ...]  # one per expression, in order; empty when ``failure`` is set
    failure: str | None  # French, for the student: why the expressions could not all be evaluated
    stdout: str  # what the program printed (bounded); show it only for public tests
