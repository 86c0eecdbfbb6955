"""Text helpers shared by the loader and both outputs: whitespace, paragraphs, ids, and
the wording the feeds and the book share."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from urllib.parse import quote


def words(text: str) -> str:
    """Whitespace collapsed to single spaces: line breaks and indents carry no meaning inline."""
    return " ".join(text.split())


def text_blocks(text: str) -> list[list[str]]:
    """The lines of each paragraph of multi-line text: blank lines separate paragraphs,
    nothing else counts (shared by the MyST and the HTML escapers)."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


@functools.lru_cache(maxsize=1 << 16)
def url(address: str) -> str:
    """A link destination that cannot end the link early or smuggle in markup.

    Cached: a book links the same pages (artists, collections, glossary pages, chapter
    sections, neighbours) from page after page."""
    return quote(address, safe="/:?#[]@!$&'*+,;=%-._~")


def plural(count: int, noun: str) -> str:
    """``1 song``, ``2 songs``: the count and the noun, with an s unless the count is 1."""
    return f"{count} {noun}{'s' * (count != 1)}"


def has_own_korean(text: str, korean: str | None) -> bool:
    """Whether a Korean name or title says more than the text itself (a song whose title
    is already Hangul has no separate Korean title to show)."""
    return bool(korean) and words(korean or "") != words(text)


def slugify(*parts: str) -> str:
    """An ASCII id from artist and title; Hangul is romanized, accents dropped."""
    from cryfeed.korean import romanize  # the pronunciation engine: only for `add`

    slugs = []
    for part in parts:
        romanized = romanize(unicodedata.normalize("NFC", part))
        ascii_text = (
            unicodedata.normalize("NFKD", romanized).encode("ascii", "ignore").decode("ascii")
        )
        slugs.append(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-"))
    return "-".join(w for w in slugs if w)[:80].strip("-")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """base, or base-2, base-3 ... whichever is not taken yet ("song" when base is empty)."""
    used = set(taken)
    base = base or "song"
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


class LinkLabel(NamedTuple):
    """What a song's link is called when it has no label of its own."""

    book: str  # in the song page's Listen section
    feed: str  # in a feed item's "Listen:" line


LINK_LABELS = {
    "video": LinkLabel("Watch the video", "Video"),
    "audio": LinkLabel("Listen", "Audio"),
    "official": LinkLabel("Official page", "Official"),
    "article": LinkLabel("Article", "Article"),
    "other": LinkLabel("Link", "Other"),
}

# How the book and the feeds name the facts a source states, and the speech levels.
FACT_LABELS = {
    "title": "title",
    "title_ko": "Hangul title",
    "artist": "artist",
    "artist_ko": "artist's name in Hangul",
    "released": "release date",
    "album": "album",
}
SPEECH_LEVEL_LABELS = {
    "formal": "formal (합쇼체)",
    "polite": "polite (해요체)",
    "casual": "casual (반말)",
    "plain": "plain (해라체)",
}


def source_facts(facts: Sequence[str]) -> str:
    """What a source supports, as a reader sees it: "states the Hangul title, release date"."""
    return "states the " + ", ".join(FACT_LABELS[fact] for fact in facts) if facts else ""
