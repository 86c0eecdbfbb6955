"""What a feed holds: feed specs, archive documents, each song's item text and HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cryfeed import archives, urls
from cryfeed.models import Catalog, Collection, Site, Song
from cryfeed.text import LINK_LABELS, has_own_korean, source_facts

_BLANK_LINES = re.compile(r"\n\s*\n")
_TO_ESCAPE = re.compile("[&<>\"']")


# ---------------------------------------------------------------- what a feed holds


@dataclass(frozen=True)
class FeedSpec:
    """One logical feed (the whole catalog or one collection) in every format."""

    rss_file: str  # paths relative to feeds/
    atom_file: str | None  # only the main feed has an Atom twin
    json_file: str
    id: str  # Atom feed id: a tag URI, like the item ids
    title: str
    description: str
    home_url: str
    songs: tuple[Song, ...]  # the newest feed_limit: what subscribers get
    history: tuple[Song, ...]  # every song of the feed, newest first: cut into archive pages


@dataclass(frozen=True)
class Item:
    """Everything a feed says about one song, computed once and shared by every format."""

    id: str
    url: str
    title: str
    content_html: str
    summary: str
    published: datetime  # UTC
    categories: tuple[Collection, ...]


def feed_date(songs: Sequence[Song], site: Site) -> datetime:
    """The feed's own date: the newest `added` among its songs.

    An empty feed (a new collection) takes the date of the tag authority, which is fixed
    data, never the wall clock.
    """
    if songs:
        return max(song.added for song in songs).astimezone(UTC)
    minted = site.tag_authority.rsplit(",", 1)[1]
    year, month, day = (int(part) for part in [*minted.split("-"), "1", "1"][:3])
    return datetime(year, month, day, tzinfo=UTC)


def feed_specs(catalog: Catalog, newest: Sequence[Song] | None = None) -> list[FeedSpec]:
    """The main feed first, then one feed per collection in catalog order."""
    site = catalog.site
    limit = site.feed_limit
    newest = catalog.newest_first() if newest is None else newest
    specs = [
        FeedSpec(
            rss_file=urls.RSS_FILE,
            atom_file=urls.ATOM_FILE,
            json_file=urls.JSON_FEED_FILE,
            id=urls.feed_tag_uri(site),
            title=site.title,
            description=site.description,
            home_url=site.url,
            songs=tuple(newest[:limit]),
            history=tuple(newest),
        )
    ]
    members: dict[str, list[Song]] = {c.id: [] for c in catalog.collections}
    for song in newest:
        for collection_id in dict.fromkeys(song.collections):
            members[collection_id].append(song)
    for collection in catalog.collections:
        specs.append(
            FeedSpec(
                rss_file=urls.collection_rss(collection.id),
                atom_file=None,
                json_file=urls.collection_json_feed(collection.id),
                id=urls.collection_tag_uri(site, collection.id),
                title=f"{site.title} — {collection.title}",
                description=collection.description,
                home_url=urls.collection_url(site, collection.id),
                songs=tuple(members[collection.id][:limit]),
                history=tuple(members[collection.id]),
            )
        )
    return specs


# ---------------------------------------------------------------- item text and HTML


def with_korean(text: str, korean: str | None, romanized: str | None) -> str:
    """``text (한글, Romanized)``; just ``text (Romanized)`` when text is the Korean itself."""
    if not korean:
        return text
    if not has_own_korean(text, korean):
        return f"{text} ({romanized})" if romanized and romanized != text else text
    return f"{text} ({korean}, {romanized})" if romanized else f"{text} ({korean})"


def item_title(song: Song) -> str:
    """``Title — Artist``; outer spaces trimmed, since feed readers trim them anyway."""
    title = with_korean(song.title.strip(), song.title_ko, song.title_rr)
    return f"{title} — {song.artist.strip()}"


def _escape(text: str) -> str:
    # Most strings hold nothing to escape: one search is cheaper than html.escape's five
    # replaces (a quarter of a million strings at 10,000 songs).
    return html.escape(text, quote=True) if _TO_ESCAPE.search(text) else text


def _link(url: str, text: str) -> str:
    return f'<a href="{_escape(url)}">{_escape(text)}</a>'


def note_html(note: str) -> str:
    """Paragraphs at blank lines, line breaks inside them; all of it escaped text."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(note.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(_escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def item_html(song: Song, site: Site, collections: Sequence[Collection]) -> str:
    """The summary shown by readers: note, facts, collections, links; every link absolute."""
    artist = with_korean(song.artist, song.artist_ko, None)  # a name keeps its own spelling
    facts = [f"Artist: {_escape(artist)}"]
    if song.released:
        facts.append(f"Released: {_escape(song.released)}")
    if song.album:
        facts.append(f"Album: {_escape(song.album)}")
    parts = [note_html(song.note), "<p>" + "<br>".join(facts) + "</p>"]
    if collections:
        listed = ", ".join(_link(urls.collection_url(site, c.id), c.title) for c in collections)
        parts.append(f"<p>Collections: {listed}</p>")
    if song.moods:
        parts.append(f"<p>Moods: {_escape(', '.join(song.moods))}</p>")
    if song.links:
        listed = " · ".join(
            _link(link.url, link.label or LINK_LABELS[link.kind].feed) for link in song.links
        )
        parts.append(f"<p>Listen: {listed}</p>")
    if song.sources:
        listed = " · ".join(
            _link(source.url, source.url)
            + (f" ({_escape(source_facts(source.facts))})" if source.facts else "")
            for source in song.sources
        )
        parts.append(f"<p>Sources: {listed}</p>")
    page = _link(urls.song_url(site, song.id), "Study notes and translation")
    parts.append(f"<p>{page}</p>")
    return "\n".join(parts)


class _Items:
    """Builds each song's Item at most once per render, only for songs that are in a feed,
    and keeps each format's serialized item: a song sits in its feeds and their archive
    pages (10,000 songs fill about 90,000 item slots), but is serialized once per format."""

    def __init__(self, catalog: Catalog) -> None:
        self.site = catalog.site
        self.collections = {c.id: c for c in catalog.collections}
        self.cache: dict[str, Item] = {}
        self.serialized: dict[tuple[str, str], bytes] = {}
        self.named: dict[str, tuple[Collection, ...]] = {}

    def serialize(self, song: Song, kind: str, render: Callable[[Item], bytes]) -> bytes:
        """The song's item as `render` writes it (the same bytes in every document)."""
        key = (kind, song.id)
        data = self.serialized.get(key)
        if data is None:
            data = self.serialized[key] = render(self(song))
        return data

    def categories(self, song: Song) -> tuple[Collection, ...]:
        """The collections the song's item names, each once, in the song's order."""
        found = self.named.get(song.id)
        if found is None:
            found = self.named[song.id] = tuple(
                self.collections[c] for c in dict.fromkeys(song.collections)
            )
        return found

    def __call__(self, song: Song) -> Item:
        item = self.cache.get(song.id)
        if item is None:
            categories = self.categories(song)
            item = Item(
                id=urls.tag_uri(self.site, song.id),
                url=urls.song_url(self.site, song.id),
                title=item_title(song),
                content_html=item_html(song, self.site, categories),
                summary=" ".join(song.note.split()),
                published=song.added.astimezone(UTC),
                categories=categories,
            )
            self.cache[song.id] = item
        return item


@dataclass(frozen=True)
class Document:
    """One file of a feed: the subscription document or one of its archive pages."""

    songs: tuple[Song, ...]
    links: tuple[tuple[str, str], ...]  # RFC 5005 (rel, href) pairs
    archive: bool = False


def documents(site: Site, spec: FeedSpec, feed_file: str) -> dict[str, Document]:
    """The subscription document and its archive pages, by path, with their RFC 5005 links."""
    size = site.feed_limit
    count = archives.page_count(len(spec.history), size)

    def page_url(number: int) -> str:
        return urls.feed_url(site, urls.archive_file(feed_file, number))

    newest_page = (("prev-archive", page_url(count)),) if count else ()
    found = {feed_file: Document(spec.songs, newest_page)}
    for number, songs in archives.pages(spec.history, size):
        links = [("current", urls.feed_url(site, feed_file))]
        if number > 1:
            links.append(("prev-archive", page_url(number - 1)))
        if number < count:
            links.append(("next-archive", page_url(number + 1)))
        found[urls.archive_file(feed_file, number)] = Document(songs, tuple(links), True)
    return found
