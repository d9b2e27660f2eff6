"""Guest runs at a lower CPU priority than the pages, in a thread of their own.

A run is pure computation for up to its fuel: on a 2-core replica with 2 gunicorn processes,
one run per process takes both cores and every page waits behind them. Linux gives each
thread its own nice value, and an unprivileged thread may lower its own priority but never
raise it back: so the run goes to a short-lived thread that lowers itself first (the scheduler
then serves page threads ~10 times before it at nice 10), and the request thread waits for it.
The run still gets every idle cycle: alone on the machine it is as fast as before.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any


def lower_this_thread(nice: int) -> bool:
    """Lower the calling thread's priority by ``nice`` (Linux: per thread); False where it cannot."""
    if nice <= 0 or not hasattr(os, "setpriority"):
        return False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except OSError:
        return False
    return True


def run_lowered(nice: int, function: Callable[..., Any], *args) -> Any:
    """``function(*args)`` in a new thread lowered by ``nice``; its result or its exception here."""
    if nice <= 0:
        return function(*args)
    outcome: dict = {}

    def target() -> None:
        lower_this_thread(nice)
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - raised again in the request thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="sandbox-run", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
