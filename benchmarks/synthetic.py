"""Synthetic catalogs for the benchmarks, shaped like the real one.

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
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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
        "sources": [{"url": "https://example.org/list", "facts": ["released"]}],
        "study": {
            "title_breakdown": [
                {"text": "있어", "lemma": "있다", "gloss": "stay", "pos": "verb"},
                {"text": "줘요", "lemma": "주다", "gloss": "for me", "pos": "auxiliary"},
            ],
            "lines": [
                {"ko": "여기 있어 줘요", "literal": "here stay give", "natural": "Stay here."}
            ],
            "vocabulary": [
                {
                    "word": f"{ko}{word_suffix}",
                    "lemma": None,
                    "meaning": en,
                    "pos": "noun",
                    # As the shipped catalog's words have: a sentence of our own.
                    "example": {"ko": "기다려 줘요.", "en": "Please wait.", "level": "polite"},
                }
                for ko, en in words
            ],
            "grammar": [
                {
                    "pattern": PATTERNS[number % len(PATTERNS)],
                    "meaning": "a pattern",
                    "explanation": "Explains the pattern in two sentences. Like this one.",
                    "examples": [
                        {"ko": "기다려 줘요.", "en": "Please wait for me.", "level": "polite"}
                    ],
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
