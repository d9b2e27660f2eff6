"""The modes that switch the cache layer's speed-ups off, through the project's own setting.

BENCH_MODE=redis-plain: Redis, with the fragment, prefetch and render-once speed-ups off: every
page reads its keys one GET at a time (no prefetch), renders its shared lists on every request
(no cachedfragment), and renders the navigation and reverses the layout's URLs on every request
(no render_once / url_once).

BENCH_MODE=redis-noprefetch: Redis with only the prefetch off, to measure what the one MGET per
page brings on its own.

``CACHING_SPEEDUPS`` is the project's setting (caching/speedups.py); settings.py applies it.
"""

SPEEDUPS = {
    "redis-plain": {"fragments": False, "prefetch": False, "render_once": False},
    "redis-noprefetch": {"prefetch": False},
}


def speedups_for(mode: str | None) -> dict[str, bool] | None:
    """The CACHING_SPEEDUPS of a benchmark mode, or None to keep the project's own."""
    return SPEEDUPS.get(mode or "")
