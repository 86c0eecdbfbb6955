"""Benchmark: render every feed and the JSON API in-process (median time, peak memory).

Run: python benchmarks/bench_feeds.py [--runs 5] [--songs 1000 10000]

Times render_feeds() on an already validated Catalog grown from the shipped songs
(benchmarks/grown.py), to find where the time goes; what a user waits for, `cryfeed feeds`
as a whole process, is measured by bench_process.py (issue 17's targets are there).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from datetime import UTC, datetime

from grown import grow

from cryfeed.feeds import render_feeds
from cryfeed.models import Catalog

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def grown_catalog(count: int, feed_limit: int) -> Catalog:
    """`count` songs grown from the shipped ones (benchmarks/grown.py), validated."""
    data = grow(count)
    data["site"]["feed_limit"] = feed_limit
    catalog = Catalog.model_validate(data, context={"now": NOW})
    gc.freeze()  # as cryfeed.build does after loading: the collector skips the catalog
    return catalog


def measure(catalog: Catalog, runs: int) -> tuple[float, float, int, int]:
    """Median seconds, peak MiB (a separate traced run), file count and total bytes."""
    times = []
    files: dict[str, bytes] = {}
    for _ in range(runs):
        began = time.perf_counter()
        files = render_feeds(catalog)
        times.append(time.perf_counter() - began)
    tracemalloc.start()
    render_feeds(catalog)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    total = sum(len(data) for data in files.values())
    return statistics.median(times), peak / 2**20, len(files), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--songs", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--limits", type=int, nargs="+", default=[50, 1000])
    options = parser.parse_args()
    header = f"{'songs':>7} {'feed_limit':>10} {'files':>5} {'output MiB':>10} "
    header += f"{'median s':>9} {'peak MiB':>9}"
    print(header)
    print("-" * len(header))
    for count in options.songs:
        for limit in options.limits:
            catalog = grown_catalog(count, limit)
            seconds, peak, files, total = measure(catalog, options.runs)
            print(
                f"{count:>7,} {limit:>10} {files:>5} {total / 2**20:>10.1f} "
                f"{seconds:>9.3f} {peak:>9.1f}"
            )


if __name__ == "__main__":
    main()
