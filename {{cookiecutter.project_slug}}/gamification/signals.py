"""What seed_demo announces to the apps above it, which it never imports (see tests/test_app_layers.py).

demo_seeded is sent with `classroom` (the demo class) once the demo catalogue and people exist,
inside seed_demo's transaction; each receiver adds its own demo data, leaves what exists
alone, and returns the number of objects it added.
"""

from django.dispatch import Signal

demo_seeded = Signal()
