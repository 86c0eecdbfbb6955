"""Benchmark: cryfeed as a user runs it, whole processes on catalogs grown from the shipped songs.

Each step runs the installed `cryfeed` command in a new process (interpreter start and
imports included; the disk cache warm and cryfeed's modules compiled, as after an install)
on a temporary project: songs.json grown to the size (benchmarks/grown.py) and a copy of
book/'s hand-written files.

- validate: `cryfeed validate`, three ways (its cache, .cryfeed-cache/validate.bin, lets a
            run skip the songs it has seen): cold, with no cache folder; warm, the file
            unchanged since the last run; +1, one song appended since the last run (the k-th
            run appends the k-th song). A --compact file is not in canonical form, so it
            never uses the cache: all three rows are cold there.
- feeds:    two rows.
            feeds: `cryfeed feeds` cold, into an empty folder with no feeds memo (the
            project's .cryfeed-cache removed before each run): every file rendered and written;
            feeds+1: after one appended song, the feeds and the memo of the run before it in
            place (from the last cold run's; run k appends the k-th song), as a user
            runs it after `cryfeed add`
- build:    `cryfeed build` in a new project each run (a full build)
- append:   after a full build, append one song and run the plain `cryfeed build`; run k
            appends the k-th song to the project run k-1 left

For each step and size it prints the median and spread (min-max) of the wall time, the
median CPU time (user + system of the process and its children: steadier than wall time on
a busy machine), two peaks of the process tree's memory:
- rss MiB: the RSS of cryfeed and its workers summed, every 50 ms (or cryfeed's own peak
  RSS, VmHWM, if higher). A page that a forked worker shares with cryfeed counts once in
  each, so a tree of forked processes overstates what it takes;
- pss MiB: the proportional set size summed (Linux /proc/PID/smaps_rollup): each shared
  page is divided among the processes that share it, so the sum is the memory the tree
  really holds at that moment, every 250 ms (reading it costs milliseconds: TREE_SECONDS).
  Judge a memory target by this column. (The sample misses a peak shorter than that,
  which VmHWM would catch for RSS.)
and the growth exponent
against the previous size, log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic (of the
median wall time, and of the median CPU time, which a loaded machine disturbs less).

Run: python benchmarks/bench_process.py --sizes 1000 4000 10000 --runs 3
     [--steps validate feeds build append] [--compact]

Targets (issue 17; 2 cores, wall time):

| what                                                 | target                         |
|------------------------------------------------------|--------------------------------|
| `cryfeed validate`, shipped catalog (--sizes 54)     | < 0.2 s                        |
| `cryfeed validate`, 10,000 songs                     | < 0.6 s                        |
| `cryfeed feeds`, 10,000 songs                        | < 1.5 s; no JSON file > 2 MB   |
| `cryfeed build`, 1,000 songs, full                   | < 12 s                         |
| `cryfeed build` after one append, 1,000 songs        | < 4 s, and correct             |
| `cryfeed build`, 10,000 songs, full                  | < 120 s, peak memory < 2 GB    |
| `cryfeed build` after one append, 10,000 songs       | < 15 s                         |

songs.json is written as `cryfeed fmt` writes it (two-space indent); --compact writes it on
one line instead, which is smaller and parses a little faster (10,000 songs: 73 MiB in the
canonical form, 50 MiB on one line).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grown
import psutil

import cryfeed
from cryfeed.cachedir import CACHE_FOLDER

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("validate", "feeds", "build", "append")
SAMPLE_SECONDS = 0.05
# The tree is listed again, and its PSS read, only this often: psutil lists children by
# reading every process's /proc stat (about 2 ms), and smaps_rollup walks a process's
# page tables (about 5 ms for 700 MB). Both every 10 ms took 5-8 CPU seconds of a
# 1,000-song build (as much as half the build's own), on the build's two cores; RSS alone
# every 10 ms still took 2.
TREE_SECONDS = 0.25


@dataclass(frozen=True)
class Run:
    """One process: wall and CPU seconds, peak MiB of its tree, and what it printed."""

    wall: float
    cpu: float
    peak: float
    pss: float  # nan where not measured (bench_book_sources.py's in-process render)
    output: str


class Failed(Exception):
    """A cryfeed process exited non-zero; the message is what it printed."""


def cryfeed_command() -> list[str]:
    """The console script beside this interpreter, as a user types it; else python -m."""
    script = Path(sys.executable).parent / "cryfeed"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cryfeed"]


def _tree(process: psutil.Process) -> list[psutil.Process]:
    """The process and its children (all of them, recursively)."""
    try:
        return [process, *process.children(recursive=True)]
    except psutil.Error:
        return [process]


def _tree_rss(tree: list[psutil.Process]) -> int:
    """RSS of the processes, summed, in bytes."""
    total = 0
    for member in tree:
        # A worker may end between listing and reading.
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def _kib_line(text: str, key: str) -> int:
    """The value of a `key: N kB` line of a /proc file, in bytes (0 if there is none)."""
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _pss(pid: int) -> int:
    """The process's proportional set size in bytes (0 if it has ended or is not readable)."""
    try:
        return _kib_line(Path(f"/proc/{pid}/smaps_rollup").read_text(), "Pss")
    except OSError:
        return 0


def _tree_pss(tree: list[psutil.Process]) -> int:
    """PSS of the processes, summed, in bytes: shared pages counted once."""
    return sum(_pss(member.pid) for member in tree)


def _high_water(pid: int) -> int:
    """The process's own peak RSS (Linux VmHWM) in bytes, 0 until it has exec'd cryfeed.

    Not ru_maxrss from wait4: Linux carries the parent's peak across fork and exec into
    it, so a child of this (large) benchmark process would report the benchmark's peak.
    The command line is read first: if it is cryfeed's, the status read after it is too.
    """
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        if b"cryfeed" not in command or b"bench_process" in command:
            return 0
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return _kib_line(status, "VmHWM")


def run(arguments: list[str], folder: Path) -> Run:
    """Run `cryfeed ARGUMENTS` in `folder`; wait4 gives exact wall and CPU, a thread samples
    the tree's memory meanwhile."""
    with tempfile.TemporaryFile() as out:
        began = time.perf_counter()
        process = subprocess.Popen(
            [*cryfeed_command(), *arguments], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
        watched = psutil.Process(process.pid)  # the child is not reaped before wait4 below
        peak, pss, done = 0, 0, threading.Event()

        def sample() -> None:
            nonlocal peak, pss
            tree, listed = [watched], -math.inf
            while not done.wait(SAMPLE_SECONDS):
                if time.monotonic() - listed >= TREE_SECONDS:
                    tree, listed = _tree(watched), time.monotonic()
                    pss = max(pss, _tree_pss(tree))
                peak = max(peak, _tree_rss(tree), _high_water(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise Failed(output.strip().splitlines()[-1] if output.strip() else "no output")
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 2**20, pss / 2**20, output)


def _copy_book(destination: Path) -> None:
    """book/'s hand-written files (chapters, _config.yml, _static/), none of what cryfeed
    generates, as tests/conftest.py copies them."""
    from cryfeed.book import GENERATED_FOLDERS, TOC_FILE

    generated = {"_build", TOC_FILE, *GENERATED_FOLDERS}
    shutil.copytree(
        ROOT / "book",
        destination,
        ignore=lambda folder, names: (
            [n for n in names if n in generated] if Path(folder) == ROOT / "book" else []
        ),
    )


def new_project(folder: Path, data: dict[str, Any], compact: bool) -> Path:
    folder.mkdir(parents=True)
    grown.write(data, folder / "songs.json", compact=compact)
    _copy_book(folder / "book")
    return folder


def _feeds_note(folder: Path) -> str:
    files = [path for path in folder.rglob("*") if path.is_file()]
    largest = max((p for p in files if p.suffix == ".json"), key=lambda p: p.stat().st_size)
    total = sum(path.stat().st_size for path in files)
    return (
        f"{len(files)} files, {total / 1e6:.1f} MB; largest JSON {largest.relative_to(folder)} "
        f"{largest.stat().st_size / 1e6:.1f} MB"
    )


@dataclass
class Measured:
    runs: list[Run]
    note: str = ""


def measure_validate(
    data: dict[str, Any], runs: int, project: Path, compact: bool
) -> dict[str, Measured]:
    """`cryfeed validate` cold, warm and after one appended song, `runs` processes each."""
    new_project(project, data, compact)
    note = f"songs.json {(project / 'songs.json').stat().st_size / 1e6:.1f} MB"
    cache = project / CACHE_FOLDER
    cold = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(["validate"], project))
    warm = [run(["validate"], project) for _ in range(runs)]  # the last cold run made it
    appended = []
    for number in range(1, runs + 1):
        data["songs"].append(grown.appended(data, number))
        grown.write(data, project / "songs.json", compact=compact)
        appended.append(run(["validate"], project))
    uses = "; not canonical: the cache is never used" if compact else ""
    return {
        "validate cold": Measured(cold, note + "; no cache folder"),
        "validate warm": Measured(warm, "unchanged since the last run" + uses),
        "validate +1": Measured(appended, "one song appended since the last run" + uses),
    }


def measure(
    step: str, count: int, runs: int, workspace: Path, compact: bool
) -> dict[str, Measured]:
    """`runs` processes of one step on a catalog of `count` grown songs, by row label."""
    data = grown.grow(count)
    size = workspace / str(count)
    if step == "validate":
        return measure_validate(data, runs, size / step, compact)
    if step == "feeds":
        return measure_feeds(data, runs, size / step, compact)
    return {step: measure_step(step, data, runs, size, compact)}


def measure_feeds(
    data: dict[str, Any], runs: int, project: Path, compact: bool
) -> dict[str, Measured]:
    """feeds cold (no memo, empty folder) and feeds+1 (after an append, memo in place)."""
    new_project(project, data, compact)
    cold, note = [], ""
    out = project / "feeds"
    for _ in range(runs):
        # Nothing of an earlier run may help: no memo, no files to compare with.
        shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        cold.append(run(["feeds", "--out", str(out)], project))
        note = _feeds_note(out)
    # The last cold run left its feeds and memo: each run appends one song to them.
    appended = []
    for number in range(1, runs + 1):
        data["songs"].append(grown.appended(data, number))
        grown.write(data, project / "songs.json", compact=compact)
        appended.append(run(["feeds", "--out", str(out)], project))
    written = appended[-1].output.strip().rpartition("(")[2].rstrip(")")
    shutil.rmtree(out)  # 10,000 songs make 250 MB of feeds
    return {
        "feeds": Measured(cold, note),
        "feeds+1": Measured(appended, f"one song appended to the last: {written}"),
    }


def measure_step(
    step: str, data: dict[str, Any], runs: int, size: Path, compact: bool
) -> Measured:
    """build or append: `runs` processes in projects under `size`."""
    if step == "build":
        results = []
        for number in range(runs):
            project = new_project(size / f"build-{number}", data, compact)
            results.append(run(["build"], project))
            shutil.rmtree(project)  # a built 10,000-song book takes gigabytes
        return Measured(results)
    # append: one full build (not measured), then one appended song per run.
    project = new_project(size / "append", data, compact)
    run(["build"], project)
    results = []
    for number in range(1, runs + 1):
        data["songs"].append(grown.appended(data, number))
        grown.write(data, project / "songs.json", compact=compact)
        results.append(run(["build"], project))
    return Measured(results, "plain `cryfeed build` (incremental when only songs changed)")


def exponent(count: int, seconds: float, previous: tuple[int, float] | None) -> str:
    if previous is None or previous[0] == count or previous[1] <= 0:
        return ""
    return f"{math.log(seconds / previous[1]) / math.log(count / previous[0]):.2f}"


@contextlib.contextmanager
def workspace(keep: bool) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cryfeed-bench-"))
    try:
        yield folder
    finally:
        if keep:
            print(f"projects kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


COLUMNS = (
    ("step", 13, "<"),
    ("songs", 6, ">"),
    ("median s", 8, ">"),
    ("min-max s", 13, ">"),
    ("cpu s", 7, ">"),
    ("rss MiB", 7, ">"),
    ("pss MiB", 7, ">"),
    ("exp", 5, ">"),
    ("cpu exp", 7, ">"),
)


def pss_cell(runs: list[Run]) -> str:
    """The highest PSS peak of the runs, or "-" where none was measured."""
    measured = [one.pss for one in runs if not math.isnan(one.pss)]
    return f"{max(measured):.0f}" if measured else "-"


def row(*cells: str, note: str = "") -> str:
    """One table row: the cells under COLUMNS, then a free-width note."""
    fixed = [
        f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
    ]
    return " | ".join([*fixed, note]).rstrip()


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--compact", action="store_true", help="songs.json on one line")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the projects (full builds are removed as they end)",
    )
    options = parser.parse_args(argv)
    if options.runs < 1 or min(options.sizes) < 1:
        parser.error("--runs and --sizes must be at least 1")
    # As an installed package would be: compiled once, so no measured run compiles cryfeed's
    # sources (PYTHONDONTWRITEBYTECODE, set on some machines, would make every run do it).
    compileall.compile_dir(Path(cryfeed.__file__).parent, quiet=1)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    echo(
        f"cryfeed, whole processes; {options.runs} runs each; {os.cpu_count()} CPUs, "
        f"load average {load}; songs.json {'compact' if options.compact else 'indented'}"
    )
    echo("exp = growth exponent against the previous size (1 linear, 2 quadratic), wall and cpu")
    echo(row(*(name for name, _, _ in COLUMNS), note="note"))
    echo("-+-".join("-" * width for _, width, _ in COLUMNS) + "-+-" + "-" * 20)
    with workspace(options.keep) as folder:
        for step in options.steps:
            # The previous size's median wall and CPU seconds, by row label.
            previous: dict[str, tuple[int, float]] = {}
            previous_cpu: dict[str, tuple[int, float]] = {}
            for count in options.sizes:
                try:
                    rows = measure(step, count, options.runs, folder, options.compact)
                except Failed as error:
                    echo(row(step, f"{count}", "failed", "", "", "", "", "", "", note=str(error)))
                    continue
                for label, measured in rows.items():
                    walls = [one.wall for one in measured.runs]
                    median = statistics.median(walls)
                    cpu = statistics.median(one.cpu for one in measured.runs)
                    echo(
                        row(
                            label,
                            f"{count}",
                            f"{median:.2f}",
                            f"{min(walls):.2f}-{max(walls):.2f}",
                            f"{cpu:.2f}",
                            f"{max(one.peak for one in measured.runs):.0f}",
                            pss_cell(measured.runs),
                            exponent(count, median, previous.get(label)),
                            exponent(count, cpu, previous_cpu.get(label)),
                            note=measured.note,
                        )
                    )
                    previous[label], previous_cpu[label] = (count, median), (count, cpu)
    echo(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
