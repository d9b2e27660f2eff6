"""The project's production settings, plus what the benchmark needs to observe it.

- the counting middleware first (with BENCH_COUNTERS_DIR), so it sees every query of every other middleware;
- ``nsi_bench.urls``: the project's URLs plus the ceiling view;
- BENCH_MODE=none: every cache alias becomes a DummyCache and sessions go to the database
  (the "no cache at all" baseline). The other modes only change environment variables
  (REDIS_URL empty: the project's own LocMem fallback; REDIS_URL set: Redis);
- BENCH_MODE=redis-plain: Redis, with the fragment, prefetch and render-once speed-ups switched off;
  BENCH_MODE=redis-noprefetch: Redis with only the prefetch off (both by CACHING_SPEEDUPS, nsi_bench/plain.py).
"""

import importlib
import os

from nsi_bench.plain import speedups_for

_prod = importlib.import_module(f"{os.environ['BENCH_PROJECT']}.settings.prod")
globals().update({name: value for name, value in vars(_prod).items() if name.isupper()})

# Counted only where a run reads the counters (benchmarks/instructions counts instructions instead).
MIDDLEWARE = [
    *(["nsi_bench.counters.CountingMiddleware"] if os.environ.get("BENCH_COUNTERS_DIR") else []),
    *_prod.MIDDLEWARE,
]
ROOT_URLCONF = "nsi_bench.urls"
PROJECT_URLCONF = _prod.ROOT_URLCONF

if os.environ.get("BENCH_MODE") == "none":
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in _prod.CACHES}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    SESSION_CACHE_ALIAS = "default"

if speedups_for(os.environ.get("BENCH_MODE")) is not None:
    CACHING_SPEEDUPS = speedups_for(os.environ.get("BENCH_MODE"))
