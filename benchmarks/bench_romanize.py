"""Benchmark cryfeed.korean.romanize: words per second (median of several runs) and peak memory.

Run: .venv/bin/python benchmarks/bench_romanize.py [--runs N] [--words N]
Target (issue 3): at least 100,000 words a second. Not a timed test: it prints a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from cryfeed.korean import romanize, sounds

# Words of the kind titles and quoted lines are made of, so the repeated case is realistic.
BALLAD = " ".join(
    [
        "비가 오는 날엔 있어줘요 사랑했지만 보고 싶다 눈물이 나 잊지 말아요 괜찮아 그리워",
        "헤어지자 혼술하고 싶은 밤 너의 의미 같이 좋았던 기억 행복했던 우리 끝이야 첫사랑",
        "이별 설렘 않아 싫어 없어 많이 아파 떠나지 마 안녕 그대 꽃잎 봄날 햇살 돌아와",
    ]
).split(" ")


def random_words(count: int, seed: int = 2000) -> list[str]:
    """Distinct-looking words of 1-4 random syllables: every one misses the cache."""
    rng = random.Random(seed)
    return [
        "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(1, 4)))
        for _ in range(count)
    ]


def measure(label: str, run: Callable[[], object], words: int, runs: int) -> list[str]:
    timings = []
    for _ in range(runs):
        sounds.read.cache_clear()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    sounds.read.cache_clear()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args()

    unique = random_words(args.words)
    ballad = [BALLAD[i % len(BALLAD)] for i in range(args.words)]
    sentence = " ".join(ballad)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("unique words, one call each", lambda: [romanize(w) for w in unique]),
        ("ballad words, one call each", lambda: [romanize(w) for w in ballad]),
        ("ballad words, one long text", lambda: romanize(sentence)),
        ("same, capitalize=True", lambda: romanize(sentence, capitalize=True)),
    ]
    rows = [measure(label, run, args.words, args.runs) for label, run in cases]
    header = ["case", "words", "words/s (median)", "ms (median)", "peak KiB"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(f"romanize: median of {args.runs} runs; the caches are cleared before each run")
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
