"""Benchmark: `cryfeed build` of synthetic catalogs (100 and 1,000 songs with study notes).

For each size: a full build (fresh), a rebuild with no change and a rebuild after
appending one song (both incremental), each as its own `cryfeed build` process, repeated
on fresh projects and reported as medians. Reports
wall time (process start to exit), the time the build itself reports, the CPU time of
the build and its workers (user + system; steadier than wall time on a shared box), and
the peak memory of the process tree (RSS of cryfeed and its Sphinx workers, summed;
shared pages of the forked workers count twice, so this overstates a little).

What the synthetic catalog models: see benchmarks/synthetic.py.

Run: python benchmarks/bench_book.py [--sizes 100 1000] [--jobs 2] [--runs 3]
Targets (2 cores): 1,000 songs fully built in < 30 s and < 1 GB; append rebuild < 10 s.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from synthetic import catalog, song

from cryfeed.book import GENERATED_FOLDERS

ROOT = Path(__file__).resolve().parent.parent
# Everything in book/ that is not generated: chapters, _config.yml, _static.
NOT_HAND_WRITTEN = shutil.ignore_patterns("_build", "_toc.yml", *GENERATED_FOLDERS)
def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_build(project: Path, *args: str) -> tuple[float, float, float, float]:
    """Wall seconds, the build's own seconds, CPU seconds (user + system, the process and
    its Sphinx workers) and peak MiB (process tree) of one build."""
    command = [sys.executable, "-m", "cryfeed", "build", "-c", str(project / "songs.json")]
    cpu_before = _children_cpu()
    began = time.perf_counter()
    process = subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - began
    out, err = process.communicate()
    cpu = _children_cpu() - cpu_before
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{out}\n{err}")
    reported = re.search(r"in ([\d.]+) seconds", out)
    seconds = float(reported.group(1)) if reported else float("nan")
    return wall, seconds, cpu, peak / 2**20


def one_cycle(count: int, jobs: int) -> list[tuple[float, float, float, float]]:
    """Full build, no-change rebuild and append rebuild of a fresh synthetic project."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "book", project / "book", ignore=NOT_HAND_WRITTEN)
        data = catalog(count)
        path = project / "songs.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        results = []
        for name, options in STEPS:
            if name.startswith("rebuild after"):
                data["songs"].append(song(count))
                path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            results.append(run_build(project, *options, "--jobs", str(jobs)))
        return results


STEPS = [
    ("full build (fresh)", ()),
    ("rebuild, no change", ("--incremental",)),
    ("rebuild after appending 1", ("--incremental",)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"cryfeed build, {args.jobs} Sphinx jobs; median of {args.runs} runs, each step")
    print("wall = process start to exit; build = the time cryfeed reports")
    print("cpu = user + system seconds of the build and its workers (steadier on a busy box)")
    print("peak = the largest of the runs")
    header = f"{'songs':>6} | {'step':<28} | {'wall s':>7} | {'build s':>7} | {'cpu s':>7}"
    print(f"{header} | {'peak MiB':>8}")
    print(f"{'-' * 6}-+-{'-' * 28}-+-{'-' * 7}-+-{'-' * 7}-+-{'-' * 7}-+-{'-' * 8}")
    for count in args.sizes:
        cycles = [one_cycle(count, args.jobs) for _ in range(args.runs)]
        for number, (name, _options) in enumerate(STEPS):
            runs = [cycle[number] for cycle in cycles]
            wall, reported, cpu = (statistics.median(run[k] for run in runs) for k in range(3))
            peak = max(run[3] for run in runs)
            print(
                f"{count:>6} | {name:<28} | {wall:>7.1f} | {reported:>7.1f} | {cpu:>7.1f}"
                f" | {peak:>8.0f}"
            )


if __name__ == "__main__":
    main()
