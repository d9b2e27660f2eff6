"""WASI calls the sandbox answers itself instead of wasmtime's defaults.

``poll_oneoff`` is how the guest waits: ``time.sleep`` and ``select`` end up there. wasmtime's
version blocks the host thread for as long as the guest asks, and neither fuel (no wasm runs
meanwhile) nor the epoch deadline (checked only in wasm code) interrupts it: ``time.sleep(3600)``
would hold a worker for an hour. Here every subscription is reported as having fired at once:
a sleep returns immediately, and a loop of sleeps spends fuel like any other loop.
"""

from __future__ import annotations

import struct

import wasmtime

WASI_MODULE = "wasi_snapshot_preview1"
SUBSCRIPTION_SIZE = 48  # userdata u64, tag u8, then the clock or fd union
EVENT_SIZE = 32  # userdata u64, error u16, type u8, then fd_readwrite (nbytes u64, flags u16)
ERRNO_SUCCESS = 0
ERRNO_FAULT = 21
ERRNO_INVAL = 28
MAX_SUBSCRIPTIONS = 64


def poll_immediately(caller: wasmtime.Caller, subscriptions: int, events: int, count: int, written: int) -> int:
    memory = caller["memory"]
    if not isinstance(memory, wasmtime.Memory):
        return ERRNO_FAULT
    if not 0 < count <= MAX_SUBSCRIPTIONS:
        return ERRNO_INVAL
    try:
        raw = memory.read(caller, subscriptions, subscriptions + SUBSCRIPTION_SIZE * count)
        if len(raw) != SUBSCRIPTION_SIZE * count:
            return ERRNO_FAULT
        answer = bytearray()
        for index in range(count):
            entry = raw[index * SUBSCRIPTION_SIZE : (index + 1) * SUBSCRIPTION_SIZE]
            userdata, tag = entry[:8], entry[8]
            answer += bytes(userdata) + struct.pack("<HB", ERRNO_SUCCESS, tag) + bytes(EVENT_SIZE - 11)
        memory.write(caller, answer, events)
        memory.write(caller, struct.pack("<I", count), written)
    except IndexError:
        return ERRNO_FAULT
    return ERRNO_SUCCESS


def define_bounded_poll(linker: wasmtime.Linker) -> None:
    """Shadow wasmtime's ``poll_oneoff`` (define_wasi must have run) with ``poll_immediately``."""
    i32 = wasmtime.ValType.i32()
    linker.allow_shadowing = True
    linker.define_func(
        WASI_MODULE, "poll_oneoff", wasmtime.FuncType([i32] * 4, [i32]), poll_immediately, access_caller=True
    )
    linker.allow_shadowing = False
