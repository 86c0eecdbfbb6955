"""Benchmark: render every feed and catalog.json for synthetic catalogs (median time, peak memory).

Run: python benchmarks/bench_feeds.py [--runs 5] [--songs 1000 10000]

Times render_feeds() on an already validated Catalog (loading and validation have their own
benchmark, bench_catalog.py). Target: 10,000 songs in under 1 second.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any

from synthetic import site

from cryfeed.feeds import render_feeds
from cryfeed.models import Catalog

NOW = datetime(2026, 11, 25, tzinfo=UTC)
COLLECTIONS = ["tearjerkers", "ballads", "male-ballads", "female-ballads", "love-songs", "ost"]
SYLLABLES = "있어줘요눈물이별사랑그리움기다려보고싶다안녕비오는날"


def synthetic_catalog(count: int, feed_limit: int) -> Catalog:
    """Songs shaped like real ones; Korean titles vary so romanization cannot be cached away."""
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    songs: list[dict[str, Any]] = []
    for number in range(count):
        korean = "".join(SYLLABLES[(number * 7 + k * 3) % len(SYLLABLES)] for k in range(4))
        songs.append(
            {
                "id": f"artist-{number}-song-{number}",
                "title": f"Song <number> {number} & more",
                "title_ko": korean if number % 2 else None,
                "artist": f"Artist {number}",
                "artist_ko": "장덕철" if number % 3 else None,
                "released": "2019-05",
                "album": None,
                "added": (start + timedelta(minutes=number)).isoformat(),
                "collections": [COLLECTIONS[number % 6], COLLECTIONS[(number + 1) % 6]],
                "moods": ["longing", "regret"],
                "note": "A synthetic note about as long as a real curator's note. " * 3,
                "links": [{"kind": "video", "url": f"https://example.org/v/{number}"}],
                "sources": ["https://example.org/list"],
            }
        )
    data = {
        "site": site(feed_limit),
        "collections": [
            {"id": name, "title": name.replace("-", " ").title(), "description": "Songs."}
            for name in COLLECTIONS
        ],
        "songs": songs,
    }
    return Catalog.model_validate(data, context={"now": NOW})


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
            catalog = synthetic_catalog(count, limit)
            seconds, peak, files, total = measure(catalog, options.runs)
            print(
                f"{count:>7,} {limit:>10} {files:>5} {total / 2**20:>10.1f} "
                f"{seconds:>9.3f} {peak:>9.1f}"
            )


if __name__ == "__main__":
    main()
