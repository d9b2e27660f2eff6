"""What a student's code must never reach from inside the sandbox: the host's environment, files,
processes, network and native code. Each test runs several attempts in one sandboxed run."""

import os
import socket
import threading
from pathlib import Path

from django.conf import settings

from sandbox.verifier import evaluate

from .conftest import within

BOUND = 10  # seconds: a run here takes well under one


def values(evaluation):
    assert evaluation.failure is None, evaluation.failure
    return [outcome.value for outcome in evaluation.outcomes]


def test_no_environment_variable_of_the_host(sandbox, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "host-secret-key-4242")
    monkeypatch.setenv("DATABASE_URL", "postgres://admin:host-db-password@db/prod")
    evaluation = within(
        BOUND,
        evaluate,
        "import os\nprint(os.environ)",
        ["dict(os.environ)", "os.environ.get('SECRET_KEY')", "os.environ.get('DATABASE_URL')"],
    )
    assert values(evaluation) == ["{}", "None", "None"]
    assert "host-secret" not in evaluation.stdout and "host-db-password" not in evaluation.stdout


def test_no_file_of_the_host(sandbox, tmp_path):
    secret = tmp_path / ".env"
    secret.write_text("SECRET_KEY=from-the-env-file\n")
    settings_file = Path(settings.BASE_DIR) / Path(__file__).parents[2].name
    paths = [
        "/etc/passwd",
        str(secret),
        str(Path(settings.BASE_DIR) / ".env"),
        str(Path(settings.BASE_DIR) / "manage.py"),
        str(settings_file),
        f"/proc/{os.getpid()}/environ",
        f"/proc/{os.getppid()}/environ",
        "/proc/self/environ",
    ]
    expressions = [f"open({path!r}, 'rb').read()" for path in paths]
    expressions += ["os.listdir('/')", "os.listdir('.')", f"os.listdir({str(tmp_path)!r})", "open('/tmp/x', 'w')"]
    evaluation = within(BOUND, evaluate, "import os", expressions)
    assert evaluation.failure is None
    for expression, outcome in zip(expressions, evaluation.outcomes, strict=True):
        assert outcome.value is None, f"{expression} -> {outcome.value[:80]}"
        assert outcome.error.split(":")[0] in {"FileNotFoundError", "PermissionError", "OSError"}, outcome.error


def test_no_network(sandbox):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(_accept(listener)), daemon=True).start()
    expressions = [
        f"socket.create_connection(('127.0.0.1', {port}), timeout=1)",
        "socket.create_connection(('127.0.0.1', 6379), timeout=1)",
        "socket.getaddrinfo('localhost', 80)",
        "socket.gethostbyname('example.org')",
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 53))",
        "__import__('urllib.request').request.urlopen('http://127.0.0.1:%d/' % " + str(port) + ")",
    ]
    evaluation = within(BOUND, evaluate, "import socket", expressions)
    for expression, outcome in zip(expressions, evaluation.outcomes, strict=True):
        assert outcome.value is None, f"{expression} -> {outcome.value}"
    listener.close()
    assert accepted in ([], [None]), "the guest reached a socket of the host"


def _accept(listener):
    try:
        return listener.accept()
    except OSError:
        return None


def test_no_process_and_no_native_code(sandbox):
    expressions = [
        "os.fork()",
        "os.system('id')",
        "os.execv('/bin/sh', ['sh', '-c', 'id'])",
        "os.posix_spawn('/bin/sh', ['sh'], {})",
        "__import__('subprocess').run(['id'])",
        "__import__('ctypes').CDLL(None)",
        "__import__('multiprocessing').Process(target=print).start()",
        "__import__('threading').Thread(target=print).start()",
    ]
    evaluation = within(BOUND, evaluate, "import os", expressions)
    assert evaluation.failure is None
    for expression, outcome in zip(expressions, evaluation.outcomes, strict=True):
        assert outcome.value is None, f"{expression} -> {outcome.value}"


def test_the_guest_can_only_call_wasi_without_any_socket_or_directory_given(sandbox):
    # The module imports WASI preview 1 and nothing else; of its socket calls, none can open a
    # socket (preview 1 has no such call) and the store is given none to use, nor any directory.
    imports = {(item.module, item.name) for item in sandbox.runtime.instance_pre.module.imports}
    assert {module for module, _ in imports} == {"wasi_snapshot_preview1"}
    assert {name for _, name in imports if name.startswith("sock_")} <= {
        "sock_accept",
        "sock_recv",
        "sock_send",
        "sock_shutdown",
    }
    assert not {name for _, name in imports if "spawn" in name or "exec" in name or "fork" in name}
