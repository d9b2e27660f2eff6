"""Run wrk with load.lua against one page and return its figures."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parents[1] / "load.lua"


@dataclass
class LoadSpec:
    base_url: str
    paths_file: Path
    cookies_file: Path
    cookie_name: str
    connections: int
    seconds: int
    stop_after: int = 0  # answers; 0 = for `seconds`
    threads: int = 1


def run_wrk(spec: LoadSpec) -> dict:
    command = [
        "wrk",
        "-t",
        str(spec.threads),
        "-c",
        str(spec.connections),
        "-d",
        f"{spec.seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"{spec.base_url}/",
        "--",
        str(spec.cookies_file),
        str(spec.paths_file),
        spec.cookie_name,
        str(spec.stop_after),
    ]
    # Waited for with wait4, for the CPU time wrk itself used: client and server share the
    # machine's cores, and a larger page costs the client more too.
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    killer = threading.Timer(spec.seconds + 60, proc.kill)
    killer.start()
    try:
        output = proc.stdout.read().decode(errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
        proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line[len("BENCH_JSON ") :])
            figures["cpu_s"] = usage.ru_utime + usage.ru_stime
            return figures
    raise RuntimeError(f"wrk gave no figures ({proc.returncode}):\n{output[-3000:]}")


def warm_up(
    base_url: str, paths: list[str], cookies: list[str], cookie_name: str, limit: int, concurrency: int = 8
) -> dict[int, int]:
    """Every student (up to `limit`) once on their page, as load.lua pairs them; statuses counted.

    wrk cannot stop after a number of requests (its duration always runs out), so the warm-up
    is a small threaded client: bounded by the number of students, each request by 30 s.
    """
    import urllib.error
    import urllib.request
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    students = cookies[:limit] if cookies else [""]

    def get(index: int) -> int:
        path = paths[index % len(paths)]
        # The CSRF cookie a browser keeps, as load.lua sends it (student index on 32 digits).
        headers = {"Cookie": f"{cookie_name}={students[index]}; csrftoken={index:032d}"} if students[index] else {}
        try:
            with opener.open(urllib.request.Request(base_url + path, headers=headers), timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    with ThreadPoolExecutor(concurrency) as pool:
        return dict(Counter(pool.map(get, range(len(students)))))


# A request slower than this is listed by run_clients (when it was sent, how long it took).
SLOW_S = 0.1


def run_clients(
    base_url: str,
    paths: list[str],
    cookies: list[str],
    cookie_name: str,
    connections: int,
    seconds: float,
    timeout: float,
    until=None,
    rate: float | None = None,
) -> dict:
    """Students on their page (as load.lua pairs them) for `seconds`, then every request in flight finished.

    For the phases where a request may take many seconds (a wait on a lock that cannot be
    taken): wrk stops at its duration and drops what is in flight, so the slowest requests,
    the ones that matter there, would never be counted. Here each of `connections` threads
    sends its next request until `seconds` are over and always waits for its answer (up to
    `timeout`). Every request's time is kept, answered or not; one TCP connection per request.
    ``until`` (a threading.Event) ends the load early once set; ``rate`` (requests per second,
    all connections together) paces the clients instead of sending as fast as answers come.
    """
    import http.client
    import itertools
    import random
    import threading
    import time
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    url = urlsplit(base_url)
    counter = itertools.count()
    lock = threading.Lock()
    times: list[float] = []
    slow: list[tuple[float, int]] = []  # (sent at, seconds from the start; milliseconds) of the slow ones
    answered_times: list[float] = []
    statuses: Counter = Counter()
    unanswered: Counter = Counter()
    started = time.monotonic()
    deadline = started + seconds

    def client() -> None:
        interval = connections / rate if rate else 0.0
        next_send = time.monotonic() + random.uniform(0, interval)  # staggered: not all clients at once
        while time.monotonic() < deadline and not (until is not None and until.is_set()):
            if interval:
                # A fixed pace per client: after a slow answer, the next request leaves at once.
                next_send += interval
                time.sleep(max(0.0, next_send - time.monotonic()))
            student = next(counter) % len(cookies)
            headers = {"Cookie": f"{cookie_name}={cookies[student]}; csrftoken={student:032d}", "Connection": "close"}
            sent = time.perf_counter()
            status, failure = 0, None
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
            try:
                connection.request("GET", paths[student % len(paths)], headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except TimeoutError:
                failure = "timeout"
            except (OSError, http.client.HTTPException) as error:
                # The connection closed without an answer (a worker killed by gunicorn's timeout …).
                failure = type(error).__name__
            finally:
                connection.close()
            elapsed = time.perf_counter() - sent
            with lock:
                times.append(elapsed)
                if elapsed > SLOW_S:
                    slow.append((round(time.monotonic() - elapsed - started, 2), round(elapsed * 1000)))
                if failure is None:
                    statuses[status // 100] += 1
                    answered_times.append(elapsed)
                else:
                    unanswered[failure] += 1

    with ThreadPoolExecutor(connections) as pool:
        for future in [pool.submit(client) for _ in range(connections)]:
            future.result()
    duration = time.monotonic() - started
    times.sort()

    def percentile(share: float) -> float:
        return times[min(len(times) - 1, max(0, round(share * len(times)) - 1))] if times else 0.0

    return {
        "requests": len(times),
        "duration_s": duration,
        "p50_s": percentile(0.50),
        "p99_s": percentile(0.99),
        "max_s": times[-1] if times else 0.0,
        "status_5xx": statuses[5],
        "non_2xx": sum(count for klass, count in statuses.items() if klass != 2),
        "unanswered": sum(unanswered.values()),
        "unanswered_by_kind": dict(unanswered),
        "answered_min_s": min(answered_times, default=0.0),
        "answered_max_s": max(answered_times, default=0.0),
        "slow": sorted(slow),
    }
