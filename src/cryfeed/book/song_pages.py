"""Song and artist pages, rendered to HTML here (see cryfeed.book.rendered): every data
text goes through html.text or html.paragraphs (html.Html says so to mypy), and every
link to another page through Page.link, so the page carries its links."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cryfeed import urls
from cryfeed.book import html
from cryfeed.book.guide import guide_section
from cryfeed.book.html import Html
from cryfeed.book.index import (
    Artist,
    BookIndex,
    artist_text,
    glossary_doc,
    glossary_initial,
    grammar_label,
    mood_title,
    part_of_speech,
    song_heading,
    song_title_text,
    vocab_anchor,
)
from cryfeed.book.practice_pages import flashcards
from cryfeed.book.pronunciation import Notes, chapter_href
from cryfeed.book.rendered import RenderedPage
from cryfeed.korean import pronounce, romanize
from cryfeed.models import Example, Removed, Song
from cryfeed.text import LINK_LABELS, SPEECH_LEVEL_LABELS, source_facts, words

# How a builder writes a link to a page: html.page_link, or a Page's link, which also
# remembers the address.
Linker = Callable[[Html, str], Html]
DESCRIPTION_LENGTH = 200


def href(docname: str, anchor: str = "") -> str:
    """A link from a page one folder deep to another page's HTML."""
    return "../" + urls.page(docname) + (f"#{anchor}" if anchor else "")


def song_item(song: Song, link: Linker = html.page_link, with_artist: bool = True) -> Html:
    """A song in a list: its title linked to its page, then its artist."""
    item = link(html.text(song_title_text(song)), href(urls.song_doc(song.id)))
    return Html(item + (f" — {html.text(song.artist)}" if with_artist else ""))


def _fact(name: str, value: Html) -> Html:
    return Html(f"<strong>{name}:</strong> {value}")


@dataclass(frozen=True)
class SongContext:
    """Everything a song page shows from the rest of the catalog; render_song_page reads
    nothing else but the song (and cryfeed's code), so a page rendered with the same song
    and the same context is the same bytes: cryfeed.book.memo keys pages by every field.

    artist_slug: the artist page's name; collections: (id, title) of each of the song's
    collections, in its order; added: the local date the song was added (ISO); related,
    previous, following: the songs it links to; uses: the use of each of its grammar
    patterns (by their words); themes: the theme of each of its words (by their words in
    lower case). The last two are the first ones the catalog gives, so an earlier song
    can change them."""

    artist_slug: str
    collections: tuple[tuple[str, str], ...]
    added: str
    related: tuple[Song, ...]
    previous: Song | None
    following: Song | None
    uses: tuple[tuple[str, str | None], ...]
    themes: tuple[tuple[str, str], ...]


def song_context(song: Song, index: BookIndex) -> SongContext:
    """What the song's page needs of the catalog, read from the index."""
    here = index.position[song.id]
    study = song.study
    patterns = index.grammar_patterns
    word_themes = index.word_themes
    pattern_words = dict.fromkeys(words(p.pattern) for p in study.grammar) if study else {}
    theme_words = dict.fromkeys(words(w.word).lower() for w in study.vocabulary) if study else {}
    zone = ZoneInfo(index.catalog.site.timezone)
    return SongContext(
        artist_slug=index.artists[index.artist_of[song.id]].slug,
        collections=tuple((c, index.collections[c].title) for c in dict.fromkeys(song.collections)),
        added=song.added.astimezone(zone).date().isoformat(),
        related=tuple(index.related(song)),
        previous=index.oldest_first[here - 1] if here > 0 else None,
        following=(index.oldest_first[here + 1] if here + 1 < len(index.oldest_first) else None),
        uses=tuple((p, patterns[p].use) for p in pattern_words),
        themes=tuple((w, word_themes[w]) for w in theme_words),
    )


def _facts(song: Song, context: SongContext, page: html.Page) -> Html:
    name = html.text(artist_text(song.artist, song.artist_ko))
    lines = [_fact("Artist", page.link(name, href(urls.artist_doc(context.artist_slug))))]
    if song.released:
        lines.append(_fact("Released", html.text(song.released)))
    if song.album:
        lines.append(_fact("Album", html.text(song.album)))
    collections = [
        page.link(html.text(title), href(urls.collection_doc(c)))
        for c, title in context.collections
    ]
    lines.append(_fact("Collections", html.join(collections, ", ")))
    if song.moods:
        moods = [
            page.link(html.text(mood_title(m)), href(urls.mood_doc(m)))
            for m in dict.fromkeys(song.moods)
        ]
        lines.append(_fact("Moods", html.join(moods, ", ")))
    lines.append(_fact("Added", html.text(context.added)))
    return html.bullets(lines)


# The section builders below share one frame (nothing without data; collect the parts;
# one section) and differ in everything they collect, so each stays its own function.


def _listen(song: Song, page: html.Page) -> None:
    items = [
        html.external(html.text(link.label or LINK_LABELS[link.kind].book), link.url)
        for link in song.links
    ]
    # Searches built from the facts, always labelled as searches: no guessed video ids.
    items += [
        html.external(html.text(f"Search {service} for “{query}”"), address)
        for service, query, address in urls.listen_searches(
            song.title, song.artist, song.title_ko, song.artist_ko
        )
    ]
    page.section("listen", "Listen", html.bullets(items))


def _spoken(word: str) -> str:
    """How a word is said, in Hangul (the pronunciation above it, see html.korean_with_reading)."""
    return pronounce(word).text


def korean_sentence(value: str) -> Html:
    """A Korean sentence (lang="ko") with each word's romanization and pronunciation
    above it, shown when the reader switches them on (static/practice.js)."""
    return html.korean_with_reading(value, romanize, _spoken)


def _word_row(
    word: Html, romanized: str, said: Html, lemma: str, meaning: str, pos: str
) -> tuple[Html, ...]:
    """A row of the title breakdown or the vocabulary table; said: the pronunciation mark."""
    return (
        word,
        Html(f"<em>{html.text(romanized)}</em>{said}"),
        html.korean(lemma) if lemma else html.text(lemma),
        html.text(meaning),
        html.text(part_of_speech(pos)),
    )


def _breakdown(song: Song, page: html.Page, notes: Notes) -> None:
    if not song.study or not song.study.title_breakdown:
        return
    rows = [
        _word_row(
            html.korean(part.text),
            romanize(part.text),
            notes.mark(part.text),
            part.lemma,
            part.gloss,
            part.pos,
        )
        for part in song.study.title_breakdown
    ]
    headers = ("Part", "Romanization", "Dictionary form", "Meaning", "Part of speech")
    table = html.table(headers, rows, stacked=True)
    page.section("the-title-part-by-part", "The title, part by part", table)


def _lines(song: Song, page: html.Page, notes: Notes) -> None:
    if not song.study or not song.study.lines:
        return
    out = []
    for line in song.study.lines:
        out.append(
            Html(
                f"<p><strong>{korean_sentence(line.ko)}</strong>"
                "<br />\n"
                f"<em>{html.text(romanize(line.ko))}</em>{notes.mark(line.ko)}</p>\n"
            )
        )
        tabs = [
            ("Literal", Html(f"<p>{html.text(line.literal)}</p>\n")),
            ("Natural", Html(f"<p>{html.text(line.natural)}</p>\n")),
        ]
        out.append(page.tabs(tabs))
        if line.note:
            out.append(html.paragraphs(line.note))
    page.section("lines", "Lines", html.join(out))


def _example(example: Example, notes: Notes) -> Html:
    """Hangul, romanization (and pronunciation), translation and speech level of one
    sentence of our own."""
    return Html(
        f"{korean_sentence(example.ko)}<br />\n"
        f"<em>{html.text(romanize(example.ko))}</em>{notes.mark(example.ko)}<br />\n"
        f"{html.text(example.en)} <small>({html.text(SPEECH_LEVEL_LABELS[example.level])})</small>"
    )


def _vocabulary(song: Song, page: html.Page, notes: Notes) -> None:
    if not song.study or not song.study.vocabulary:
        return
    rows, examples = [], []
    for word in song.study.vocabulary:
        glossary = href(glossary_doc(glossary_initial(words(word.word))), vocab_anchor(word.word))
        linked = page.link(html.korean(word.word), glossary)
        lemma = word.lemma or ""
        if word.hanja:
            lemma = f"{lemma} ({word.hanja})" if lemma else word.hanja
        said = notes.mark(word.word)
        rows.append(_word_row(linked, word.word_rr, said, lemma, word.meaning, word.pos))
        if word.example:
            shown = _example(word.example, notes)
            examples.append(Html(f"<strong>{html.korean(word.word)}</strong>: {shown}"))
    headers = ("Word", "Romanization", "Dictionary form", "Meaning", "Part of speech")
    body = html.table(headers, rows, stacked=True)
    if examples:
        body = html.join([body, Html("<p>In a sentence:</p>\n"), html.bullets(examples)])
    page.section("vocabulary", "Vocabulary", body)
    cards = flashcards(song)
    if cards:
        page.section("flashcards", "Flashcards", cards)


def _grammar(song: Song, page: html.Page, notes: Notes) -> None:
    if not song.study or not song.study.grammar:
        return
    out = []
    for point in song.study.grammar:
        pattern = page.link(
            html.korean(point.pattern), href(urls.GRAMMAR_DOC, grammar_label(point.pattern))
        )
        out.append(Html(f"<p><strong>{pattern}</strong>: {html.text(point.meaning)}</p>\n"))
        out.append(html.paragraphs(point.explanation))
        for example in point.examples:
            out.append(html.blockquote(Html(f"<p>{_example(example, notes)}</p>\n")))
        if point.mistake:
            mistake = point.mistake
            out.append(
                Html(
                    f"<p><strong>A common mistake:</strong> <s>{html.korean(mistake.wrong)}</s> → "
                    f"{html.korean(mistake.right)} {html.text(mistake.why)}</p>\n"
                )
            )
    page.section("grammar", "Grammar", html.join(out))


def _culture(song: Song, page: html.Page) -> None:
    if song.study and song.study.culture:
        page.section("culture-note", "Culture note", html.paragraphs(song.study.culture))


def _check(song: Song, page: html.Page) -> None:
    if not song.study or not song.study.check:
        return
    out = []
    for number, item in enumerate(song.study.check, start=1):
        out.append(Html(f"<p><strong>{number}.</strong> {html.text(item.question)}</p>\n"))
        out.append(html.dropdown("Show the answer", html.paragraphs(item.answer)))
    page.section("check-yourself", "Check yourself", html.join(out))


def _related(context: SongContext, page: html.Page) -> None:
    if context.related:
        items = [song_item(other, page.link) for other in context.related]
        page.section("related-songs", "Related songs", html.bullets(items))


def _sources(song: Song, page: html.Page) -> None:
    if song.sources:
        items = [
            Html(
                html.external(html.text(source.url), source.url)
                + (f" ({html.text(source_facts(source.facts))})" if source.facts else "")
            )
            for source in song.sources
        ]
        page.section("sources", "Sources", html.bullets(items))


def _neighbours(context: SongContext, page: html.Page) -> Html:
    """Previous / next in the order songs were added, written into the page itself."""
    parts = []
    if context.previous is not None:
        previous = song_item(context.previous, page.link, with_artist=False)
        parts.append("← Previous: " + previous)
    if context.following is not None:
        following = song_item(context.following, page.link, with_artist=False)
        parts.append("Next: " + following + " →")
    if not parts:
        return Html("")
    return Html(html.RULE + "<p>" + "\u2003·\u2003".join(parts) + "</p>\n")


def page_file(
    page: html.Page,
    anchor: str,
    description: str,
    scripts: tuple[str, ...] = (),
    searchable: bool = True,
    unsearched: Html | None = None,
) -> bytes:
    """The page in the rendered-page format; description is plain text, shortened here;
    unsearched: a part of the body left out of the search index's text."""
    # Every Korean run of the page marked lang="ko", in data and in prose alike.
    body = html.mark_korean(page.body(anchor))
    searched = Html(body.replace(html.mark_korean(unsearched), "")) if unsearched else body
    return RenderedPage(
        title=page.title,
        anchor=anchor,
        body=body,
        sections=tuple(page.sections),
        links=tuple(dict.fromkeys(page.links)),
        text=html.plain(searched),
        description=summary(description),
        scripts=scripts,
        searchable=searchable,
    ).dump()


def summary(text: str) -> str:
    """Plain text cut at a word to the length link previews show (sphinxext-opengraph's
    200 characters, as on the MyST pages)."""
    return textwrap.shorten(words(text), width=DESCRIPTION_LENGTH, placeholder=" …")


def render_song(song: Song, index: BookIndex) -> bytes:
    """A song page (see cryfeed.book.rendered): every section with data, in reading order."""
    return render_song_page(song, song_context(song, index))


def render_song_page(song: Song, context: SongContext) -> bytes:
    """The song's page from the song and its context alone (see SongContext)."""
    page = html.Page(song_heading(song))
    notes = Notes(page)
    if song.title_rr and song.title_ko:
        said = notes.mark(song.title_ko)
        page.add(Html(f"<p><em>{html.text(song.title_rr)}</em>{said}</p>\n"))
    page.add(_facts(song, context, page))
    page.section("curator-s-note", "Curator's note", html.paragraphs(song.note))
    _listen(song, page)
    _breakdown(song, page, notes)
    _lines(song, page, notes)
    _vocabulary(song, page, notes)
    _grammar(song, page, notes)
    _culture(song, page)
    _check(song, page)
    notes_part = notes.section(chapter_href())
    guide_section(song, dict(context.uses), dict(context.themes), page, notes.rules())
    _related(context, page)
    _sources(song, page)
    page.add(_neighbours(context, page))
    # The curator's note says why the song is here: what a shared link should say too.
    return page_file(page, f"song-{song.id}", song.note, unsearched=notes_part)


def render_removed(removed: Removed, index: BookIndex) -> bytes:
    """The page a removed song leaves behind: that it went, when and why (its address stays,
    so old links and feed items still lead somewhere that explains)."""
    page = html.Page(f"Removed: {removed.id}")
    zone = ZoneInfo(index.catalog.site.timezone)
    when = removed.removed.astimezone(zone).date().isoformat()
    newest = page.link(html.text("the newest songs"), href(urls.NEWEST_DOC))
    page.add(
        Html(
            f"<p>This song was removed from the catalog on {html.text(when)}.</p>\n"
            f"<p><strong>Why:</strong> {html.text(removed.reason)}</p>\n"
            f"<p>See {newest} instead.</p>\n"
        )
    )
    return page_file(page, f"song-{removed.id}", f"Removed from the catalog: {removed.reason}")


def render_artist(artist: Artist) -> bytes:
    """An artist page (see cryfeed.book.rendered): the artist's songs, newest first."""
    page = html.Page(words(artist_text(artist.name, artist.name_ko)))
    everyone = page.link(html.text("all artists"), href(urls.ARTISTS_DOC))
    page.add(Html(f"<p>Songs by this artist, newest first. See also {everyone}.</p>\n"))
    newest = reversed(artist.songs)
    page.add(html.bullets(song_item(s, page.link, with_artist=False) for s in newest))
    titles = ", ".join(song_title_text(s) for s in reversed(artist.songs))
    return page_file(page, f"artist-{artist.slug}", f"Songs by {page.title}: {titles}.")
