"""Profile one page in-process (cProfile), as a logged-in student, through every middleware.

    python -c "import django; django.setup(); from nsi_bench import profile; profile.main()" \
        PATH SESSION_KEY REQUESTS OUT.json

Writes the time per request without the profiler (best of three batches), where the profiled time goes (templates,
Redis, SQL, the rest) and the functions with the most time of their own. Run by
benchmarks/run on the slowest cached page in the redis mode.
"""

import cProfile
import json
import pstats
import sys
import time

from django.conf import settings
from django.test import Client

# Where time goes: (label, path fragment of the file, function name); cumulative time.
AREAS = (
    ("templates", "django/template/backends/django.py", "render"),
    ("redis", "redis/client.py", "_execute_command"),
    ("redis_pipelines", "redis/client.py", "_execute_transaction"),
    ("redis_pipelines", "redis/client.py", "_execute_pipeline"),
    ("sql", "django/db/backends/utils.py", "_execute"),
    ("unpickle", "django_redis/serializers/pickle.py", "loads"),
    ("session_and_user", "django/contrib/auth/__init__.py", "get_user"),
)


def main(argv=None) -> None:
    path, session_key, requests, out_path = (sys.argv[1:] if argv is None else argv)[:4]
    requests = int(requests)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.cookies[settings.CSRF_COOKIE_NAME] = "0" * 32  # kept by a browser after its first page
    for _ in range(20):  # warm: caches, connections, compiled templates
        status = client.get(path).status_code
    if status != 200:
        raise SystemExit(f"profile: {path} answered {status}")
    # The best of three batches: on a shared machine, the others' load only ever adds time.
    batches = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        batches.append((time.perf_counter() - started) * 1000 / requests)
    plain_ms = min(batches)

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, function) -> (cc, nc, tt, ct, callers)
    total = sum(tt for _, _, tt, _, _ in stats.values())
    areas = {}
    for label, fragment, function in AREAS:
        for (filename, _, name), (_, _, _, ct, _) in stats.items():
            if name == function and filename.endswith(fragment):
                areas[label] = areas.get(label, 0) + ct
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    result = {
        "path": path,
        "requests": requests,
        "ms_per_request": round(plain_ms, 2),
        "profiled_ms_per_request": round(total * 1000 / requests, 2),
        "share_pct": {label: round(100 * value / total, 1) for label, value in areas.items()},
        "top_own_time": [
            {
                "function": f"{short(filename)}:{line}({name})",
                "calls_per_request": round(nc / requests, 1),
                "own_pct": round(100 * tt / total, 1),
            }
            for (filename, line, name), (_, nc, tt, _, _) in top
        ],
    }
    with open(out_path, "w") as f:
        json.dump(result, f, indent=2)


def short(filename: str) -> str:
    for marker in ("site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 2)[-2] + "/" + filename.rsplit("/", 1)[-1] if "/" in filename else filename
