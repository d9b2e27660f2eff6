"""Chart of a run: req/s and SQL queries per request, per page and mode (run with matplotlib).

python harness/chart.py results.json results.png
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {
    "none": "#9e9e9e",
    "locmem": "#f0a030",
    "redis": "#c0392b",
    "redis-plain": "#e6a5a0",
    "redis-noprefetch": "#d9705f",
    "redis-down": "#5d6d7e",
}


def main(source: str, target: str) -> None:
    with open(source) as f:
        results = json.load(f)
    modes = list(results["modes"])
    pages = [p for p in results["pages"] if any(p in results["modes"][m] for m in modes)]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7.5), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    width = 0.8 / max(len(modes), 1)
    for i, mode in enumerate(modes):
        xs = [j + (i - (len(modes) - 1) / 2) * width for j in range(len(pages))]
        figures = results["modes"][mode]
        top.bar(xs, [figures.get(p, {}).get("req_s", 0) for p in pages], width, label=mode, color=COLOURS.get(mode))
        bottom.bar(xs, [figures.get(p, {}).get("sql_per_req", 0) for p in pages], width, color=COLOURS.get(mode))
    top.set_ylabel("requests / s")
    top.set_title(
        f"NSI portal under wrk — {results['machine'].get('date', '')}, "
        f"{results['config'].get('dataset')} data set, {results['config'].get('workers')} gunicorn workers"
    )
    top.legend(ncol=len(modes))
    top.grid(axis="y", alpha=0.3)
    bottom.set_ylabel("SQL queries / request")
    bottom.grid(axis="y", alpha=0.3)
    bottom.set_xticks(range(len(pages)), pages)
    fig.tight_layout()
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    main(*sys.argv[1:3])
