"""The real sandbox for every test here: one compiled module per machine, one runtime per session.

The compiled module lives in the sandbox's cache directory (under the user's cache by default),
so the first session on a machine compiles it (10 to 20 s) and every later one, of any baked
project, only maps it.
"""

import threading

import pytest

from sandbox import config, runtime


@pytest.fixture(scope="session")
def sandbox_runtime(django_db_blocker):
    with django_db_blocker.unblock():
        return runtime.get(config.load())


@pytest.fixture
def sandbox(sandbox_runtime, settings):
    """The sandbox with this test's settings (``sandbox.set(WORKERS=1)``); runtime kept across tests."""

    class Sandbox:
        runtime = sandbox_runtime

        @staticmethod
        def set(**values):
            settings.SANDBOX = {**settings.SANDBOX, **values}

    return Sandbox


def within(seconds: float, call, *args, **kwargs):
    """``call(*args, **kwargs)`` in a thread: its result, or a failure if it takes longer than ``seconds``.

    A guard that stops working must fail the test, not hang it.
    """
    box = {}

    def target():
        try:
            box["result"] = call(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"pas de réponse en {seconds} s : la limite ne s'applique plus")
    if "error" in box:
        raise box["error"]
    return box["result"]
