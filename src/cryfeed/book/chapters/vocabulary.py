"""Words of sorrow: the glossary's words grouped by theme (Vocabulary.theme; "other" when
none is given), most used first, with how many songs use each."""

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
from cryfeed.models import Song

INTRO = """\
Ballads return to the same few dozen words: parting, tears, memory, the seasons, the
heart. Learn them and you will recognise them in song after song. Here every word of the
study notes is sorted by theme, the most used first, with the number of songs in the
catalog whose notes teach it. Each word links to its glossary entry, which names the songs.
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


def _songs(entry: GlossaryEntry) -> list[Song]:
    return list({s.id: s for songs in entry.senses.values() for s in songs}.values())


def by_theme(index: BookIndex) -> dict[str, list[tuple[GlossaryEntry, int]]]:
    """Every glossary word by theme, with its number of songs, most used first."""
    found: dict[str, list[tuple[GlossaryEntry, int]]] = {theme: [] for theme in THEME_TITLES}
    themes = index.word_themes
    for entry in index.glossary:
        found[themes.get(entry.word.lower(), "other")].append((entry, len(_songs(entry))))
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
            html.text(str(count)))  # fmt: skip


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
