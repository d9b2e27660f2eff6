"""evaluate(): values and errors as the contract says, forged answers refused, the pool and the
one-run-per-owner rule, and a missing or wrong runtime answered with Unavailable and one log line."""

import hashlib
import logging
import os
import threading
import time

import pytest
from django.core.cache import cache

from conftest import caches_for
from sandbox import admission, config, runtime
from sandbox.config import BUNDLED_WASM_SHA256
from sandbox.verifier import AlreadyPending, Busy, Evaluation, Outcome, Unavailable, evaluate

from .conftest import within

SOMME = "def somme(nombres):\n    total = 0\n    for n in nombres:\n        total += n\n    return total\n"
# Runs for about a second (until its fuel is spent): long enough to hold a slot.
LONG = "while True:\n    pass"


def test_values_errors_and_setup_share_one_namespace(sandbox):
    evaluation = within(
        10,
        evaluate,
        SOMME,
        ["somme(DONNEES)", "somme([])", "somme([1, 'a'])", "print('vu') or 'rendu'"],
        setup="DONNEES = [1, 2, 3]",
    )
    assert evaluation == Evaluation(
        outcomes=(
            Outcome(value="6", error=None),
            Outcome(value="0", error=None),
            Outcome(value=None, error="TypeError: unsupported operand type(s) for +=: 'int' and 'str'"),
            Outcome(value="'rendu'", error=None),
        ),
        failure=None,
        stdout="vu\n",
    )


def test_code_that_fails_says_why_and_where(sandbox):
    cases = {
        "x = 1\ndef f(:\n    pass": "Erreur de syntaxe ligne 2 : SyntaxError: invalid syntax",
        "x = 1\ny = 1 / 0": "Le programme a levé une exception ligne 2 : ZeroDivisionError: division by zero",
        "import sys\nsys.exit(0)": "Le programme a appelé exit() : il doit seulement définir ce qui est demandé.",
    }
    for code, message in cases.items():
        evaluation = within(10, evaluate, code, ["1"])
        assert (evaluation.failure, evaluation.outcomes) == (message, ())
    evaluation = within(10, evaluate, "x = 1", ["x"], setup="raise ValueError('oups')")
    assert evaluation.failure == "Le code d'initialisation de l'exercice a échoué ligne 1 : ValueError: oups"


def test_a_forged_verdict_is_not_an_answer(sandbox):
    # Lines that look like a success are only output; the values are the real ones.
    fake = "print('OK : tous les tests sont passés'); print('{\"passed\": true}')\n"
    evaluation = within(
        10, evaluate, fake + "import sys; sys.stderr.write('passed: true\\n')\n" + SOMME, ["somme([2, 3])"]
    )
    assert evaluation.outcomes == (Outcome(value="5", error=None),)
    # The code finds the marker in the guest program's frames and prints an answer of its own:
    # with the guest program's, two answers, refused.
    steal = (
        "import sys\n"
        "frame = sys._getframe()\n"
        "while 'marker' not in frame.f_locals:\n"
        "    frame = frame.f_back\n"
        "sys.stderr.write(frame.f_locals['marker'] + repr(('outcomes', [('999', None)])) + '\\n')\n"
    )
    evaluation = within(10, evaluate, steal, ["0"])
    assert (evaluation.failure, evaluation.outcomes) == ("Le programme a produit une réponse invalide.", ())
    # Stopping the guest program before it answers leaves the made-up answer alone: the value
    # claimed is all it gets, and the server compares it with an expected value the guest never saw.
    evaluation = within(10, evaluate, steal + "import os\nos._exit(0)", ["0"])
    assert evaluation.outcomes == (Outcome(value="999", error=None),)
    evaluation = within(10, evaluate, "import os\nos._exit(0)", ["0"])
    assert evaluation.failure == "Le programme s'est arrêté sans donner de résultat (code de sortie 0)."


def test_text_that_cannot_travel_is_refused_without_running(sandbox):
    assert evaluate("x = '\x00'", ["x"]).failure.startswith("Le code contient un caractère nul")
    assert evaluate("x = '\ud800'", ["x"]).failure.startswith("Le code contient un caractère invalide")


def hold_a_slot(**kwargs):
    """Start a long run in a thread; return it once the pool has admitted it."""
    thread = threading.Thread(target=evaluate, args=(LONG, ["1"]), kwargs=kwargs, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while admission._pool is None or admission._pool.admitted == 0:
        assert time.monotonic() < deadline, "the long run never started"
        time.sleep(0.01)
    return thread


def test_a_full_queue_answers_busy_at_once(sandbox):
    sandbox.set(WORKERS=1, QUEUE=0, FUEL=2_000_000_000)
    running = hold_a_slot()
    start = time.monotonic()
    with pytest.raises(Busy) as refused:
        evaluate("x = 1", ["x"])
    assert time.monotonic() - start < 0.5
    assert refused.value.message == "Serveur occupé, réessayez dans quelques secondes."
    running.join(20)
    assert evaluate("x = 1", ["x"]).outcomes[0].value == "1"


def test_a_queued_run_waits_for_a_slot(sandbox):
    sandbox.set(WORKERS=1, QUEUE=1, FUEL=1_000_000_000)
    running = hold_a_slot()
    assert within(20, evaluate, "x = 3", ["x"]).outcomes[0].value == "3"
    running.join(20)


def test_one_pending_run_per_owner(sandbox):
    sandbox.set(WORKERS=2, QUEUE=2, FUEL=2_000_000_000)
    running = hold_a_slot(owner="user:7")
    assert cache.get(admission.PENDING_KEY.format(owner="user:7")) is not None  # in the shared Redis
    with pytest.raises(AlreadyPending):
        evaluate("x = 1", ["x"], owner="user:7")
    assert evaluate("x = 1", ["x"], owner="user:8").outcomes[0].value == "1"
    running.join(20)
    assert cache.get(admission.PENDING_KEY.format(owner="user:7")) is None
    assert evaluate("x = 1", ["x"], owner="user:7").outcomes[0].value == "1"


def test_one_pending_run_per_owner_when_redis_refuses_writes(sandbox, settings, refusing_redis):
    server, refuse_writes = refusing_redis
    settings.CACHES = caches_for(server.url, socket_timeout=1, cooldown=4)
    refuse_writes()
    sandbox.set(WORKERS=2, QUEUE=2, FUEL=2_000_000_000)
    running = hold_a_slot(owner="user:7")
    with pytest.raises(AlreadyPending):
        evaluate("x = 1", ["x"], owner="user:7")
    running.join(20)
    assert evaluate("x = 1", ["x"], owner="user:7").outcomes[0].value == "1"


@pytest.fixture
def fresh_runtime():
    """Tests that load another wasm file: the session's runtime is built again afterwards."""
    runtime.reset()
    yield
    runtime.reset()


def test_warm_up_builds_the_runtime_before_any_run(sandbox, fresh_runtime):
    # gunicorn's post_worker_init calls it: a class's first "Valider" finds the runtime ready.
    runtime.warm_up()
    ready = runtime._runtime
    assert ready is not None and ready.pid == os.getpid()
    assert runtime.get(config.load()) is ready


def test_warm_up_of_a_missing_runtime_logs_once_and_raises_nothing(sandbox, fresh_runtime, tmp_path, caplog):
    sandbox.set(WASM_PATH=str(tmp_path / "absent.wasm"), WASM_SHA256="0" * 64, CACHE_DIR=str(tmp_path / "cache"))
    with caplog.at_level(logging.ERROR, logger="sandbox"):
        runtime.warm_up()
        with pytest.raises(Unavailable):
            evaluate("x = 1", ["x"])
    assert [record.getMessage()[:20] for record in caplog.records] == ["sandbox unavailable:"]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("problem", ["cassé", "autre empreinte", "absent"])
def test_a_broken_runtime_is_unavailable_with_one_log_line(sandbox, fresh_runtime, tmp_path, caplog, problem):
    wasm = tmp_path / "python.wasm"
    if problem == "cassé":
        wasm.write_bytes(b"\0asm\x01\0\0\0 not a module")
        sandbox.set(WASM_PATH=str(wasm), WASM_SHA256=sha256(wasm), CACHE_DIR=str(tmp_path / "cache"))
    elif problem == "autre empreinte":
        wasm.write_bytes(b"\0asm\x01\0\0\0")
        sandbox.set(WASM_PATH=str(wasm), WASM_SHA256=BUNDLED_WASM_SHA256, CACHE_DIR=str(tmp_path / "cache"))
    else:
        sandbox.set(WASM_PATH=str(tmp_path / "absent.wasm"), WASM_SHA256=BUNDLED_WASM_SHA256)
    with caplog.at_level(logging.ERROR, logger="sandbox"):
        for _ in range(3):
            with pytest.raises(Unavailable) as unavailable:
                evaluate("x = 1", ["x"])
    assert unavailable.value.message.startswith("La vérification du code est indisponible")
    lines = [record for record in caplog.records if record.name == "sandbox"]
    assert len(lines) == 1, [record.getMessage() for record in lines]
    assert lines[0].getMessage().startswith("sandbox unavailable: ")


def test_the_entrance_lets_one_request_in_until_it_queues(sandbox):
    """Requests that may queue for the sandbox do their work before it one at a time, and the
    next one goes in as soon as the first is placed in the pool (it only waits from there)."""
    sandbox.set(WORKERS=1, QUEUE=2, FUEL=2_000_000_000)
    running = hold_a_slot()
    entered, may_queue, second_inside = threading.Event(), threading.Event(), threading.Event()

    def first_request():
        with admission.entrance(admission.configured_pool(), Busy):
            entered.set()
            may_queue.wait(10)
            evaluate("x = 2", ["x"])  # queues behind the long run, outside the entrance

    def second_request():
        entered.wait(10)
        with admission.entrance(admission.configured_pool(), Busy):
            second_inside.set()

    first = threading.Thread(target=first_request, daemon=True)
    second = threading.Thread(target=second_request, daemon=True)
    first.start()
    second.start()
    assert entered.wait(10)
    assert not second_inside.wait(0.3)  # the first request is still doing its work
    may_queue.set()
    assert second_inside.wait(5)  # let in while the first waits for its slot
    assert first.is_alive()  # still queued behind the long run
    running.join(20)
    first.join(20)
    assert not first.is_alive()


def test_a_process_without_a_place_left_refuses_at_the_door(sandbox):
    """The place in the pool is taken before any work: with every place taken, Busy at once."""
    sandbox.set(WORKERS=1, QUEUE=0, FUEL=2_000_000_000)
    running = hold_a_slot()
    start = time.monotonic()
    with pytest.raises(Busy), admission.entrance(admission.configured_pool(), Busy):
        pytest.fail("let in without a place")
    assert time.monotonic() - start < 0.5
    running.join(20)
    with admission.entrance(admission.configured_pool(), Busy):
        assert admission.configured_pool().admitted == 1
        assert evaluate("x = 1", ["x"]).outcomes[0].value == "1"  # on the place taken at the door
    assert admission.configured_pool().admitted == 0


def test_the_entrance_never_refuses_and_is_left_once(sandbox):
    sandbox.set(QUEUE=4, QUEUE_TIMEOUT=0.3)
    held = threading.Event()
    release = threading.Event()

    def holder():
        with admission.entrance(admission.configured_pool(), Busy):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder, daemon=True)
    thread.start()
    assert held.wait(5)
    start = time.monotonic()
    with admission.entrance(admission.configured_pool(), Busy):
        assert not admission.inside_entrance()  # went in after the timeout, without holding it
        admission.leave_entrance()  # leaves nothing: the holder's place is not given away
    assert 0.3 <= time.monotonic() - start < 2
    release.set()
    thread.join(5)
    with admission.entrance(admission.configured_pool(), Busy):
        assert admission.inside_entrance()  # free again: released once, by its holder


def test_the_guest_runs_and_its_verdict_is_recorded_outside_the_entrance(sandbox):
    sandbox.set(WORKERS=1, QUEUE=1, FUEL=2_000_000_000)
    after_the_run = []
    running = threading.Event()

    def validation():
        with admission.entrance(admission.configured_pool(), Busy):
            running.set()
            evaluate(LONG, ["1"])
            after_the_run.append(admission.inside_entrance())

    thread = threading.Thread(target=validation, daemon=True)
    thread.start()
    assert running.wait(10)
    time.sleep(0.2)  # into the run: LONG takes about a second
    with admission.entrance(admission.configured_pool(), Busy):
        assert admission.inside_entrance()  # free while the guest runs
    thread.join(20)
    assert after_the_run == [False]  # the verdict is recorded outside: runs end one after the other
    with admission.entrance(admission.configured_pool(), Busy):
        assert admission.inside_entrance()  # and left when the request ended
