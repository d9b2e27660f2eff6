"""Every run ends, small: CPU (fuel), wall time (epoch), sleeping, memory and output are bounded."""

import time

from sandbox.verifier import evaluate

from .conftest import within


def timed(call, *args, **kwargs):
    start = time.monotonic()
    result = within(20, call, *args, **kwargs)
    return result, time.monotonic() - start


def test_an_infinite_loop_runs_out_of_fuel(sandbox):
    sandbox.set(FUEL=1_000_000_000, WALL_SECONDS=30)
    evaluation, elapsed = timed(evaluate, "while True:\n    pass", ["1"])
    assert evaluation.failure.startswith("Temps de calcul dépassé"), evaluation.failure
    assert evaluation.outcomes == ()
    assert elapsed < 10


def test_wall_time_is_bounded_even_with_fuel_to_spare(sandbox):
    sandbox.set(FUEL=10**15, WALL_SECONDS=1)
    evaluation, elapsed = timed(evaluate, "while True:\n    pass", ["1"])
    assert evaluation.failure == "Temps limite dépassé (1 s)."
    assert elapsed < 5


def test_sleeping_holds_no_worker(sandbox):
    # A waiting guest spends neither fuel nor wasm time: only the replaced poll_oneoff bounds it.
    sandbox.set(WALL_SECONDS=5)
    evaluation, elapsed = timed(
        evaluate,
        "import time, select\ntime.sleep(60)\ntime.sleep(3600)",
        ["time.sleep(60) or 'réveillé'"],
    )
    assert evaluation.failure is None, evaluation.failure
    assert evaluation.outcomes[0].value == "'réveillé'"
    assert elapsed < 5


def test_a_memory_bomb_fails_and_the_next_run_is_fresh(sandbox):
    sandbox.set(MEMORY_MB=64)
    evaluation, _ = timed(evaluate, "import os", ["len(bytearray(200 * 2**20))", "len('x' * 10**9)"])
    assert [outcome.error for outcome in evaluation.outcomes] == ["MemoryError", "MemoryError"]
    evaluation, _ = timed(evaluate, "blocs = []\nwhile True:\n    blocs.append(bytearray(2**20))", ["len(blocs)"])
    assert evaluation.failure.startswith("Mémoire insuffisante"), evaluation.failure
    evaluation, _ = timed(evaluate, "x = 2", ["x * 21"])
    assert evaluation.outcomes[0].value == "42"


def test_an_output_flood_is_cut(sandbox):
    sandbox.set(STDOUT_KB=16, RESULTS_KB=16)
    evaluation, elapsed = timed(evaluate, "while True:\n    print('x' * 1000)", ["1"])
    assert evaluation.failure == "Sortie trop longue : le programme a écrit plus de 16 Ko."
    assert len(evaluation.stdout) <= 16 * 1024
    evaluation, _ = timed(evaluate, "import sys\nwhile True:\n    sys.stderr.write('y' * 1000)", ["1"])
    assert evaluation.failure.startswith("Résultats trop longs"), evaluation.failure
    evaluation, _ = timed(evaluate, "x = 'z' * 10**6", ["x"])
    assert evaluation.failure.startswith("Résultats trop longs"), evaluation.failure
    assert elapsed < 10
