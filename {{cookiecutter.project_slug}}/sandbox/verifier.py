"""Run code in the WebAssembly sandbox and report the value of expressions: the server's verdicts start here.

``evaluate(code, expressions, setup=..., owner=...)`` runs, in a fresh interpreter (CPython for
WASI inside wasmtime, sandbox/runtime.py), ``setup`` then ``code`` in one namespace, evaluates
each expression and returns its ``repr()`` (or the exception it raised). It never decides
whether a test passed: the caller compares the values with expected ones it keeps to itself
(see sandbox/protocol.py for why the guest cannot forge them). wasmtime, not CPython, is the
security boundary: the guest has no file, no environment variable, no socket, no process, and
fuel, epoch, memory and output limits (sandbox/machine.py, sandbox/wasi.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from . import admission, config, priority, runtime
from .machine import run_guest
from .protocol import failed, guest_argv, new_marker, read_answer, unsendable
from .results import Evaluation, Outcome

logger = logging.getLogger("sandbox")

__all__ = ["AlreadyPending", "Busy", "Evaluation", "Outcome", "SandboxError", "Unavailable", "evaluate"]


class SandboxError(Exception):
    """A run that could not happen; ``message`` is a French sentence for the student."""

    message = "La vérification du code a échoué."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class Unavailable(SandboxError):
    message = "La vérification du code est indisponible pour le moment : prévenez votre professeur."


class Busy(SandboxError):
    message = "Serveur occupé, réessayez dans quelques secondes."


class AlreadyPending(SandboxError):
    message = "Une validation est déjà en cours : attendez son résultat avant d'en lancer une autre."


def evaluate(code: str, expressions: Sequence[str], *, setup: str = "", owner: str | None = None) -> Evaluation:
    """Run ``setup`` + ``code`` in the sandbox, then report each expression; blocks until done.

    Raises Busy (queue full), AlreadyPending (``owner`` has a run in progress), Unavailable
    (runtime missing or not the pinned file: logged once per process).
    """
    settings = config.load()
    refused = unsendable(setup, code, *expressions)
    if refused is not None:
        return failed(refused, "")
    with (
        admission.one_pending(owner, settings.pending_ttl, AlreadyPending),
        admission.configured_pool(settings).slot(Busy),
    ):
        try:
            ready = runtime.get(settings)
        except runtime.RuntimeUnavailable:
            raise Unavailable() from None
        marker = new_marker()
        try:
            argv = guest_argv(marker, code, expressions, setup)
            run = priority.run_lowered(settings.nice, run_guest, ready, settings, argv)
        except Exception:
            # A fault of the host side, not of the student's code: logged, and no 500.
            logger.exception("sandbox run failed")
            raise Unavailable() from None
    return read_answer(run, marker, len(expressions), settings)
