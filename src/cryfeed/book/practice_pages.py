"""The practice blocks: a song's flashcards and the review page. Each is plain content
(or a note) without scripts; static/practice.js turns it into cards where it runs."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.html import Html
from cryfeed.book.practice import cards_attribute, first_words, song_words
from cryfeed.models import Song

# The classes cryfeed.sphinxext.practice looks for to load the script on a page.
FLASHCARDS_CLASS = "cryfeed-flashcards"
REVIEW_CLASS = "cryfeed-review"


def _deck(block_id: str, data: list[dict[str, object]], where: str) -> Html:
    return Html(
        f'<div class="{FLASHCARDS_CLASS}" id="{html.text(block_id)}" '
        f'data-cards="{html.text(cards_attribute(data))}">\n'
        "<p>Practise these words as flashcards with spaced review (your progress stays in "
        f"this browser). The cards need JavaScript; every word, meaning and example is "
        f"{where}.</p>\n</div>\n"
    )


def flashcards(song: Song) -> Html | None:
    """The song's words as cards (data for the script), or None without vocabulary."""
    data = song_words(song)
    if not data:
        return None
    return _deck(f"flashcards-{song.id}", data, "in the vocabulary above")


def collection_flashcards(collection_id: str, songs: Sequence[Song]) -> Html | None:
    """Every word of a collection's songs once (as the first song teaching it has it)."""
    data = first_words(songs)
    if not data:
        return None
    where = "on the songs' pages and in the glossary"
    return _deck(f"flashcards-{collection_id}", data, where)


def render_review() -> bytes:
    """The review page: the words due today across the book, from the reader's progress."""
    words = posixpath.relpath(urls.WORDS_FILE, posixpath.dirname(urls.REVIEW_DOC))
    glossary = html.page_link(html.text("glossary"), "glossary.html")
    block = Html(
        f'<div class="{REVIEW_CLASS}" data-words="{html.text(words)}">\n'
        "<p>This page shows the words due for review today from the flashcards you "
        "practised on the song pages, and lets you export or import your progress. It "
        "needs JavaScript and keeps everything in this browser; without it, every word "
        f"is in the {glossary}.</p>\n</div>\n"
    )
    out = [
        myst.label("review"),
        "# Review\n",
        "Words come back after 1, 3, 7, 15, 30 and 90 days each time you knew them, and "
        "the next day when you did not yet; after the 90-day review a word counts as known.\n",
        myst.html_block(block),
    ]
    return "\n".join(out).encode("utf-8")
