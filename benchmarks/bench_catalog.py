"""Benchmark: load + validate catalogs grown from the shipped songs, in-process, time and memory.

Valid, and with a problem in every song (the path that locates each problem by line:column).
The catalogs come from benchmarks/grown.py; what a user waits for, `cryfeed validate` as a
whole process (start-up included), is measured by bench_process.py.

Run: python benchmarks/bench_catalog.py [--runs 5] [--sizes 1000 10000] [--compact]
(--compact writes songs.json on one line, which is smaller and parses a little faster.)
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from grown import grow, write

from cryfeed.catalog import format_catalog, load_catalog
from cryfeed.errors import CatalogError, CryfeedError

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def measure(path: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds of load+validate and of canonical formatting, and peak MiB."""
    load_times, format_times = [], []
    for _ in range(runs):
        began = time.perf_counter()
        load_catalog(path, now=NOW)
        load_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        format_catalog(path, check=True, now=NOW)
        format_times.append(time.perf_counter() - began)
    tracemalloc.start()
    load_catalog(path, now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(load_times), statistics.median(format_times), peak / 2**20


def measure_problems(path: Path, runs: int) -> tuple[float, float, int]:
    """Median seconds to report every problem, peak MiB, and how many problems."""
    times, count = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        try:
            load_catalog(path, now=NOW)
        except CatalogError as error:
            count = len(error.problems)
        times.append(time.perf_counter() - began)
    tracemalloc.start()
    with contextlib.suppress(CatalogError):
        load_catalog(path, now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--compact", action="store_true", help="songs.json on one line")
    args = parser.parse_args()
    print(f"load + validate, median of {args.runs} runs (peak memory traced in one extra run)")
    columns = ("songs", 7), ("file MiB", 8), ("load+validate s", 15), ("fmt --check s", 13)
    print(" | ".join(f"{name:>{width}}" for name, width in columns) + " |  peak MiB")
    print(f"{'-' * 7}-+-{'-' * 8}-+-{'-' * 15}-+-{'-' * 13}-+-{'-' * 8}")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            path = Path(folder) / f"songs-{count}.json"
            write(grow(count), path, compact=args.compact)
            size = path.stat().st_size / 2**20
            try:
                load, fmt, peak = measure(path, args.runs)
            except CryfeedError as error:  # over the file size cryfeed accepts
                print(f"{count:>7} | {size:>8.1f} | refused: {error}")
                continue
            print(f"{count:>7} | {size:>8.1f} | {load:>15.3f} | {fmt:>13.3f} | {peak:>8.1f}")
        print()
        print("a problem in every song (all reported with line:column)")
        print("  songs | problems | report s |  peak MiB")
        print("--------+----------+----------+----------")
        for count in args.sizes:
            data = grow(count)
            for song in data["songs"]:
                song["released"] = "soon"
            path = Path(folder) / f"bad-{count}.json"
            write(data, path, compact=args.compact)
            try:
                seconds, peak, problems = measure_problems(path, args.runs)
            except CryfeedError as error:
                print(f"{count:>7} | refused: {error}")
                continue
            print(f"{count:>7} | {problems:>8} | {seconds:>8.3f} | {peak:>8.1f}")


if __name__ == "__main__":
    main()
