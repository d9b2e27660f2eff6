"""The processes a benchmark run starts and always stops: redis-server, PostgreSQL database, gunicorn.

Everything listens on 127.0.0.1 only, on ports chosen free at start. The shared Redis on
6379 is never touched: the benchmark has its own redis-servers, which it may stop mid-run
or make refuse writes (harness/refusal.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timeout after {timeout:.0f}s waiting for {what}")


def stop_process(proc: subprocess.Popen | None, timeout: float = 10, sig: int = signal.SIGTERM) -> None:
    """Stop a process this run started (by its own Popen handle, never by name).

    Started with ``start_new_session=True``, its process group is its own: what is still
    alive of it after ``timeout`` (a worker stuck in a request) is killed with it.
    """
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        proc.wait(5)


class RedisServer:
    """A throw-away redis-server: no persistence, its own port, stopped by the run."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        if self.running():
            return
        with open(self.workdir / "redis.log", "ab") as log:
            self.proc = subprocess.Popen(
                [
                    "redis-server",
                    "--bind",
                    HOST,
                    "--port",
                    str(self.port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.workdir),
                    "--protected-mode",
                    "yes",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(lambda: self.cli("PING", check=False).strip() == "PONG", 10, "redis-server")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """What an outage looks like to the clients: the server goes away."""
        stop_process(self.proc)
        self.proc = None

    def restart(self) -> None:
        """The same port, an empty server (no persistence)."""
        self.stop()
        self.start()

    def cli(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["redis-cli", "-h", HOST, "-p", str(self.port), *args], capture_output=True, text=True, timeout=30
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"redis-cli {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def info(self, section: str) -> dict[str, str]:
        fields = {}
        for line in self.cli("INFO", section).splitlines():
            if ":" in line and not line.startswith("#"):
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        return fields

    def config_get(self, name: str) -> str:
        lines = self.cli("CONFIG", "GET", name).splitlines()
        return lines[1] if len(lines) > 1 else ""

    def config_set(self, name: str, value: str) -> None:
        answer = self.cli("CONFIG", "SET", name, value).strip()
        if answer != "OK":
            raise RuntimeError(f"CONFIG SET {name} {value}: {answer}")

    def delete_keys(self, keep: str) -> int:
        """Delete every key whose name does not contain ``keep`` (SCAN, then DEL in batches)."""
        names = [key for key in self.cli("--scan").splitlines() if key and keep not in key]
        for start in range(0, len(names), 500):
            self.cli("DEL", *names[start : start + 500])
        return len(names)

    def dbsize(self) -> int:
        return int(self.cli("DBSIZE").strip() or 0)

    def used_memory(self) -> int:
        return int(self.info("memory")["used_memory"])

    def commands(self) -> int:
        """Commands processed, not counting the INFO calls this benchmark makes."""
        total = 0
        for name, value in self.info("commandstats").items():
            if name.startswith("cmdstat_") and name != "cmdstat_info":
                total += int(value.split(",")[0].split("=")[1])
        return total

    def errors(self) -> int:
        """Error replies sent so far (INFO errorstats: OOM, READONLY …), whatever the command."""
        return sum(
            int(value.split("=")[1]) for name, value in self.info("errorstats").items() if name.startswith("errorstat_")
        )

    def get_misses(self) -> int:
        """Reads of a key that was not there (INFO stats keyspace_misses)."""
        return int(self.info("stats")["keyspace_misses"])

    def cpu_seconds(self) -> float:
        """CPU time the server has used, user and system (INFO cpu; its main thread and helpers)."""
        fields = self.info("cpu")
        return float(fields["used_cpu_user"]) + float(fields["used_cpu_sys"])


class PostgresDatabase:
    """A dedicated database on the local PostgreSQL, dropped at the end of the run."""

    def __init__(self, name: str, host: str = HOST, port: int = 5432, user: str = "postgres"):
        self.name, self.host, self.port, self.user = name, host, port, user

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{self.name}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            ["psql", "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", database, "-tAc", sql],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql: {result.stderr.strip()}")
        return result.stdout.strip()

    # Every mode's gunicorn runs side by side, each thread keeping its own connection
    # (DB_CONN_MAX_AGE): 6 modes × 3 workers × 16 threads is far above a default PostgreSQL's
    # max_connections (100). The server ends the connections idle this long (PostgreSQL 14+), so
    # the servers not being measured give theirs back; Django's health check (conn_health_checks)
    # reconnects a thread at its next request, a few milliseconds once in a while.
    IDLE_SESSION_TIMEOUT = "5s"

    def create(self) -> None:
        self.drop()
        self.psql(f'CREATE DATABASE "{self.name}"')
        if int(self.server_version().split(".")[0]) >= 14:
            self.psql(f"ALTER DATABASE \"{self.name}\" SET idle_session_timeout = '{self.IDLE_SESSION_TIMEOUT}'")

    def drop(self) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def server_version(self) -> str:
        return self.psql("SHOW server_version")


class Gunicorn:
    """The baked project served by gunicorn with the given environment."""

    def __init__(
        self,
        project: Path,
        venv: Path,
        module: str,
        env: dict,
        workers: int,
        workdir: Path,
        worker_class: str = "sync",
        threads: int = 1,
    ):
        self.project, self.venv, self.module, self.env = project, venv, module, env
        self.workers, self.workdir = workers, workdir
        self.worker_class, self.threads = worker_class, threads
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _command(self) -> tuple[list[str], dict]:
        command = [str(self.venv / "bin" / "gunicorn"), f"{self.module}.wsgi", "--bind", f"{HOST}:{self.port}"]
        env = dict(self.env)
        if (self.project / "gunicorn.conf.py").exists():
            # The project's own start command (as on Railway): its config (worker class, threads,
            # timeout), WEB_CONCURRENCY workers.
            command += ["--config", "gunicorn.conf.py"]
            env["WEB_CONCURRENCY"] = str(self.workers)
        else:
            command += ["--workers", str(self.workers), "--log-level", "warning"]
        if self.worker_class != "sync":
            command += ["--worker-class", self.worker_class, "--threads", str(self.threads)]
        return command, env

    def start(self) -> None:
        command, env = self._command()
        self.command = command
        with open(self.workdir / "gunicorn.log", "ab") as log:
            # Its own process group: a worker stuck in a request is stopped with its master.
            self.proc = subprocess.Popen(
                command, cwd=self.project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(self._answers, 60, "gunicorn /health/", interval=0.2)

    def workers_description(self) -> str:
        """The workers as gunicorn resolves its config: "3 sync workers", "3 gthread workers × 4 threads"."""
        command, env = self._command()
        result = subprocess.run(
            [*command, "--print-config"], cwd=self.project, env=env, capture_output=True, text=True, timeout=120
        )
        config = {}
        for line in result.stdout.splitlines():
            name, sep, value = line.partition("=")
            if sep:
                config[name.strip()] = value.strip()
        workers, threads = config.get("workers", "?"), config.get("threads", "1")
        worker_class = config.get("worker_class", "?")
        # A dotted path names the class (gunicorn.workers.gthread.ThreadWorker); sync with threads > 1 runs gthread.
        worker_class = worker_class.rsplit(".", 1)[-1].removesuffix("Worker").lower() or "?"
        if worker_class == "thread" or (worker_class == "sync" and threads.isdigit() and int(threads) > 1):
            worker_class = "gthread"
        threads_part = f" × {threads} threads" if worker_class == "gthread" else ""
        return f"{workers} {worker_class} workers{threads_part}, timeout {config.get('timeout', '?')} s"

    def _answers(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({self.proc.returncode}); see {self.workdir / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{self.base_url}/health/", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def log_tail(self, lines: int = 40) -> str:
        """The end of this server's log: the traceback of a 500 that a probe met."""
        path = self.workdir / "gunicorn.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        # Quick shutdown (SIGQUIT): nothing in flight is worth waiting for once a measure is over,
        # and a worker stuck in a request (a wait on a lock) would hold a graceful stop.
        stop_process(self.proc, timeout=10, sig=signal.SIGQUIT)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def worker_pids(self) -> set[int]:
        """The master's children, its workers (Linux: /proc/<pid>/task/<pid>/children)."""
        pid = self.proc.pid
        try:
            return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
        except OSError:
            return set()

    def workers_cpu(self) -> tuple[frozenset[int], float]:
        """The workers and the CPU time (user and system, every thread) they have used so far.

        Read from /proc/<pid>/stat (utime, stime). Two readings compare only when the workers are
        the same: a worker restarted in between takes its time with it.
        """
        pids = frozenset(self.worker_pids())
        ticks = 0
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
            ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
        return pids, ticks / os.sysconf("SC_CLK_TCK")

    def renew_workers(self, timeout: float = 5) -> None:
        """New workers, forked by the running master: circuit breakers closed, nothing left running.

        Each worker this server started is sent SIGQUIT (killed after ``timeout`` if a request
        holds it); the master forks replacements at once from the preloaded application, in a
        fraction of the time a whole restart takes. Without /proc, the server is restarted.
        """
        old = self.worker_pids()
        if not old:
            self.restart()
            return
        for pid in old:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGQUIT)
        try:
            wait_until(lambda: not old & self.worker_pids(), timeout, "the old gunicorn workers to exit")
        except RuntimeError:
            for pid in old & self.worker_pids():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        wait_until(lambda: len(self.worker_pids() - old) >= len(old), 60, "new gunicorn workers", interval=0.05)
        wait_until(self._answers, 60, "gunicorn /health/", interval=0.05)


def which_or_install(command: str, package: str) -> str:
    """A Debian tool the benchmark needs; installed with apt-get when missing (root)."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError(f"{command} is missing: apt-get install {package}")
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, timeout=600)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", package],
        check=True,
        capture_output=True,
        timeout=600,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    found = shutil.which(command)
    if not found:
        raise RuntimeError(f"{command} still missing after apt-get install {package}")
    return found
