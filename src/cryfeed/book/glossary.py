"""The vocabulary glossary: its index page and one page per initial consonant.

A consonant's words are one HTML block (the <dl> Sphinx writes for a glossary directive):
parsed as MyST, a glossary of a thousand songs' words took seconds a page, and the pages
of a new song's words are read again on every append. Each term's index entry (Sphinx's
general index and search results) comes from cryfeed.sphinxext.links.GlossaryIndex."""

from __future__ import annotations

import json
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
    vocab_anchor,
)
from cryfeed.book.index_pages import md_path, myst_page
from cryfeed.book.myst import escape
from cryfeed.korean import romanize
from cryfeed.text import plural, words


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


def _from_letter(docname: str) -> str:
    """A link from a consonant's page (two folders deep) to another page's HTML."""
    return "../../" + urls.page(docname)


def _term(entry: GlossaryEntry) -> Html:
    """A term and its senses, as Sphinx writes a glossary entry (the id is the stable
    vocab_anchor song pages link to, not Sphinx's serial one)."""
    anchor = vocab_anchor(entry.word)
    rr = html.text(romanize(entry.word))
    senses = []
    for (meaning, pos, lemma), songs in entry.senses.items():
        dictionary = (
            f" (dictionary form {html.text(lemma)})" if lemma and lemma != entry.word else ""
        )
        used = ", ".join(
            html.page_link(html.text(song_title_text(s)), _from_letter(urls.song_doc(s.id)))
            for s in songs
        )
        senses.append(
            f"<em>{rr}</em>, {html.text(part_of_speech(pos))}{dictionary}: "
            f"{html.text(meaning)}. In {used}."
        )
    return Html(
        f'<dt id="{anchor}">{html.text(entry.word)}<a class="headerlink" href="#{anchor}" '
        f'title="Link to this term">#</a></dt><dd><p>{chr(10).join(senses)}</p>\n</dd>\n'
    )


def render_glossary_page(initial: str, entries: list[GlossaryEntry]) -> bytes:
    """The words starting with one consonant, each with its senses and songs."""
    terms = [[vocab_anchor(entry.word), words(entry.word)] for entry in entries]
    body = Html('<dl class="simple glossary">\n' + "".join(map(_term, entries)) + "</dl>\n")
    out = [
        myst.label(f"glossary-{GLOSSARY_PAGES[initial]}"),
        f"# Glossary: {escape(_name(initial))}\n",
        f"{plural(len(entries), 'word')}; see also "
        f"{myst.page_link('the whole glossary', md_path(urls.GLOSSARY_DOC, depth=2))}.\n",
        myst.html_block(body),
        # One JSON line: a fence's content is never parsed as MyST.
        myst.fence(myst.GLOSSARY_INDEX_DIRECTIVE, json.dumps(terms, ensure_ascii=False)),
    ]
    return myst_page(out)
