import sys
from pathlib import Path

# The hooks are plain modules: make them importable by the validator tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

# The demo portal served by gunicorn, one per session, for the browser tests (tests/portal_server.py).
from .portal_server import portal  # noqa: F401
