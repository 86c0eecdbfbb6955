"""Benchmark: the book's sources (render_book), in-process and as `cryfeed book --no-html`.

The book's sources (song pages, index pages, glossary, chapters, practice data, Anki deck,
feed previews) are rendered before Sphinx starts; issue 17 found the first minutes of a
10,000-song build spent there. Catalogs are grown from the shipped songs
(benchmarks/grown.py), so text is Hangul-heavy and words repeat across songs.

- render:  render_book(catalog) alone, in a new process per run (the catalog loaded and
           validated first, not measured): wall and CPU seconds of the call (its forked
           worker's CPU included), the peak memory (RSS, plus the worker's private pages,
           sampled every 20 ms) and how much of it came after loading (the render's share)
- sources: `cryfeed book --no-html` as a user runs it (start-up, validation, rendering and
           writing every source into a new project each run)
- append:  after one `cryfeed book --no-html`, append one song (grown.appended) and run it
           again; the note says how many source files changed

Each row: median and spread (min-max) of the wall time, median CPU time (user + system,
steadier than wall time on a busy machine), peak memory, and the growth exponent against
the previous size, log(t2/t1) / log(n2/n1), of the wall and the CPU medians (1 linear,
2 quadratic; every catalog-wide step should stay near 1).

Run: python benchmarks/bench_book_sources.py [--sizes 1000 4000 10000] [--runs 3]
     [--steps render sources append]

Aim (issue 17: a 10,000-song full build < 120 s, of which the sources a small part):
10,000 songs' sources < 10 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bench_process
import grown
import psutil

STEPS = ("render", "sources", "append")


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _private_kib(pid: int) -> int:
    """A process's own pages (not shared with its parent after fork), from smaps_rollup."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in lines if line.startswith("Private_"))


class Peak:
    """Samples this process's RSS plus its children's private pages every 20 ms: the memory
    the render really uses (a forked worker shares the catalog's pages until it writes)."""

    def __init__(self) -> None:
        self.kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.02):
            children = sum(_private_kib(child.pid) for child in me.children())
            self.kib = max(self.kib, _status_kib("VmRSS") + children)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()


def child(catalog_path: Path) -> None:
    """One in-process measurement (run in a new interpreter): JSON on stdout."""
    from cryfeed.book import render_book
    from cryfeed.catalog import load_catalog

    catalog = load_catalog(catalog_path)
    loaded = _status_kib("VmRSS")
    with Peak() as peak:
        wall, cpu = time.perf_counter(), time.process_time()
        files = render_book(catalog)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # The forked worker (cryfeed.book.workers), reaped by now: its CPU time counts too.
    worker = resource.getrusage(resource.RUSAGE_CHILDREN)
    high = max(peak.kib, _status_kib("VmHWM"))
    result = {
        "wall": wall,
        "cpu": cpu + worker.ru_utime + worker.ru_stime,
        "peak": high / 1024,
        "own": (high - loaded) / 1024,
        "files": len(files),
        "bytes": sum(len(data) for data in files.values()),
    }
    print(json.dumps(result))


def measure_render(catalog_path: Path, runs: int) -> tuple[list[bench_process.Run], str]:
    results, last = [], {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(catalog_path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        last = json.loads(out)
        # In process: its peak is VmHWM and a sampled RSS (plus the worker's private pages).
        run = bench_process.Run(last["wall"], last["cpu"], last["peak"], math.nan, out)
        results.append(run)
    own = max(json.loads(r.output)["own"] for r in results)
    note = f"{last['files']} files, {last['bytes'] / 1e6:.0f} MB; render's own peak {own:.0f} MiB"
    return results, note


def measure(step: str, count: int, runs: int, folder: Path) -> tuple[list[bench_process.Run], str]:
    data = grown.grow(count)
    size = folder / str(count)
    if step == "render":
        size.mkdir(parents=True)
        path = size / "songs.json"
        grown.write(data, path, compact=True)
        return measure_render(path, runs)
    if step == "sources":
        results = []
        for number in range(runs):
            project = bench_process.new_project(size / f"sources-{number}", data, compact=True)
            results.append(bench_process.run(["book", "--no-html"], project))
        return results, "new project each run"
    project = bench_process.new_project(size / "append", data, compact=True)
    bench_process.run(["book", "--no-html"], project)
    results = []
    for number in range(1, runs + 1):
        data["songs"].append(grown.appended(data, number))
        grown.write(data, project / "songs.json", compact=True)
        results.append(bench_process.run(["book", "--no-html"], project))
    changed = [line for line in results[-1].output.splitlines() if "book sources" in line]
    return results, changed[-1].strip() if changed else ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        child(options.child)
        return
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"book sources; {options.runs} runs each; {os.cpu_count()} CPUs, load average {load}")
    print(bench_process.row(*(name for name, _, _ in bench_process.COLUMNS), note="note"))
    with bench_process.workspace(keep=False) as workspace:
        for step in options.steps:
            previous: tuple[int, float] | None = None
            previous_cpu: tuple[int, float] | None = None
            for count in options.sizes:
                with tempfile.TemporaryDirectory(dir=workspace) as folder:
                    runs, note = measure(step, count, options.runs, Path(folder))
                walls = [one.wall for one in runs]
                median = statistics.median(walls)
                cpu = statistics.median(one.cpu for one in runs)
                print(
                    bench_process.row(
                        step,
                        f"{count}",
                        f"{median:.2f}",
                        f"{min(walls):.2f}-{max(walls):.2f}",
                        f"{cpu:.2f}",
                        f"{max(one.peak for one in runs):.0f}",
                        bench_process.pss_cell(runs),
                        bench_process.exponent(count, median, previous),
                        bench_process.exponent(count, cpu, previous_cpu),
                        note=note,
                    ),
                    flush=True,
                )
                previous, previous_cpu = (count, median), (count, cpu)
    print(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
