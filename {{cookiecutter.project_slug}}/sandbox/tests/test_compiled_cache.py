"""The compiled module is made once and reused; a file wasmtime refuses is compiled again."""

import hashlib
import io
import time

import wasmtime
from django.core.management import call_command

from sandbox import config, runtime

# A tiny module: compiling it takes milliseconds, unlike CPython's.
TINY = wasmtime.wat2wasm('(module (func (export "_start")))')


def test_compile_sandbox_reuses_the_compiled_module(sandbox_runtime):
    output = io.StringIO()
    start = time.monotonic()
    call_command("compile_sandbox", stdout=output)
    assert time.monotonic() - start < 5
    assert output.getvalue().startswith("Module déjà compilé en ")
    path = runtime.compiled_path(config.load(), sandbox_runtime.wasm_sha256)
    assert path.exists() and path.parent == config.load().cache_dir


def test_a_refused_compiled_file_is_compiled_again(sandbox, tmp_path, caplog):
    wasm = tmp_path / "tiny.wasm"
    wasm.write_bytes(TINY)
    sandbox.set(WASM_PATH=str(wasm), WASM_SHA256=hashlib.sha256(TINY).hexdigest(), CACHE_DIR=str(tmp_path / "cache"))
    settings = config.load()
    engine = wasmtime.Engine(runtime.engine_config())

    _, digest, compiled = runtime.load_module(settings, engine)
    path = runtime.compiled_path(settings, digest)
    assert compiled and path.exists()
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    _, _, compiled = runtime.load_module(settings, engine)
    assert not compiled

    path.write_bytes(b"compiled for another CPU")
    module, _, compiled = runtime.load_module(settings, engine)
    assert compiled and [export.name for export in module.exports] == ["_start"]
    assert "refused" in caplog.text
    _, _, compiled = runtime.load_module(settings, engine)
    assert not compiled
