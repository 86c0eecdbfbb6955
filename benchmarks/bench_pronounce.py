"""Benchmark cryfeed.korean.pronounce: words per second and peak memory, in and out of process.

Run: .venv/bin/python benchmarks/bench_pronounce.py [--runs N] [--words N] [--catalog PATH]
Target (issue 13): at least 100,000 words a second. Not a timed test: it prints a table.
The words come from the catalog (titles, vocabulary, grammar examples), repeated to --words;
"cold" runs clear every cache first, so each distinct word is analysed once per run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from cryfeed import korean
from cryfeed.korean import pronounce, romanize, sounds

ROOT = Path(__file__).resolve().parent.parent
HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")


def catalog_texts(path: Path) -> list[str]:
    """Every Korean title, vocabulary word and grammar example of the catalog."""
    texts: list[str] = []
    for song in json.loads(path.read_text(encoding="utf-8"))["songs"]:
        if song.get("title_ko"):
            texts.append(song["title_ko"])
        study = song.get("study") or {}
        texts.extend(entry["word"] for entry in study.get("vocabulary", []))
        texts.extend(
            entry["example_ko"] for entry in study.get("grammar", []) if "example_ko" in entry
        )
    return texts


def random_words(count: int, seed: int = 2000) -> list[str]:
    """Words of 1-4 random syllables: every one misses the cache."""
    rng = random.Random(seed)
    return [
        "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(1, 4)))
        for _ in range(count)
    ]


def clear_caches() -> None:
    sounds.read.cache_clear()
    sounds.explain.cache_clear()
    pronounce.cache_clear()


def measure(label: str, run: Callable[[], object], words: int, runs: int) -> list[str]:
    timings = []
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    clear_caches()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(timings)
    return [
        label,
        f"{words:,}",
        f"{words / median:,.0f}",
        f"{median * 1000:.1f}",
        f"{peak / 1024:,.0f}",
    ]


# The child reports its own peak: VmHWM belongs to the new address space, while ru_maxrss
# of a child started by vfork also counts the parent's pages before exec.
REPORT_PEAK = (
    "\nimport pathlib, sys\n"
    "status = pathlib.Path('/proc/self/status').read_text()\n"
    "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM')), "
    "file=sys.stderr)"
)


def measure_process(label: str, code: str, words: int, runs: int) -> list[str]:
    """A fresh interpreter each run: import, then the work; peak memory is its VmHWM."""
    timings, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code + REPORT_PEAK],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        timings.append(time.perf_counter() - start)
        peaks.append(int(result.stderr.split()[-1]))  # KiB
    median = statistics.median(timings)
    rate = f"{words / median:,.0f}" if words else "-"
    return [label, f"{words:,}", rate, f"{median * 1000:.1f}", f"{max(peaks):,}"]


def print_table(title: str, rows: list[list[str]], last: str) -> None:
    header = ["case", "words", "words/s (median)", "ms (median)", last]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(title)
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--catalog", type=Path, default=ROOT / "songs.json")
    args = parser.parse_args()

    texts = catalog_texts(args.catalog)
    vocabulary = [word for text in texts for word in HANGUL_WORD.findall(text)]
    words = [vocabulary[i % len(vocabulary)] for i in range(args.words)]
    unique = random_words(args.words)
    text = " ".join(words)
    distinct = len(set(vocabulary))

    rows = [
        measure(
            "catalog words, one call each",
            lambda: [pronounce(w) for w in words],
            args.words,
            args.runs,
        ),
        measure("catalog words, one long text", lambda: pronounce(text), args.words, args.runs),
        measure(
            "catalog words, sound_changes",
            lambda: [korean.sound_changes(w) for w in words],
            args.words,
            args.runs,
        ),
        measure(
            "unique random words, one call each",
            lambda: [pronounce(w) for w in unique],
            args.words,
            args.runs,
        ),
        measure(
            "unique random words, romanize",
            lambda: [romanize(w) for w in unique],
            args.words,
            args.runs,
        ),
    ]
    print_table(
        f"pronounce in process: median of {args.runs} runs, caches cleared before each run "
        f"({len(vocabulary):,} catalog words, {distinct:,} distinct, repeated to {args.words:,})",
        rows,
        "peak KiB (tracemalloc)",
    )

    process_runs = max(3, args.runs // 2)
    with tempfile.TemporaryDirectory() as folder:
        word_file = Path(folder) / "words.json"
        word_file.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        rows = [
            measure_process("import cryfeed.korean", "import cryfeed.korean", 0, process_runs),
            measure_process(
                "import, then pronounce every word",
                "import json, pathlib; from cryfeed.korean import pronounce\n"
                f"for w in json.loads(pathlib.Path({str(word_file)!r}).read_text('utf-8')):\n"
                "    pronounce(w)",
                args.words,
                process_runs,
            ),
            measure_process(
                "cryfeed pronounce (CLI, 5 words)",
                "import sys; from cryfeed.cli import main\n"
                "sys.argv = ['cryfeed', 'pronounce', '있어줘요', '잊지', '같이', '신라', '국물']\n"
                "main(standalone_mode=False)",
                5,
                process_runs,
            ),
        ]
    print_table(f"whole process: median of {process_runs} runs", rows, "peak RSS KiB")


if __name__ == "__main__":
    main()
