import sys
from pathlib import Path

# The hooks are plain modules: make them importable by the validator tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
