"""Run wrk with load.lua against one page and return its figures."""

from __future__ import annotations

import json
import subprocess
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
    result = subprocess.run(command, capture_output=True, text=True, timeout=spec.seconds + 60)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    raise RuntimeError(f"wrk gave no figures ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


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
