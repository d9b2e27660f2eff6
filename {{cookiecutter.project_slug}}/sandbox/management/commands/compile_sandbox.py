"""manage.py compile_sandbox: check python.wasm and compile it once, at build time.

Compiling takes 10 to 20 s and ~350 MB; done here (Railway runs it in the build), the web
processes only map the compiled file. A compiled file already there and accepted is kept;
``--force`` compiles again.
"""

import time

import wasmtime
from django.core.management.base import BaseCommand, CommandError

from sandbox import config, runtime


class Command(BaseCommand):
    help = "Vérifie python.wasm (SHA-256) et le compile une fois pour toutes dans le cache du bac à sable."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recompile même si un module compilé est valide")

    def handle(self, *args, force, **options):
        settings = config.load()
        started = time.perf_counter()
        try:
            _, digest, compiled = runtime.load_module(settings, wasmtime.Engine(runtime.engine_config()), force=force)
        except runtime.RuntimeUnavailable as error:
            raise CommandError(f"Bac à sable indisponible : {error}") from None
        path = runtime.compiled_path(settings, digest)
        done = "compilé" if compiled else "déjà compilé"
        self.stdout.write(f"Module {done} en {time.perf_counter() - started:.1f} s : {path}")
