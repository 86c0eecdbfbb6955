"""Words of sorrow: the glossary's words grouped by theme (Vocabulary.theme; "other" when
none is given), most used first, with how many songs use each (in bands from 5 on)."""

from __future__ import annotations

from cryfeed.book import html, myst
from cryfeed.book.chapters.common import korean
from cryfeed.book.guide import THEME_TITLES, theme_anchor
from cryfeed.book.html import Html
from cryfeed.book.index import (
    BookIndex,
    GlossaryEntry,
    glossary_doc,
    glossary_initial,
    vocab_anchor,
)
from cryfeed.book.index_pages import myst_page
from cryfeed.book.myst import escape
from cryfeed.book.practice import first_words, word_key
from cryfeed.book.practice_pages import theme_flashcards
from cryfeed.book.song_pages import href
from cryfeed.korean import romanize

INTRO = """\
Ballads return to the same few dozen words: parting, tears, memory, the seasons, the
heart. Learn them and you will recognise them in song after song. Here every word of the
study notes is sorted by theme, the most used first, with the number of songs in the
catalog whose notes teach it (from five on as a range: 5\N{EN DASH}9, 10\N{EN DASH}19,
20\N{EN DASH}49 and so on). Each word links to its glossary entry, which names the songs.
"""

PROSE = {
    "parting": "Leaving and being left: the vocabulary at the centre of the genre.",
    "tears": "Crying, and everything around it.",
    "memory": "Remembering and forgetting; in Korean ballads the two are rarely far apart.",
    "time": "Days, nights, seasons and the long time after a parting.",
    "weather": "Rain, snow and wind, which in songs are seldom only the weather.",
    "body": "The body: eyes, hands, lips, the places a memory stays.",
    "love": "Love, and the words for being in love.",
    "feeling": "Feelings other than love: loneliness, longing, pain.",
    "people": "The people addressed and remembered: you, we, the one who left.",
    "place": "Places: streets, rooms, the spot where someone used to wait.",
    "other": "Words whose notes give no theme, or that belong to none of the above.",
}


# Counts from here on are shown as bands (5-9, 10-19, 20-49, 50-99, 100-199, ...).
EXACT_BELOW = 5


def _songs(entry: GlossaryEntry) -> int:
    return len({s.id for songs in entry.senses.values() for s in songs})


def band(count: int) -> int:
    """The lowest count of `count`'s band: the count itself below EXACT_BELOW, then 5, 10,
    20, 50, 100, 200, 500, ... Why bands: an exact count changed this chapter with nearly
    every appended song (and an incremental build rereads it); a word moves to the next
    band ever more rarely as it grows, and "10-19 songs" tells a learner as much."""
    if count < EXACT_BELOW:
        return count
    low = EXACT_BELOW
    while True:
        higher = low * 5 // 2 if str(low).startswith("2") else low * 2
        if count < higher:
            return low
        low = higher


def band_text(low: int) -> str:
    """How a band is shown: "3", "5-9", "1,000-1,999" (with en dashes)."""
    if low < EXACT_BELOW:
        return str(low)
    higher = low * 5 // 2 if str(low).startswith("2") else low * 2
    return f"{low:,}\N{EN DASH}{higher - 1:,}"


def by_theme(index: BookIndex) -> dict[str, list[tuple[GlossaryEntry, int]]]:
    """Every glossary word by theme, with its band of song counts (see band), most used
    first."""
    found: dict[str, list[tuple[GlossaryEntry, int]]] = {theme: [] for theme in THEME_TITLES}
    themes = index.word_themes
    for entry in index.glossary:
        found[themes.get(entry.word.lower(), "other")].append((entry, band(_songs(entry))))
    for entries in found.values():
        entries.sort(key=lambda pair: -pair[1])  # stable: alphabetical among equals
    return found


def _row(entry: GlossaryEntry, count: int) -> tuple[Html, ...]:
    link = html.page_link(
        korean(entry.word),
        href(glossary_doc(glossary_initial(entry.word)), vocab_anchor(entry.word)),
    )
    meanings = "; ".join(dict.fromkeys(meaning for meaning, _, _ in entry.senses))
    return (link, Html(f"<em>{html.text(romanize(entry.word))}</em>"), html.text(meanings),
            html.text(band_text(count)))  # fmt: skip


def render(index: BookIndex) -> bytes:
    out = [myst.label("words-of-sorrow"), "# Words of sorrow\n", INTRO]
    headers = ("Word", "Romanization", "Meaning", "Songs")
    cards = first_words(index.oldest_first)
    for theme, entries in by_theme(index).items():
        if not entries:
            continue
        out.append(myst.label(theme_anchor(theme)) + f"## {escape(THEME_TITLES[theme])}\n")
        out.append(PROSE[theme] + "\n")
        rows = (_row(e, n) for e, n in entries)
        out.append(myst.html_block(html.table(headers, rows, stacked=True)))
        # Each theme's words as flashcards (sharing the progress of every other deck).
        deck = theme_flashcards(theme, [cards[word_key(e.word)] for e, _ in entries])
        if deck:
            out.append(myst.html_block(deck))
    if len(out) == 3:
        out.append("The study notes have no vocabulary yet.\n")
    return myst_page(out)
