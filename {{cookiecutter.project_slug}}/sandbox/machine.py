"""One run of the guest interpreter, in a store of its own, with every limit set.

What the guest gets: its argv, an empty environment, no stdin, no directory at all (the
interpreter's standard library is inside the wasm file), stdout and stderr into bounded
buffers in memory. No socket, no process, no file of the host exists on its side of wasmtime.
"""

from __future__ import annotations

import errno
import math
from dataclasses import dataclass

import wasmtime

from .config import SandboxConfig
from .runtime import EPOCH_TICK, Runtime


class BoundedOutput:
    """Keeps the first ``limit`` bytes; past it, writes fail (the guest sees an I/O error)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.overflowed = False

    def write(self, data: bytes) -> int:
        room = self.limit - self.size
        if len(data) > room:
            self.overflowed = True
            data = data[: max(room, 0)]
            if not data:
                return -errno.EIO
        self.chunks.append(data)
        self.size += len(data)
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


@dataclass(frozen=True)
class GuestRun:
    stdout: bytes
    stderr: bytes
    stdout_overflowed: bool
    stderr_overflowed: bool
    exit_code: int | None  # None when a trap stopped it
    trap: wasmtime.TrapCode | None
    trap_message: str
    fuel_used: int  # wasm instructions, roughly: what the CPU limit counts


def run_guest(runtime: Runtime, config: SandboxConfig, argv: list[str]) -> GuestRun:
    stdout = BoundedOutput(config.stdout_bytes)
    stderr = BoundedOutput(config.results_bytes)
    wasi = wasmtime.WasiConfig()
    wasi.argv = argv
    wasi.env = []
    wasi.stdout_custom = stdout.write
    wasi.stderr_custom = stderr.write
    store = wasmtime.Store(runtime.engine)
    exit_code, trap, trap_message, fuel_left = None, None, "", config.fuel
    try:
        store.set_wasi(wasi)
        store.set_limits(memory_size=config.memory_bytes, instances=1, memories=1, tables=4)
        store.set_fuel(config.fuel)
        store.set_epoch_deadline(max(1, math.ceil(config.wall_seconds / EPOCH_TICK)))
        instance = runtime.instance_pre.instantiate(store)
        start = instance.exports(store)["_start"]
        start(store)
        exit_code = 0
    except wasmtime.ExitTrap as error:
        exit_code = error.code
    except wasmtime.Trap as error:
        trap, trap_message = error.trap_code, error.message.splitlines()[0] if error.message else ""
    except wasmtime.WasmtimeError as error:
        trap_message = str(error).splitlines()[0] if str(error) else "wasmtime error"
    finally:
        try:
            fuel_left = store.get_fuel()
        except wasmtime.WasmtimeError:
            fuel_left = 0
        # Explicitly, now: left to the garbage collector, a store stopped by a trap has been
        # seen to abort the whole process at exit.
        store.close()
    return GuestRun(
        stdout=stdout.getvalue(),
        stderr=stderr.getvalue(),
        stdout_overflowed=stdout.overflowed,
        stderr_overflowed=stderr.overflowed,
        exit_code=exit_code,
        trap=trap,
        trap_message=trap_message,
        fuel_used=config.fuel - fuel_left,
    )
