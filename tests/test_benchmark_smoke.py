"""benchmarks/run keeps working: --quick on a tiny data set, every mode, a few pages.

Not a performance test (the figures of a one-second run on a busy CI machine mean little):
it checks that the harness bakes, loads, serves, loads with wrk, counts and reports, and the
facts that hold whatever the speed: the cache removes SQL queries, stopping Redis mid-run
costs no 5xx and no session, and a Redis that answers reads but refuses every write (full,
or a read-only replica) costs no 5xx, no unanswered request and no session either.
"""

import http.server
import importlib.machinery
import importlib.util
import json
import subprocess
import sys
import threading
import types

import pytest

from .baking import TEMPLATE_DIR, bake, clean_env, venv_for

MODES = ("none", "locmem", "redis", "redis-plain", "redis-noprefetch", "redis-down")
REFUSALS = ("oom", "readonly")
FIELDS = ("req_s", "p50_ms", "p99_ms", "sql_per_req", "redis_cmds_per_req")
HAS_NSI_APPS = (TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "courses").is_dir()


def test_quick_benchmark_runs_every_mode_and_writes_its_report(tmp_path):
    # The project's own venv (shared with the other tests), and this Python for cookiecutter.
    venv = venv_for(bake(tmp_path / "bake"), "3.12")
    out = tmp_path / "out"
    command = [sys.executable, str(TEMPLATE_DIR / "benchmarks" / "run"), "--quick", "--dataset", "tiny"]
    command += ["--seconds", "1", "--profile-requests", "20"]
    command += ["--pages", "ceiling,home,courses,profile,exercise_python,class"]
    # The Valider burst, tiny: three students, on the machine's compiled sandbox (no timed compile).
    command += ["--burst-students", "3", "--skip-cold-compile"]
    command += ["--no-chart", "--tools-python", sys.executable, "--project-venv", str(venv)]
    command += ["--workdir", str(out), "--json", str(out / "results.json"), "--results", str(out / "RESULTS.md")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=clean_env())
    assert result.returncode == 0, f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}"

    figures = json.loads((out / "results.json").read_text())
    pages = ["ceiling", "home"] + (["courses", "profile"] if HAS_NSI_APPS else [])
    # A 500 at a probe: the harness printed the end of that server's log (its traceback).
    assert figures["errors"] == [], result.stdout[-8000:]
    for mode in MODES:
        for page in pages:
            row = figures["modes"][mode][page]
            assert all(isinstance(row[field], (int, float)) for field in FIELDS), (mode, page, row)
            assert row["req_s"] > 0 and row["p99_ms"] >= row["p50_ms"] > 0, (mode, page, row)
    assert figures["modes"]["redis"]["ceiling"]["sql_per_req"] == 0
    # CPU per request, read for the workers, redis-server and wrk: a page that renders a template
    # costs its workers more than the ceiling's empty view, and Redis serves the redis mode only.
    for mode in ("none", "redis"):
        for page in pages:
            row = figures["modes"][mode][page]
            assert row["cpu_ms_per_req"] > 0 and row["client_cpu_ms_per_req"] > 0, (mode, page, row)
    assert figures["modes"]["redis"]["home"]["cpu_ms_per_req"] > figures["modes"]["redis"]["ceiling"]["cpu_ms_per_req"]
    assert figures["modes"]["redis"]["home"]["redis_cpu_ms_per_req"] > 0
    assert figures["modes"]["none"]["home"]["redis_cpu_ms_per_req"] is None
    if HAS_NSI_APPS:
        none, redis = figures["modes"]["none"]["courses"], figures["modes"]["redis"]["courses"]
        assert none["sql_per_req"] > redis["sql_per_req"]
        assert redis["redis_cmds_per_req"] > 0
        # redis-plain switches the prefetch off: one GET per key instead of one MGET for them all.
        assert figures["modes"]["redis-plain"]["courses"]["redis_cmds_per_req"] > redis["redis_cmds_per_req"]
        assert figures["modes"]["redis-noprefetch"]["courses"]["redis_cmds_per_req"] > redis["redis_cmds_per_req"]
        # The class page, read with the teacher's session: uncached without a cache, 0-1 SQL when warm.
        none, redis = figures["modes"]["none"]["class"], figures["modes"]["redis"]["class"]
        assert none["non_2xx"] == redis["non_2xx"] == 0, (none, redis)
        assert none["sql_per_req"] > redis["sql_per_req"] and redis["sql_per_req"] <= 1, (none, redis)
    assert figures["redis_memory"]["mb_per_1000_sessions"] > 0
    outage = figures["redis_down"]
    assert outage["requests_after_stop"] > 0
    assert outage["status_5xx"] == 0 and outage["sessions_lost"] == 0, outage

    # Redis refusing writes, every key but the sessions deleted: each phase ran on each page,
    # the server did refuse the writes, the cached page missed (its queries ran), and nothing failed.
    assert figures["config"]["refusals"] == list(REFUSALS)
    for variant in REFUSALS:
        for page in pages:
            phase = figures["modes"]["redis-down"][page]["refusing_writes"][variant]
            assert phase["requests"] > 0, (variant, page, phase)
        if HAS_NSI_APPS:
            courses = figures["modes"]["redis-down"]["courses"]["refusing_writes"][variant]
            assert courses["sql_per_req"] > 0 and courses["get_misses_per_req"] > 0, (variant, courses)
        total = figures["refusing_writes"][variant]
        assert total["writes_refused"] > 0, (variant, total)
        assert total["status_5xx"] == 0 and total["unanswered"] == 0 and total["sessions_lost"] == 0, (variant, total)

    if HAS_NSI_APPS:
        # The Python exercise page, warm: no SQL but the student's own progress.
        assert figures["modes"]["redis"]["exercise_python"]["sql_per_req"] <= 1
        # Three students validated at once and each got the verdict; the workers' memory was read.
        burst = figures["validation_burst"]
        assert burst["verdicts"]["final"] == {"200": 3, "429": 0, "other": 0}, burst["verdicts"]
        assert burst["verdicts"]["passed"] == 3 and burst["pages_during"]["requests"] > 0, burst
        assert len(burst["workers"]) == 2 and all(w["rss_before_mb"] > 0 for w in burst["workers"]), burst
        # Then the same three on the SQL exercise: every query judged and passed, pages read meanwhile.
        sql = burst["sql"]
        assert sql["verdicts"]["final"] == {"200": 3, "429": 0, "other": 0}, sql["verdicts"]
        assert sql["verdicts"]["passed"] == 3 and sql["pages_during"]["requests"] > 0, sql
        assert 0 < sql["verdicts"]["p50_s"] <= sql["verdicts"]["p95_s"] <= sql["verdicts"]["max_s"], sql
        assert figures["goals"]["burst_sql"]["figure"], figures["goals"]
        assert figures["profile"]["ms_per_request"] > 0 and figures["profile"]["share_pct"]["templates"] > 0

    report = (out / "RESULTS.md").read_text()
    assert "## Every figure" in report and "## Goals" in report
    if HAS_NSI_APPS:
        assert "## Valider burst (Python and SQL exercises" in report and "| SQL | 3 |" in report
    # The benchmark cleans up after itself: no bake, no database left behind.
    assert not (out / "bake").exists()


def load_benchmark_script():
    loader = importlib.machinery.SourceFileLoader("benchmark_run", str(TEMPLATE_DIR / "benchmarks" / "run"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("failures, status", [(1, 200), (2, 500)])
def test_a_page_that_fails_at_its_probe_is_asked_again_and_its_log_kept(failures, status):
    """A 5xx at a page's first request is logged with the server's log and asked once more:
    a blip is kept in the JSON, a page that fails twice is the run's error."""
    answered = []

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            answered.append(self.headers["Cookie"])
            self.send_response(500 if len(answered) <= failures else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        run = load_benchmark_script()
        results = {"probe_retries": []}
        bench = types.SimpleNamespace(cookie_name="s", readers=lambda name: (["key"], None), results=results)
        server = types.SimpleNamespace(
            base_url=f"http://127.0.0.1:{listener.server_port}", log_tail=lambda: "Traceback: KeyError"
        )
        assert run.Run.probe_page(bench, "none", server, "home", "/") == status
    finally:
        listener.shutdown()
    assert answered == ["s=key", "s=key"]
    assert results["probe_retries"] == [{"mode": "none", "page": "home", "status": 500, "log": "Traceback: KeyError"}]
