"""The vocabulary glossary: its index page and one MyST glossary page per initial consonant."""

from __future__ import annotations

import posixpath

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.html import Html
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


def _downloads() -> str:
    """Links to the Anki files at their own addresses (cryfeed.sphinxext.downloads copies
    them there), as HTML: MyST would turn a link to a file into a hashed download path."""

    def link(label: str, file: str) -> Html:
        relative = posixpath.relpath(file, posixpath.dirname(urls.GLOSSARY_DOC))
        return html.external(html.text(label), relative)

    deck = link("vocabulary.apkg", urls.ANKI_FILE)
    tsv = link("vocabulary.tsv", urls.VOCABULARY_FILE)
    review = html.page_link(html.text("review page"), urls.page("review"))
    return myst.html_block(
        Html(
            f"<p>Every word for flashcards: the Anki deck {deck} (open it in Anki), or "
            f"{tsv} (tab-separated, with Anki's headers: importing it again updates the "
            f"cards instead of adding them twice). Or practise here on the {review}.</p>\n"
        )
    )


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
        _downloads(),
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
