"""A run is scheduled below the pages: its thread's nice value, read from /proc while it runs."""

import contextlib
import os
import threading
import time
from pathlib import Path

from sandbox.verifier import evaluate

LOOP = "while True:\n    pass"


def nice_values() -> dict[str, int]:
    """Each thread of this process (its id) and its nice value."""
    seen = {}
    for stat in Path("/proc/self/task").glob("*/stat"):
        # Field 19 (nice), counted after the ")" that closes the thread's name.
        with contextlib.suppress(OSError, IndexError, ValueError):
            seen[stat.parent.name] = int(stat.read_text().rsplit(")", 1)[1].split()[16])
    return seen


def nice_values_while(call, seconds: float) -> set[int]:
    """The nice values of the threads that appear while ``call`` runs (in a thread of its own).

    Only new threads: wasmtime's own helper threads, started by a process's first run, stay.
    """
    before = set(nice_values())
    running = threading.Thread(target=call)
    running.start()
    before.add(str(running.native_id))
    seen = set()
    deadline = time.monotonic() + seconds
    while running.is_alive() and time.monotonic() < deadline:
        seen |= {nice for tid, nice in nice_values().items() if tid not in before}
        time.sleep(0.02)
    running.join()
    return seen


def test_a_run_is_scheduled_below_the_pages(sandbox):
    sandbox.set(WALL_SECONDS=1, FUEL=10**15, NICE=10)
    base = os.getpriority(os.PRIO_PROCESS, 0)
    seen = nice_values_while(lambda: evaluate(LOOP, ["1"]), 5)
    assert min(19, base + 10) in seen, seen
    # The request thread itself keeps its priority (it cannot be raised back once lowered).
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == base


def test_nice_zero_runs_at_the_pages_priority(sandbox):
    sandbox.set(WALL_SECONDS=1, FUEL=10**15, NICE=0)
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert nice_values_while(lambda: evaluate(LOOP, ["1"]), 5) <= {base}


def test_a_lowered_run_still_answers(sandbox):
    sandbox.set(NICE=10)
    evaluation = evaluate("def somme(nombres):\n    return sum(nombres)\n", ["somme([1, 2, 3])", "1 / 0"])
    assert [outcome.value for outcome in evaluation.outcomes] == ["6", None]
    assert evaluation.outcomes[1].error == "ZeroDivisionError: division by zero"
