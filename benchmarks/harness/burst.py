"""The "Valider" burst: a class posting a correct program (Python) or query (SQL) to an exercise at once.

Each student is a thread that sends, once every thread is ready (a barrier), what the editor's
fetch sends: the form-encoded ``code``, ``Accept: application/json``, the session and CSRF
cookies and the ``X-CSRFToken`` header. Like the editor (exercises/static/exercises/
python_editor.js), a 429 with ``Retry-After`` is tried again after it, twice at most; the
verdict's latency runs from the first click to the last answer. The class runs in a Python
process of its own (validate_all_apart), apart from the readers whose pages are timed.
Standard library only.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# As the editor: tries after a 429, and the longest wait it accepts from Retry-After.
BUSY_RETRIES = 2
RETRY_WAIT_MAX_S = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else 0.0


def validate_all(base_url: str, path: str, code: str, cookies: list[str], cookie_name: str, timeout: float) -> dict:
    """Every student of ``cookies`` presses "Valider" at the same moment; figures of the verdicts."""
    url = urlsplit(base_url)
    body = urlencode({"code": code})
    barrier = threading.Barrier(len(cookies))
    lock = threading.Lock()
    students: list[dict] = []

    def post(index: int) -> tuple[int, str, bool]:
        csrf = f"{index:032d}"  # a CSRF secret, as load.lua and the warm-up send it
        headers = {
            "Cookie": f"{cookie_name}={cookies[index]}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Connection": "close",
        }
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            try:
                passed = json.loads(payload).get("passed") is True
            except ValueError:
                passed = False
            return response.status, response.getheader("Retry-After") or "", passed
        except (OSError, http.client.HTTPException):
            return 0, "", False
        finally:
            connection.close()

    def student(index: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        statuses = []
        status, retry_after, passed = post(index)
        statuses.append(status)
        while status == 429 and retry_after.isdigit() and len(statuses) <= BUSY_RETRIES:
            time.sleep(min(max(int(retry_after), 1), RETRY_WAIT_MAX_S))
            status, retry_after, passed = post(index)
            statuses.append(status)
        with lock:
            students.append({"statuses": statuses, "seconds": time.perf_counter() - started, "passed": passed})

    threads = [threading.Thread(target=student, args=(i,)) for i in range(len(cookies))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = [s["seconds"] for s in students]

    def classes(statuses) -> dict:
        counted = Counter("200" if s == 200 else "429" if s == 429 else "other" for s in statuses)
        return {key: counted.get(key, 0) for key in ("200", "429", "other")}

    return {
        "students": len(students),
        "duration_s": round(time.monotonic() - started, 2),
        "p50_s": round(percentile(seconds, 0.50), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "max_s": round(max(seconds, default=0.0), 3),
        "passed": sum(s["passed"] for s in students),
        # The first answer of each student (what they saw without the editor's retries) and the last.
        "first": classes(s["statuses"][0] for s in students),
        "final": classes(s["statuses"][-1] for s in students),
        "retried": sum(len(s["statuses"]) > 1 for s in students),
        "other_statuses": sorted({s for st in students for s in st["statuses"] if s not in (200, 429)}),
    }


def validate_all_apart(
    base_url: str, path: str, code: str, cookies: list[str], cookie_name: str, timeout: float
) -> dict:
    """validate_all in a Python process of its own: its thirty client threads waking at once
    must not hold the GIL of the process that times the pages, or the pages' figures would
    count the client's own waits."""
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from harness import burst; "
        "print(json.dumps(burst.validate_all(*json.loads(sys.argv[2]))))"
    )
    arguments = json.dumps([base_url, path, code, cookies, cookie_name, timeout])
    bench_dir = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", script, bench_dir, arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout * (BUSY_RETRIES + 1) + RETRY_WAIT_MAX_S * BUSY_RETRIES + 60,
    )
    return json.loads(done.stdout.splitlines()[-1])


def memory_mb(pid: int) -> dict:
    """A process's resident memory from /proc/<pid>/status (MB): now, its peak, anonymous, file-backed."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[name] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return fields
