"""Benchmark-only modules, copied by benchmarks/run into the root of a baked project.

Nothing here is part of the generated project: the benchmark writes this package next to
manage.py, points DJANGO_SETTINGS_MODULE at ``nsi_bench.settings`` and removes the bake
afterwards. The project's own files are used as they are.
"""
