"""What every benchmark's synthetic catalog shares: the site section."""

from __future__ import annotations

from typing import Any


def site(feed_limit: int = 50) -> dict[str, Any]:
    return {
        "title": "Benchmark",
        "description": "Synthetic catalog.",
        "url": "https://bench.example.org/",
        "language": "en",
        "author": {"name": "Bench"},
        "timezone": "Asia/Seoul",
        "tag_authority": "bench.example.org,2026",
        "feed_limit": feed_limit,
    }
