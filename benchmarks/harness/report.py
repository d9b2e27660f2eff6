"""Ratios, goals and RESULTS.md from the figures of a run."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

MB = 1024 * 1024
GOALS = {
    "throughput": "≥ 5× throughput on cached pages (redis / none)",
    "sql": "≥ 90 % fewer SQL queries per request on cached pages",
    "ceiling": "cached pages within 70 % of the ceiling (redis req/s ≥ 0.7 × ceiling)",
    "memory": "≤ 10 MB of Redis per 1 000 active users",
    "outage": "Redis stopped mid-run: 0 answers 5xx and 0 lost sessions",
    "refusing": "Redis refusing writes (full, read-only replica), every request a miss: 0 answers 5xx, "
    "0 unanswered, 0 lost sessions, p99 under 1 s (nobody waits on a lock that cannot be taken)",
    "exercise_pages": "exercise pages (Python, QCM) warm: no SQL but the student's own progress "
    "(≤ 1 query per request, redis mode)",
    "burst_verdicts": "a class pressing Valider at once (default set-up): every verdict, p95 within 5 s",
    "burst_pages": "cached pages keep a p99 under 100 ms during that burst",
    "burst_memory": "≤ 100 MB of sandbox memory per gunicorn worker",
    "burst_sql": "the same class pressing Valider at once on an SQL exercise: every verdict, p95 within 5 s, "
    "cached pages' p99 under 100 ms during it",
}
EXERCISE_PAGES = ("exercise_python", "exercise_qcm")
EXERCISE_PAGE_SQL = 1  # the student's last program and validations used (Python), never cached
BURST_P95_S = 5
BURST_PAGES_P99_MS = 100
BURST_MEMORY_MB = 100
# The refusing-writes goal: a miss computed at once costs tens of milliseconds; a wait on the
# stampede lock that can never be taken costs its whole timeout (10 s) per key.
REFUSING_P99_MS = 1000
REFUSAL_NAMES = {"oom": "full (OOM, noeviction)", "readonly": "read-only replica (READONLY)"}


def _command_line(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_info(db, redis) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    commit = _command_line(["git", "-C", str(Path(__file__).resolve().parents[2]), "rev-parse", "--short", "HEAD"])
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "kernel": platform.release(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "postgresql": db.server_version(),
        "redis": redis.info("server").get("redis_version", "?"),
        "wrk": _command_line(["sh", "-c", "wrk --version 2>&1 | head -n 1"]).split(" Copyright")[0],
        "template_commit": commit or "?",
    }


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def finish(results: dict, cached_pages: tuple[str, ...]) -> None:
    """Add ratios, Redis memory per 1000 users, the outage totals and the goals."""
    results.setdefault("machine", {}).setdefault("load_average_at_end", [round(x, 2) for x in os.getloadavg()])
    modes = results["modes"]
    none, redis, plain = modes.get("none", {}), modes.get("redis", {}), modes.get("redis-plain", {})
    ceiling = redis.get("ceiling", {}).get("req_s")
    layout = redis.get("layout", {}).get("req_s")
    ratios = {}
    references = results.get("references", {})
    for page, figures in redis.items():
        base = none.get(page, {})
        sql_none = base.get("sql_per_req")
        # The reference measured right after this page when there is one, else the ceiling's own run.
        ceiling_here = references.get(page, {}).get("ceiling", ceiling)
        layout_here = references.get(page, {}).get("layout", layout)
        ratios[page] = {
            "throughput_redis_over_none": _ratio(figures["req_s"], base.get("req_s")),
            "p50_redis_over_none": _ratio(figures["p50_ms"], base.get("p50_ms")),
            "sql_reduction_pct": round(100 * (1 - figures["sql_per_req"] / sql_none), 1) if sql_none else None,
            "redis_over_ceiling": _ratio(figures["req_s"], ceiling_here),
            "redis_over_layout": _ratio(figures["req_s"], layout_here),
            # What the speed-ups (fragments, prefetch, render_once) bring on this page.
            "redis_over_plain": _ratio(figures["req_s"], plain.get(page, {}).get("req_s")),
            "ceiling_req_s": ceiling_here,
            "layout_req_s": layout_here,
        }
    results["ratios"] = ratios

    memory = results.get("redis_memory", {})
    sessions = memory.get("sessions") or 0
    if sessions:
        per_thousand = 1000 / sessions
        memory["mb_per_1000_sessions"] = round(
            (memory["after_sessions_bytes"] - memory["before_bytes"]) * per_thousand / MB, 3
        )
        if "after_load_bytes" in memory:
            memory["mb_per_1000_active_users"] = round(
                (memory["after_load_bytes"] - memory["before_bytes"]) * per_thousand / MB, 3
            )

    down = modes.get("redis-down", {})
    results["redis_down"] = (
        {
            "status_5xx": sum(f["status_5xx"] for f in down.values()),
            "sessions_lost": sum(f["sessions_lost"] for f in down.values()),
            "socket_errors": sum(f["socket_errors"] for f in down.values()),
            "requests_after_stop": sum(f.get("requests_after_stop", 0) for f in down.values()),
            "worst_ms": max((f["max_ms"] for f in down.values()), default=None),
        }
        if down
        else {}
    )

    results["refusing_writes"] = refusing_totals(down)

    measured = [p for p in cached_pages if p in ratios and ratios[p]["throughput_redis_over_none"] is not None]
    goals = {}
    if measured:
        worst = min(measured, key=lambda p: ratios[p]["throughput_redis_over_none"] or 0)
        value = ratios[worst]["throughput_redis_over_none"]
        goals["throughput"] = {
            "met": bool(value and value >= 5),
            "figure": f"worst {worst}: {value}×",
            "per_page": {p: ratios[p]["throughput_redis_over_none"] for p in measured},
        }
        sql_pages = [p for p in measured if ratios[p]["sql_reduction_pct"] is not None]
        if sql_pages:
            worst = min(sql_pages, key=lambda p: ratios[p]["sql_reduction_pct"])
            value = ratios[worst]["sql_reduction_pct"]
            goals["sql"] = {
                "met": value >= 90,
                "figure": f"worst {worst}: −{value} %",
                "per_page": {p: ratios[p]["sql_reduction_pct"] for p in sql_pages},
            }
    measured = [p for p in cached_pages if p in ratios]
    if measured and ceiling:
        worst = min(measured, key=lambda p: ratios[p]["redis_over_ceiling"])
        value = ratios[worst]["redis_over_ceiling"]
        goals["ceiling"] = {
            "met": value >= 0.7,
            "figure": f"worst {worst}: {round(100 * value)} % of ceiling",
            "per_page": {p: ratios[p]["redis_over_ceiling"] for p in measured},
        }
    if "mb_per_1000_active_users" in memory:
        value = memory["mb_per_1000_active_users"]
        goals["memory"] = {
            "met": value <= 10,
            "figure": f"{value} MB per 1000 active users ({memory['mb_per_1000_sessions']} MB of it sessions)",
        }
    if results["redis_down"]:
        d = results["redis_down"]
        goals["outage"] = {
            "met": d["status_5xx"] == 0 and d["sessions_lost"] == 0,
            "figure": f"{d['status_5xx']} × 5xx, {d['sessions_lost']} lost sessions, "
            f"{d['requests_after_stop']} requests served with Redis stopped",
        }
    for variant, r in results["refusing_writes"].items():
        goals.setdefault("refusing", {"met": True, "figure": "", "per_page": {}})
        met = r["status_5xx"] == 0 and r["unanswered"] == 0 and r["sessions_lost"] == 0
        met = met and r["requests"] > 0 and r["worst_p99_ms"] < REFUSING_P99_MS
        goal = goals["refusing"]
        goal["met"] = goal["met"] and met
        goal["figure"] += (
            ("; " if goal["figure"] else "")
            + f"{variant}: {r['status_5xx']} × 5xx, {r['unanswered']} unanswered, {r['sessions_lost']} lost sessions "
            f"over {r['requests']} requests, worst p99 {r['worst_p99_ms']} ms ({r['worst_p99_page']})"
        )
    exercise_pages = {page: redis[page]["sql_per_req"] for page in EXERCISE_PAGES if page in redis}
    if exercise_pages:
        goals["exercise_pages"] = {
            "met": all(value <= EXERCISE_PAGE_SQL for value in exercise_pages.values()),
            "figure": ", ".join(f"{page} {value} SQL/req" for page, value in exercise_pages.items()),
        }
    goals.update(burst_goals(results.get("validation_burst")))
    results["goals"] = goals
    results["missing_cached_pages"] = [p for p in cached_pages if p not in ratios]


def burst_goals(b: dict | None) -> dict:
    if not b:
        return {}
    worst = max((w["sandbox_mb"] for w in b["workers"]), default=0.0)
    goals = {
        "burst_verdicts": verdicts_goal(b["verdicts"]),
        "burst_pages": pages_goal(b["pages_during"], b["pages_before"]),
        "burst_memory": {
            "met": bool(b["workers"]) and worst <= BURST_MEMORY_MB,
            "figure": f"worst worker +{worst} MB (peak RSS over RSS before its first run)",
        },
    }
    sql = b.get("sql")
    if sql:
        verdicts, pages = verdicts_goal(sql["verdicts"]), pages_goal(sql["pages_during"], b["pages_before"])
        goals["burst_sql"] = {
            "met": verdicts["met"] and pages["met"],
            "figure": f"{verdicts['figure']}; pages {pages['figure']}",
        }
    return goals


def verdicts_goal(v: dict) -> dict:
    """Every student of a burst got a passed verdict, the 95th percentile within BURST_P95_S."""
    all_answered = v["final"]["200"] == v["students"] and v["passed"] == v["students"]
    return {
        "met": all_answered and v["p95_s"] <= BURST_P95_S,
        "figure": f"{v['students']} students: p95 {v['p95_s']} s, max {v['max_s']} s, "
        f"{v['final']['200']} verdicts ({v['passed']} passed), {v['final']['429']} × 429 and "
        f"{v['final']['other']} other after the editor's retries ({v['first']['429']} × 429 at first)",
    }


def pages_goal(during: dict, before: dict) -> dict:
    return {
        "met": during["p99_ms"] < BURST_PAGES_P99_MS and during["non_2xx"] == 0,
        "figure": f"p99 {during['p99_ms']} ms during (before: {before['p99_ms']} ms)",
    }


def burst_section(results: dict) -> list[str]:
    """The "Valider" burst and the sandbox's cold compile."""
    b, compiled = results.get("validation_burst"), results.get("sandbox_compile")
    out = []
    if b:
        v, sql = b["verdicts"], b.get("sql")
        out += [
            "",
            f"## Valider burst ({'Python and SQL exercises' if sql else 'Python exercise'}, default set-up)",
            "",
            f"{v['students']} students post a correct program to one Python exercise at the same moment "
            f"(JSON, session and CSRF cookies, X-CSRFToken), to gunicorn as `gunicorn.conf.py` starts it "
            f"({b['gunicorn']}; {b['cores']} cores; the sandbox's default slots and queue), while "
            f"{', '.join(b['pages'])} pages are read by other students. Like the editor, a 429 is tried again "
            "after its Retry-After, twice at most; a verdict's time runs from the click to the last answer."
            + (
                " Then the same class posts a correct query to one SQL exercise at once, the same way: "
                "its queries run in the worker's own process, under the same admission."
                if sql
                else ""
            ),
            "",
            "| exercise | verdicts | p50 | p95 | max | passed | first answers 200 / 429 / other | "
            "final 200 / 429 / other | retried |",
            "|---|---:|---:|---:|---:|---:|---|---|---:|",
        ]
        out += [verdicts_row(label, burst["verdicts"]) for label, burst in (("Python", b), ("SQL", sql)) if burst]
        out += [
            "",
            f"| cached pages ({b.get('pages_rate', '?')} req/s) | requests | p50 | p99 | max | over 100 ms | "
            "non-2xx | unanswered |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        during = [("before the bursts" if sql else "before the burst", b["pages_before"])]
        during.append(("during the Python burst" if sql else "during the burst", b["pages_during"]))
        if sql:
            during.append(("during the SQL burst", sql["pages_during"]))
        for label, p in during:
            out.append(
                f"| {label} | {p['requests']} | {_fmt(p['p50_ms'], 2)} ms | {_fmt(p['p99_ms'], 2)} ms | "
                f"{_fmt(p['max_ms'])} ms | {p.get('over_100ms', '–')} | {p['non_2xx']} | {p['unanswered']} |"
            )
        for label, p in during[1:]:
            slow = p.get("slow") or []
            if slow:
                out += [
                    "",
                    f"Page requests over 100 ms {label} (sent at, from the start of the load, whose "
                    "burst begins at 0.5 s → time taken): "
                    + ", ".join(f"{at} s → {ms} ms" for at, ms in slow[:20])
                    + ".",
                ]
        out += [
            "",
            "| gunicorn worker | RSS before | RSS after | peak after | anonymous / file-backed after | sandbox |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for n, w in enumerate(b["workers"], start=1):
            out.append(
                f"| {n} | {w['rss_before_mb']} MB | {w['rss_after_mb']} MB | {w['peak_after_mb']} MB | "
                f"{w['anon_after_mb']} / {w['file_after_mb']} MB | +{w['sandbox_mb']} MB |"
            )
    if compiled:
        out += [
            "",
            f"Cold compile of the sandbox's CPython (`manage.py compile_sandbox` into an empty directory): "
            f"**{compiled['seconds']} s** ({compiled['cpu_s']} s CPU, peak {compiled['peak_rss_mb']} MB, "
            f"{compiled['size_mb']} MB compiled file). On Railway it happens in the build step "
            "(`.railway/railway.py` BUILD_COMMAND, into `.sandbox-cache/` of the image): web processes only map "
            "the file, so no request ever waits for it.",
        ]
    return out


def verdicts_row(label: str, v: dict) -> str:
    return (
        f"| {label} | {v['students']} | {v['p50_s']} s | {v['p95_s']} s | {v['max_s']} s | {v['passed']} | "
        f"{v['first']['200']} / {v['first']['429']} / {v['first']['other']} | "
        f"{v['final']['200']} / {v['final']['429']} / {v['final']['other']} | {v['retried']} |"
    )


def refusing_totals(down: dict) -> dict:
    """Per write refusal, over every page of the redis-down mode: the counts and the worst latencies."""
    totals = {}
    for page, figures in down.items():
        for variant, f in figures.get("refusing_writes", {}).items():
            t = totals.setdefault(
                variant,
                {"requests": 0, "served": 0, "status_5xx": 0, "unanswered": 0, "sessions_lost": 0, "writes_refused": 0}
                | {"worst_p99_ms": 0.0, "worst_p99_page": None, "worst_ms": 0.0},
            )
            for key in ("requests", "served", "status_5xx", "unanswered", "sessions_lost", "writes_refused"):
                t[key] += f[key]
            if t["worst_p99_page"] is None or f["p99_ms"] > t["worst_p99_ms"]:
                t["worst_p99_ms"], t["worst_p99_page"] = f["p99_ms"], page
            t["worst_ms"] = max(t["worst_ms"], f["max_ms"])
    return totals


def goal_lines(results: dict) -> list[str]:
    lines = []
    for key, text in GOALS.items():
        goal = results.get("goals", {}).get(key)
        if goal is None:
            lines.append(f"NOT MEASURED  {text}")
        else:
            lines.append(f"{'MET' if goal['met'] else 'NOT MET':13} {text}: {goal['figure']}")
    return lines


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".replace(",", " ")
    return str(value)


def _cpu(figures: dict) -> str:
    """The workers', redis-server's and wrk's CPU ms per request (older result files have none)."""
    keys = ("cpu_ms_per_req", "redis_cpu_ms_per_req", "client_cpu_ms_per_req")
    return " / ".join(_fmt(figures.get(key), 3) for key in keys)


def markdown(results: dict, cached_pages, chart: Path | None, where: Path, findings: Path | None) -> str:
    m, c = results.get("machine", {}), results.get("config", {})
    modes = results["modes"]
    pages = list(results.get("pages", {}))
    out = ["# Benchmark results: what the cache buys", ""]
    out += [
        f"Generated by `benchmarks/run{' --quick' if c.get('profile') == 'quick' else ''}` on {m.get('date', '?')} "
        f"(template commit `{m.get('template_commit', '?')}`, {c.get('elapsed_s', '?')} s). "
        "Re-run it whenever the caching changes; this file is rewritten, `benchmarks/findings.md` is appended.",
        "",
        "## Machine and set-up",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m.get('cpu')} — {m.get('cores')} cores (shared: load average {m.get('load_average_at_start')} "
        f"at start, {m.get('load_average_at_end')} at end) |",
        f"| Memory, kernel | {m.get('memory_gb')} GiB, Linux {m.get('kernel')} |",
        f"| Servers | PostgreSQL {m.get('postgresql')}, Redis {m.get('redis')} (dedicated instance), "
        f"gunicorn {c.get('gunicorn') or str(c.get('workers')) + ' sync workers'} (the project's "
        "`gunicorn.conf.py`), production settings |",
        f"| Load | {m.get('wrk')}, 1 thread, {c.get('connections')} connections, {c.get('seconds')} s per mode "
        f"and page after a warm-up (each student once on their page), all on 127.0.0.1 |",
        f"| Sessions | {results.get('redis_memory', {}).get('sessions', '?')} logged-in students, one session "
        f"each, store {c.get('session_store')} |",
        f"| Data set | `{c.get('dataset')}`: {_sizes(results.get('dataset', {}))} |",
        "",
        "Modes: **none** = DummyCache and database sessions; **locmem** = the project's fallback without "
        "`REDIS_URL` (per-process memory, database sessions); **redis** = the default; **redis-plain** = as "
        "redis, with the fragment, prefetch and render-once speed-ups switched off (no HTML fragments cached, no prefetch, layout "
        "rendered on every request: `nsi_bench/plain.py`); **redis-noprefetch** = as redis, with only the "
        "prefetch off (one GET per key); **redis-down** = as "
        "redis, with the redis-server stopped halfway through each page's run (then, after it, the "
        "phases where it refuses writes: their own section below). **ceiling** = a view "
        "that does nothing, behind the same middleware. SQL queries are counted by a middleware "
        "(`nsi_bench/counters.py`, first in the chain); Redis commands from `INFO commandstats`. "
        "CPU ms/req: the CPU time (user and system) per answered request of the gunicorn workers "
        "(`/proc/<pid>/stat`), of redis-server (`INFO cpu`) and of wrk itself, medians of the rounds; "
        "client and server share the cores, so the workers' figure compares two runs where req/s may not.",
        "",
        "## Every figure",
        "",
        "| mode | page | req/s (median) | req/s per round | p50 ms | p99 ms | max ms | SQL/req | Redis cmds/req "
        "| CPU ms/req: workers / redis / wrk | 5xx | lost sessions |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, figures in modes.items():
        for page in pages:
            f = figures.get(page)
            if f is None:
                continue
            rounds = " / ".join(f"{x:.0f}" for x in f.get("req_s_rounds", []))
            out.append(
                f"| {mode} | {page} | {_fmt(f['req_s'])} | {rounds} | {_fmt(f['p50_ms'], 2)} | "
                f"{_fmt(f['p99_ms'], 2)} | {_fmt(f['max_ms'], 1)} | {_fmt(f['sql_per_req'], 2)} | "
                f"{_fmt(f['redis_cmds_per_req'], 2)} | {_cpu(f)} | {f['status_5xx']} | {f['sessions_lost']} |"
            )
    out += [
        "",
        "## Ratios (redis against none, the ceiling and the layout floor)",
        "",
        "The layout floor is the project's `base.html` around an empty block for the logged-in student "
        "(session, user and navigation): no page of the portal can be faster. Both references are measured "
        "again on the redis server right after each round of each page (median in the last two columns), so "
        "that a ratio compares figures taken seconds apart on this shared machine.",
        "",
        "| page | throughput redis/none | p50 redis/none | SQL queries saved | redis/ceiling | redis/layout "
        "| ceiling req/s | layout req/s | redis/redis-plain |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, r in results.get("ratios", {}).items():
        saved = f"{_fmt(r['sql_reduction_pct'])} %" if r["sql_reduction_pct"] is not None else "–"
        ceiling, layout = (
            f"{round(100 * r[key])} %" if r.get(key) is not None else "–"
            for key in ("redis_over_ceiling", "redis_over_layout")
        )
        out.append(
            f"| {page}{' (cached)' if page in cached_pages else ''} | "
            f"{_fmt(r['throughput_redis_over_none'], 2)}× | {_fmt(r['p50_redis_over_none'], 2)} | "
            f"{saved} | {ceiling} | {layout} | {_fmt(r.get('ceiling_req_s'))} | {_fmt(r.get('layout_req_s'))} | "
            f"{_fmt(r.get('redis_over_plain'), 2) + '×' if r.get('redis_over_plain') else '–'} |"
        )
    memory = results.get("redis_memory", {})
    if memory:
        out += [
            "",
            "## Redis memory",
            "",
            f"- {memory['sessions']} sessions created on an empty Redis: "
            f"{_fmt((memory['after_sessions_bytes'] - memory['before_bytes']) / 1024, 1)} KiB "
            f"→ **{memory.get('mb_per_1000_sessions')} MB per 1 000 sessions** "
            f"({memory.get('keys_after_sessions')} keys).",
        ]
        if "after_load_bytes" in memory:
            out.append(
                f"- After the redis mode (every student on every page: sessions, shared cached data, "
                f"per-user keys): {_fmt((memory['after_load_bytes'] - memory['before_bytes']) / MB, 2)} MB "
                f"→ **{memory.get('mb_per_1000_active_users')} MB per 1 000 active users** "
                f"({memory.get('keys_after_load')} keys)."
            )
    down = results.get("redis_down")
    if down:
        out += [
            "",
            "## Redis stopped mid-run",
            "",
            f"Across all pages: **{down['status_5xx']} answers 5xx, {down['sessions_lost']} lost sessions**, "
            f"{down['socket_errors']} socket errors, {down['requests_after_stop']} requests served after the "
            f"stop; worst request {_fmt(down['worst_ms'])} ms.",
        ]
    out += refusing_section(results)
    out += burst_section(results)
    prof = results.get("profile")
    if prof:
        shares = ", ".join(f"{k.replace('_', ' ')} {v} %" for k, v in prof["share_pct"].items())
        out += [
            "",
            f"## Profile of the slowest cached page: {prof['page']} (`{prof['path']}`, redis mode)",
            "",
            f"In-process through every middleware (Django test client, cProfile, {prof['requests']} requests): "
            f"**{prof['ms_per_request']} ms per request** without the profiler, against "
            f"{prof['ceiling_ms_per_request']} ms for the ceiling view and {prof.get('layout_ms_per_request')} ms for "
            "the layout floor. Share of the profiled time "
            f"(cumulative, areas overlap): {shares}.",
            "",
            "| function (own time) | calls/request | share |",
            "|---|---:|---:|",
        ]
        out += [f"| `{f['function']}` | {f['calls_per_request']} | {f['own_pct']} % |" for f in prof["top_own_time"]]
    out += ["", "## Goals", ""]
    for key, text in GOALS.items():
        goal = results.get("goals", {}).get(key)
        if goal is None:
            out.append(f"- **not measured**: {text}")
        else:
            per_page = ", ".join(f"{page} {value}" for page, value in goal.get("per_page", {}).items())
            out.append(
                f"- **{'met' if goal['met'] else 'NOT MET'}**: {text} — {goal['figure']}"
                + (f" (per page: {per_page})" if per_page else "")
            )
    if results.get("missing_cached_pages"):
        out.append(f"- Cached pages not measured (absent from this bake): {', '.join(results['missing_cached_pages'])}")
    if results.get("absent_pages"):
        out.append("- Absent pages: " + "; ".join(f"{k} ({v})" for k, v in results["absent_pages"].items()))
    if results.get("errors"):
        out.append("- Errors: " + "; ".join(results["errors"]))
    if chart is not None:
        out += ["", f"![req/s and SQL per request, per mode and page]({os.path.relpath(chart, where)})"]
    if findings is not None and findings.exists():
        out += ["", findings.read_text().rstrip()]
    return "\n".join(out) + "\n"


def refusing_section(results: dict) -> list[str]:
    """The redis-down mode's write-refusal phases: one row per page and refusal."""
    down = results["modes"].get("redis-down", {})
    rows = [(page, variant, f) for page, fig in down.items() for variant, f in fig.get("refusing_writes", {}).items()]
    if not rows:
        return []
    c = results.get("config", {})
    out = [
        "",
        "## Redis refusing writes (redis-down mode, after the stop)",
        "",
        "For each page and each way of refusing writes, the mode's redis-server keeps answering reads "
        "but answers an error to every write: **full** = `maxmemory` below what it uses, with "
        "`maxmemory-policy noeviction` (OOM); **read-only replica** = `REPLICAOF` a port where nothing "
        "listens, as after a failover (READONLY). Before each phase the workers are restarted and the "
        "students warmed up; then every key but the sessions is deleted, so every request misses the "
        "page's data (nothing can be stored again). The load: "
        f"{c.get('connections')} connections for {c.get('refusal_seconds')} s, each request waited for to "
        f"the end (up to {c.get('refusal_request_timeout_s')} s, beyond gunicorn's 30 s worker timeout): "
        "latencies are those of every request, answered or not. *Misses/req*: GETs of an absent key "
        "(`keyspace_misses`), lock polls included; *writes refused*: error replies (`errorstats`). "
        "Redis is restored afterwards (`CONFIG SET` back, `REPLICAOF NO ONE`, a write checked).",
        "",
        "| page | refusal | requests | 5xx | unanswered | p50 ms | p99 ms | max ms | SQL/req | misses/req "
        "| Redis cmds/req | writes refused | lost sessions |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, variant, f in rows:
        out.append(
            f"| {page} | {REFUSAL_NAMES.get(variant, variant)} | {f['requests']} | {f['status_5xx']} | "
            f"{f['unanswered']} | {_fmt(f['p50_ms'], 2)} | {_fmt(f['p99_ms'], 2)} | {_fmt(f['max_ms'], 1)} | "
            f"{_fmt(f['sql_per_req'], 2)} | {_fmt(f['get_misses_per_req'], 2)} | {_fmt(f['redis_cmds_per_req'], 2)} | "
            f"{f['writes_refused']} | {f['sessions_lost']} |"
        )
    out.append("")
    for variant, t in results.get("refusing_writes", {}).items():
        out.append(
            f"- {REFUSAL_NAMES.get(variant, variant)}, across all pages: **{t['status_5xx']} answers 5xx, "
            f"{t['unanswered']} unanswered, {t['sessions_lost']} lost sessions** over {t['requests']} requests; "
            f"worst p99 {_fmt(t['worst_p99_ms'])} ms ({t['worst_p99_page']}), worst request {_fmt(t['worst_ms'])} ms; "
            f"{t['writes_refused']} writes refused."
        )
    return out


def _sizes(dataset: dict) -> str:
    s = dataset.get("sizes", {})
    if not s:
        return "?"
    return (
        f"{s.get('levels')} levels × {s.get('courses')} courses × {s.get('chapters')} chapters × "
        f"{s.get('blocks')} blocks, {s.get('exercises')} exercises per chapter, {s.get('badges')} badges, "
        f"{s.get('students')} students, {s.get('attempts')} attempts (loaded in {dataset.get('load_s')} s)"
    )
