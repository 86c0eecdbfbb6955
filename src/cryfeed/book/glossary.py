"""The vocabulary glossary: its index page, one MyST glossary page per initial consonant,
and the tab-separated word list for flashcards."""

from __future__ import annotations

import csv
import io

from cryfeed import urls
from cryfeed.book import myst
from cryfeed.book.index import (
    GLOSSARY_PAGES,
    BookIndex,
    GlossaryEntry,
    glossary_doc,
    part_of_speech,
    song_title_text,
)
from cryfeed.book.index_pages import md_path, myst_page
from cryfeed.book.myst import escape
from cryfeed.korean import romanize
from cryfeed.text import plural


def _name(initial: str) -> str:
    return initial or "Other"


def render_glossary(index: BookIndex) -> bytes:
    """The glossary's first page: how many words, and a link to each initial's page."""
    groups = index.glossary_groups
    count = sum(len(entries) for entries in groups.values())
    items = [
        f"- {myst.page_link(_name(initial), md_path(glossary_doc(initial)))} "
        f"({plural(len(entries), 'word')})"
        for initial, entries in groups.items()
    ]
    out = [
        myst.label("glossary"),
        "# Vocabulary glossary\n",
        f"Every word from the study notes, {count} in all, with the songs that use it, "
        "by its first consonant.\n",
        f"Download the whole list for flashcards: "
        f"{myst.link('vocabulary.tsv', 'vocabulary.tsv')} (tab-separated: Korean, "
        "romanization, meaning, song; Anki imports it as it is).\n",
        "\n".join(items),
    ]
    return myst_page(out)


def render_glossary_page(initial: str, entries: list[GlossaryEntry]) -> bytes:
    """The words starting with one consonant, as a Sphinx glossary ({term} finds them)."""
    body = []
    for entry in entries:
        body.append(escape(entry.word))
        rr = escape(romanize(entry.word))
        for (meaning, pos, lemma), songs in entry.senses.items():
            dictionary = (
                f" (dictionary form {escape(lemma)})" if lemma and lemma != entry.word else ""
            )
            used = ", ".join(
                myst.page_link(song_title_text(s), md_path(urls.song_doc(s.id), depth=2))
                for s in songs
            )
            body.append(
                f"   *{rr}*, {escape(part_of_speech(pos))}{dictionary}: {escape(meaning)}. "
                f"In {used}.\n"
            )
    out = [
        myst.label(f"glossary-{GLOSSARY_PAGES[initial]}"),
        f"# Glossary: {escape(_name(initial))}\n",
        f"{plural(len(entries), 'word')}; see also "
        f"{myst.page_link('the whole glossary', md_path(urls.GLOSSARY_DOC, depth=2))}.\n",
        myst.fence("glossary", "\n".join(body).rstrip("\n"), colons=3),
    ]
    return myst_page(out)


def render_vocabulary_tsv(index: BookIndex) -> bytes:
    """One row per word and sense; the song column names every song that uses it."""
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:false\n#columns:Korean\tRomanization\tMeaning\tSong\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    for entry in index.glossary:
        for (meaning, _pos, _lemma), songs in entry.senses.items():
            titles = "; ".join(f"{song_title_text(s)} by {s.artist}" for s in songs)
            writer.writerow([entry.word, romanize(entry.word), meaning, titles])
    return buffer.getvalue().encode("utf-8")
