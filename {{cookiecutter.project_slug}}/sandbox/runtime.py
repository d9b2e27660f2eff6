"""The WebAssembly runtime of this process: the checked python.wasm, compiled once, ready to run.

Compiling CPython's 26 MB module takes 10 to 20 s and ~350 MB, so it is done once (at build
time: ``manage.py compile_sandbox``) and the machine code is kept on disk, named after what it
depends on: the wasm file's SHA-256, the wasmtime version, the CPU architecture and the engine's
settings. A process then only maps that file (a few ms). A file wasmtime refuses (another CPU's
features, a truncated copy) is compiled again and replaced. ``Module.deserialize_file`` trusts
its input: the cache directory is created private to the user, and files are written whole
then renamed.

The engine is made per process, on first use: gunicorn forks its workers from a master that
imported Django (preload_app), and the epoch-ticking thread below would not survive a fork.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import platform
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import wasmtime

from .config import BUNDLED_FILE, BUNDLED_PACKAGE, SandboxConfig
from .wasi import define_bounded_poll

logger = logging.getLogger("sandbox")

# Wall-clock budget unit: a thread bumps the engine's epoch this often; a run traps after
# ceil(wall_seconds / EPOCH_TICK) ticks.
EPOCH_TICK = 0.05


class RuntimeUnavailable(Exception):
    """The runtime cannot be used; the message is for the log (English, no secret)."""


@dataclass
class Runtime:
    engine: wasmtime.Engine
    instance_pre: wasmtime.InstancePre
    wasm_sha256: str
    pid: int
    identity: tuple


def engine_config() -> wasmtime.Config:
    config = wasmtime.Config()
    config.consume_fuel = True  # CPU budget, deterministic: the same code stops at the same point
    config.epoch_interruption = True  # wall-clock budget, whatever the guest waits on
    return config


# Part of the compiled file's name: a change of these settings makes another file.
CONFIG_TAG = "fuel-epoch-v1"


def wasmtime_version() -> str:
    return importlib.metadata.version("wasmtime")


def wasm_file(config: SandboxConfig) -> Path:
    if config.wasm_path:
        return Path(config.wasm_path)
    # Located, not imported: no code of that package runs in this process.
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeUnavailable(f"package {BUNDLED_PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_FILE


def read_checked_wasm(config: SandboxConfig) -> tuple[bytes, str]:
    path = wasm_file(config)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RuntimeUnavailable(f"cannot read {path}: {error.strerror or error}") from None
    digest = hashlib.sha256(data).hexdigest()
    if not config.wasm_sha256:
        raise RuntimeUnavailable(f"no SHA-256 configured for {path} (SANDBOX WASM_SHA256)")
    if digest != config.wasm_sha256:
        raise RuntimeUnavailable(f"{path} has SHA-256 {digest}, expected {config.wasm_sha256}")
    return data, digest


def compiled_path(config: SandboxConfig, digest: str) -> Path:
    name = f"python-{digest[:20]}-wasmtime{wasmtime_version()}-{platform.machine()}-{CONFIG_TAG}.cwasm"
    return config.cache_dir / name


def load_module(
    config: SandboxConfig, engine: wasmtime.Engine, *, force: bool = False
) -> tuple[wasmtime.Module, str, bool]:
    """The checked module, from the compiled cache when it is usable. Returns (module, sha256, compiled now)."""
    data, digest = read_checked_wasm(config)
    target = compiled_path(config, digest)
    try:
        config.cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = open(config.cache_dir / ".lock", "a")  # noqa: SIM115 - held across the block below
    except OSError as error:
        # No usable cache (read-only disk): this process compiles for itself.
        logger.warning("sandbox: no compiled-module cache in %s (%s), compiling in memory", config.cache_dir, error)
        return compile_module(engine, data), digest, True
    # One process compiles, the others of the machine wait for its file instead of compiling too.
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists() and not force:
            try:
                return wasmtime.Module.deserialize_file(engine, str(target)), digest, False
            except wasmtime.WasmtimeError as error:
                reason = str(error).splitlines()[0]
                logger.warning("sandbox: compiled module %s refused (%s), compiling again", target.name, reason)
        module = compile_module(engine, data)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        try:
            partial.write_bytes(module.serialize())
            os.replace(partial, target)
        except OSError as error:
            logger.warning("sandbox: cannot keep the compiled module in %s (%s)", config.cache_dir, error)
        return module, digest, True


def compile_module(engine: wasmtime.Engine, data: bytes) -> wasmtime.Module:
    try:
        return wasmtime.Module(engine, data)
    except wasmtime.WasmtimeError as error:
        raise RuntimeUnavailable(f"invalid wasm module: {str(error).splitlines()[0]}") from None


def build(config: SandboxConfig) -> Runtime:
    engine = wasmtime.Engine(engine_config())
    try:
        module, digest, _ = load_module(config, engine)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        define_bounded_poll(linker)
        instance_pre = linker.instantiate_pre(module)
    except wasmtime.WasmtimeError as error:
        raise RuntimeUnavailable(f"cannot prepare the module: {str(error).splitlines()[0]}") from None
    start_ticking(engine)
    return Runtime(engine, instance_pre, wasm_sha256=digest, pid=os.getpid(), identity=identity(config))


def start_ticking(engine: wasmtime.Engine) -> None:
    # A weak reference: the thread ends once the engine is dropped (tests build several).
    engine_ref = weakref.ref(engine)

    def tick():
        while True:
            time.sleep(EPOCH_TICK)
            current = engine_ref()
            if current is None:
                return
            current.increment_epoch()
            del current

    threading.Thread(target=tick, name="sandbox-epoch", daemon=True).start()


_lock = threading.Lock()
_runtime: Runtime | None = None
# The last failure, per wasm file and cache: logged once, then answered from memory.
_failures: dict[tuple, str] = {}


def identity(config: SandboxConfig) -> tuple:
    return (config.wasm_path, config.wasm_sha256, str(config.cache_dir))


def get(config: SandboxConfig) -> Runtime:
    """This process's runtime, built on first use; a failure is logged once and remembered."""
    global _runtime
    key = identity(config)
    runtime = _runtime
    if runtime is not None and runtime.pid == os.getpid() and runtime.identity == key:
        return runtime
    with _lock:
        if _runtime is not None and _runtime.pid == os.getpid() and _runtime.identity == key:
            return _runtime
        if key in _failures:
            raise RuntimeUnavailable(_failures[key])
        try:
            _runtime = build(config)
        except RuntimeUnavailable as error:
            _failures[key] = str(error)
            logger.error("sandbox unavailable: %s", error)
            raise
        return _runtime


def warm_up() -> None:
    """Build this process's runtime now (gunicorn's post_worker_init, in a thread of its own).

    Left to the first validation, the build (~0.2 s, part of it holding the GIL) lands in the
    first second of a class pressing "Valider" together, while their pages wait. A failure is
    logged once here and answered to the students as Unavailable, as it would be anyway.
    """
    from .config import load

    with contextlib.suppress(RuntimeUnavailable):
        get(load())


def reset() -> None:
    """Forget this process's runtime and remembered failures (tests; a new wasm file)."""
    global _runtime
    with _lock:
        _runtime = None
        _failures.clear()


def _after_fork() -> None:
    # The parent's engine has no ticking thread here, and its lock may have been held mid-fork.
    global _runtime, _lock
    _runtime = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)
