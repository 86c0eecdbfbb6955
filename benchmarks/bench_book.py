"""Benchmark: `cryfeed build` of synthetic catalogs (100 and 1,000 songs with study notes).

For each size: a full build (fresh), a rebuild with no change and a rebuild after
appending one song (both incremental), each as its own `cryfeed build` process. Reports
wall time (process start to exit), the time the build itself reports, the CPU time of
the build and its workers (user + system; steadier than wall time on a shared box), and
the peak memory of the process tree (RSS of cryfeed and its Sphinx workers, summed;
shared pages of the forked workers count twice, so this overstates a little).

What the synthetic catalog models (kept unchanged so figures stay comparable): every
song has full study notes (a two-part title breakdown, one quoted line with literal and
natural tabs, four vocabulary words, one grammar point, a culture note, two self-checks
with dropdown answers, one listen link, one source). 400 artists for 1,000 songs (2-3
songs each, so 400 artist pages: more than a catalog led by a few prolific ballad singers
would have, which errs slow); 600 glossary terms used by ~7 songs each (~4,000 song links
in the glossary); only 7 grammar patterns (~140 songs each: fewer, longer entries than
real notes would give); every title starts with "Song", so A-Z has one letter; songs are
added an hour apart, so the newest page has two months. An append adds a song by an
existing artist that shares collections, moods, words and a pattern with earlier songs.

Run: python benchmarks/bench_book.py [--sizes 100 1000] [--jobs 2]
Targets (2 cores): 1,000 songs fully built in < 30 s and < 1 GB; append rebuild < 10 s.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
from synthetic import site

from cryfeed.book import GENERATED_FOLDERS

ROOT = Path(__file__).resolve().parent.parent
# Everything in book/ that is not generated: chapters, _config.yml, _templates, _static.
NOT_HAND_WRITTEN = shutil.ignore_patterns("_build", "_toc.yml", *GENERATED_FOLDERS)
START = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
COLLECTIONS = ["tearjerkers", "ballads", "male-ballads", "female-ballads", "love-songs", "karaoke"]
MOODS = ["longing", "regret", "grief", "rain", "nostalgia", "hope", "loneliness", "farewell"]
WORDS = [
    ("이별", "parting"), ("눈물", "tears"), ("그리움", "longing"), ("사랑", "love"),
    ("기억", "memory"), ("추억", "a fond memory"), ("마음", "heart"), ("하늘", "sky"),
    ("바람", "wind"), ("겨울", "winter"), ("봄", "spring"), ("밤", "night"),
]  # fmt: skip
PATTERNS = ["-어 주다", "-나요?", "-고 싶다", "-(으)ㄹ게요", "-지 마", "N과/와", "-았/었어요"]


def song(number: int) -> dict[str, Any]:
    """A synthetic song shaped like a real one with full study notes."""
    words = [WORDS[(number + k) % len(WORDS)] for k in range(4)]
    word_suffix = number % 50  # 600 distinct glossary terms, each used by ~7 songs
    return {
        "id": f"artist-{number % 400}-song-{number}",
        "title": f"Song number {number}",
        "title_ko": "있어줘요",
        "artist": f"Artist {number % 400}",
        "artist_ko": "장덕철",
        "released": "2019-05",
        "album": None,
        "added": (START + timedelta(hours=number)).isoformat(),
        "collections": [COLLECTIONS[number % 6], COLLECTIONS[(number + 1) % 6]],
        "moods": [MOODS[number % 8], MOODS[(number + 3) % 8]],
        "note": "A synthetic note about as long as a real curator's note. " * 3,
        "links": [{"kind": "video", "url": f"https://example.org/v/{number}"}],
        "sources": ["https://example.org/list"],
        "study": {
            "title_breakdown": [
                {"text": "있어", "lemma": "있다", "gloss": "stay", "pos": "verb"},
                {"text": "줘요", "lemma": "주다", "gloss": "for me", "pos": "auxiliary"},
            ],
            "lines": [
                {"ko": "여기 있어 줘요", "literal": "here stay give", "natural": "Stay here."}
            ],
            "vocabulary": [
                {"word": f"{ko}{word_suffix}", "lemma": None, "meaning": en, "pos": "noun"}
                for ko, en in words
            ],
            "grammar": [
                {
                    "pattern": PATTERNS[number % len(PATTERNS)],
                    "meaning": "a pattern",
                    "explanation": "Explains the pattern in two sentences. Like this one.",
                    "example_ko": "기다려 줘요.",
                    "example_en": "Please wait for me.",
                }
            ],
            "culture": "A short culture note.",
            "check": [
                {"question": "What does 주다 add?", "answer": "A favour."},
                {"question": "Which verb is it?", "answer": "있다."},
            ],
        },
    }


def catalog(count: int) -> dict[str, Any]:
    return {
        "$schema": "./songs.schema.json",
        "site": site(),
        "collections": [
            {"id": c, "title": c.replace("-", " ").title(), "description": "Songs."}
            for c in COLLECTIONS
        ],
        "songs": [song(n) for n in range(count)],
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"cryfeed build, {args.jobs} Sphinx jobs; wall = process start to exit")
    print("cpu = user + system seconds of the build and its workers (steadier on a busy box)")
    header = f"{'songs':>6} | {'step':<28} | {'wall s':>7} | {'build s':>7} | {'cpu s':>7}"
    print(f"{header} | {'peak MiB':>8}")
    print(f"{'-' * 6}-+-{'-' * 28}-+-{'-' * 7}-+-{'-' * 7}-+-{'-' * 7}-+-{'-' * 8}")
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder)
            shutil.copytree(ROOT / "book", project / "book", ignore=NOT_HAND_WRITTEN)
            data = catalog(count)
            path = project / "songs.json"
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            jobs = ("--jobs", str(args.jobs))
            steps = [
                ("full build (fresh)", (*jobs,)),
                ("rebuild, no change", ("--incremental", *jobs)),
                ("rebuild after appending 1", ("--incremental", *jobs)),
            ]
            for name, options in steps:
                if name.startswith("rebuild after"):
                    data["songs"].append(song(count))
                    path.write_text(
                        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
                    )
                wall, reported, cpu, peak = run_build(project, *options)
                print(
                    f"{count:>6} | {name:<28} | {wall:>7.1f} | {reported:>7.1f} | {cpu:>7.1f}"
                    f" | {peak:>8.0f}"
                )


if __name__ == "__main__":
    main()
