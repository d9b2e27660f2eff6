"""The benchmark's orchestration helpers (standard library only; run by benchmarks/run)."""
