"""Benchmark: load + validate synthetic catalogs of 1,000 and 10,000 songs, time and memory.

Run: python benchmarks/bench_catalog.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from synthetic import site

from cryfeed.catalog import format_catalog, load_catalog

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def synthetic_catalog(count: int) -> dict[str, Any]:
    """A catalog shaped like the real one: every song with facts, a note and study notes."""
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    songs = []
    for number in range(count):
        songs.append(
            {
                "id": f"artist-{number}-song-{number}",
                "title": f"Song number {number}",
                "title_ko": "있어줘요",
                "artist": f"Artist {number}",
                "artist_ko": "장덕철",
                "released": "2019-05",
                "album": None,
                "added": (start + timedelta(minutes=number)).isoformat(),
                "collections": ["tearjerkers", "ballads"],
                "moods": ["longing", "regret"],
                "note": "A synthetic note that is about as long as a real curator's note. " * 3,
                "links": [{"kind": "video", "url": f"https://example.org/v/{number}"}],
                "sources": ["https://example.org/list"],
                "study": {
                    "title_breakdown": [
                        {"text": "있어", "lemma": "있다", "gloss": "stay", "pos": "verb"},
                        {"text": "줘요", "lemma": "주다", "gloss": "for me", "pos": "auxiliary"},
                    ],
                    "vocabulary": [
                        {"word": "이별", "lemma": None, "meaning": "parting", "pos": "noun"},
                        {"word": "눈물", "lemma": None, "meaning": "tears", "pos": "noun"},
                        {"word": "그리움", "lemma": None, "meaning": "longing", "pos": "noun"},
                    ],
                    "grammar": [
                        {
                            "pattern": "-어 주다",
                            "meaning": "do for someone",
                            "explanation": "Asks for or offers a favour.",
                            "example_ko": "기다려 줘요.",
                            "example_en": "Please wait for me.",
                        }
                    ],
                    "culture": None,
                    "check": [{"question": "What does 주다 add?", "answer": "A favour."}],
                },
            }
        )
    return {
        "$schema": "./songs.schema.json",
        "site": site(),
        "collections": [
            {"id": "tearjerkers", "title": "Tear-jerkers", "description": "Sad songs."},
            {"id": "ballads", "title": "Ballads", "description": "Slow songs."},
        ],
        "songs": songs,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load + validate, median of {args.runs} runs (peak memory traced in one extra run)")
    columns = ("songs", 7), ("file MiB", 8), ("load+validate s", 15), ("fmt --check s", 13)
    print(" | ".join(f"{name:>{width}}" for name, width in columns) + " |  peak MiB")
    print(f"{'-' * 7}-+-{'-' * 8}-+-{'-' * 15}-+-{'-' * 13}-+-{'-' * 8}")
    with tempfile.TemporaryDirectory() as folder:
        for count in (1_000, 10_000):
            path = Path(folder) / f"songs-{count}.json"
            path.write_text(
                json.dumps(synthetic_catalog(count), indent=2, ensure_ascii=False),
                encoding="utf-8",
            )
            size = path.stat().st_size / 2**20
            load, fmt, peak = measure(path, args.runs)
            print(f"{count:>7} | {size:>8.1f} | {load:>15.3f} | {fmt:>13.3f} | {peak:>8.1f}")


if __name__ == "__main__":
    main()
