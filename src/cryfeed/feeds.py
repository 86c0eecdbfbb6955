"""Pure feed renderers: RSS 2.0 and Atom (feedgen), JSON Feed 1.1, OPML and catalog.json.

One module for every format, a little over 400 lines: the formats share FeedSpec, Item
and the item text, and each format's own part is short (jsonfeed.py holds JSON Feed's
model).

Every renderer takes a validated Catalog and returns bytes; nothing here reads a clock or
touches the disk (cryfeed.build.write_feeds hands the bytes to the one writer).

Choices that keep subscribers happy:
- item ids are tag URIs (never the page URL), so a rebuild or a move re-announces nothing;
- every date comes from the data and is written in UTC; a feed's own date is the newest
  `added` among its items, so a feed changes only when its items do;
- an item's bytes depend only on its song and the collections it names, never on its
  position, so appending a song adds one item at the top and changes no other item;
- item titles are plain text: ``Title — Artist``, and a song with a Korean title shows it
  with its romanization: ``See you later (있어줘요, Isseojwoyo) — Jang Deok Cheol``
  (just the romanization when the title is already the Korean one).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from feedgen.feed import FeedGenerator
from lxml import etree

from cryfeed import archives, urls
from cryfeed.jsonfeed import (
    JsonFeed,
    JsonFeedAuthor,
    JsonFeedHub,
    JsonFeedItem,
    dumps_one_row_per_line,
)
from cryfeed.korean import pronounce
from cryfeed.models import Catalog, Collection, Site, Song
from cryfeed.text import LINK_LABELS, has_own_korean, source_facts

CATALOG_JSON_VERSION = 2  # 2: sources became objects {url, facts}
GENERATOR = "cryfeed"

_BLANK_LINES = re.compile(r"\n\s*\n")


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
    return html.escape(text, quote=True)


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
    """Builds each song's Item at most once per render, only for songs that are in a feed."""

    def __init__(self, catalog: Catalog) -> None:
        self.site = catalog.site
        self.collections = {c.id: c for c in catalog.collections}
        self.cache: dict[str, Item] = {}

    def __call__(self, song: Song) -> Item:
        item = self.cache.get(song.id)
        if item is None:
            categories = tuple(self.collections[c] for c in dict.fromkeys(song.collections))
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


# ---------------------------------------------------------------- RSS and Atom


@dataclass(frozen=True)
class Document:
    """One file of a feed: the subscription document or one of its archive pages."""

    songs: tuple[Song, ...]
    links: tuple[tuple[str, str], ...]  # RFC 5005 (rel, href) pairs
    archive: bool = False


def _generator(
    catalog: Catalog,
    spec: FeedSpec,
    document: Document,
    items: _Items,
    self_url: str,
    kind: Literal["rss", "atom"],
) -> FeedGenerator:
    site = catalog.site
    updated = feed_date(document.songs, site)
    feed = FeedGenerator()
    # WebSub (W3C): the hub the subscription feeds name, so readers can be pushed new songs.
    hub = (("hub", site.websub_hub),) if site.websub_hub and not document.archive else ()
    if document.links or document.archive or hub:
        feed.register_extension(
            "history", archives.HistoryExtension, archives.HistoryEntryExtension
        )
        feed.history.links = [*hub, *document.links]
        feed.history.archive = document.archive
    feed.id(spec.id)
    feed.title(spec.title)
    feed.description(spec.description)
    feed.language(site.language)
    feed.author({"name": site.author.name, **({"uri": site.author.url} if site.author.url else {})})
    # feedgen would stamp now() and its own version: set both from the data.
    feed.updated(updated)
    feed.generator(GENERATOR)
    if kind == "rss":
        feed.pubDate(updated)
        # RSS takes the first rel=self as atom:link and the LAST link added as <link>.
        feed.link(href=self_url, rel="self", type=urls.RSS_TYPE)
        feed.link(href=spec.home_url, rel="alternate")
    else:
        feed.link(href=spec.home_url, rel="alternate", type="text/html")
        feed.link(href=self_url, rel="self", type=urls.ATOM_TYPE)
    scheme = urls.absolute(site, "collections/")
    for song in document.songs:  # newest first, so append keeps that order
        item = items(song)
        entry = feed.add_entry(order="append")
        entry.id(item.id)  # also the RSS guid, isPermaLink="false"
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.content(item.content_html, type="html")  # RSS: escaped <description>
        entry.published(item.published)
        entry.updated(item.published)
        if item.categories:
            entry.category(
                [{"term": c.id, "label": c.title, "scheme": scheme} for c in item.categories]
            )
    return feed


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


def render_rss(
    catalog: Catalog,
    spec: FeedSpec,
    items: _Items | None = None,
    *,
    path: str | None = None,
    document: Document | None = None,
) -> bytes:
    """RSS 2.0 for one feed (or, given path and document, one of its archive pages)."""
    url = urls.feed_url(catalog.site, path or spec.rss_file)
    document = document or Document(spec.songs, ())
    feed = _generator(catalog, spec, document, items or _Items(catalog), url, "rss")
    return bytes(feed.rss_str(pretty=True))


def render_atom(
    catalog: Catalog,
    spec: FeedSpec,
    items: _Items | None = None,
    *,
    path: str | None = None,
    document: Document | None = None,
) -> bytes:
    """Atom 1.0 for one feed (or, given path and document, one of its archive pages)."""
    if spec.atom_file is None:
        raise ValueError(f"{spec.rss_file} has no Atom version")
    url = urls.feed_url(catalog.site, path or spec.atom_file)
    document = document or Document(spec.songs, ())
    feed = _generator(catalog, spec, document, items or _Items(catalog), url, "atom")
    return bytes(feed.atom_str(pretty=True))


# ---------------------------------------------------------------- JSON Feed


def render_json_feed(
    catalog: Catalog,
    spec: FeedSpec,
    items: _Items | None = None,
    *,
    path: str | None = None,
    document: Document | None = None,
) -> bytes:
    """JSON Feed 1.1 for one feed (or one of its archive pages).

    JSON Feed pages with next_url: the subscription feed points to the newest archive page,
    each page to the one before it, the same chain as RSS and Atom's prev-archive links.
    """
    site = catalog.site
    items = items or _Items(catalog)
    document = document or Document(spec.songs, ())
    author = JsonFeedAuthor(name=site.author.name, url=site.author.url)
    older = dict(document.links).get("prev-archive")
    feed_items = []
    for song in document.songs:
        item = items(song)
        feed_items.append(
            JsonFeedItem(
                id=item.id,
                url=item.url,
                title=item.title,
                content_html=item.content_html,
                summary=item.summary,
                date_published=item.published.isoformat(),
                tags=list(dict.fromkeys(c.title for c in item.categories)),
            )
        )
    feed = JsonFeed(
        title=spec.title,
        home_page_url=spec.home_url,
        feed_url=urls.feed_url(site, path or spec.json_file),
        next_url=older,
        hubs=[JsonFeedHub(type="WebSub", url=site.websub_hub)]
        if site.websub_hub and not document.archive
        else None,
        description=spec.description,
        language=site.language,
        authors=[author],
        items=feed_items,
    )
    return feed.to_bytes()


# ---------------------------------------------------------------- OPML and catalog.json


def render_opml(catalog: Catalog, specs: Sequence[FeedSpec]) -> bytes:
    """OPML 2.0 listing the RSS version of every feed.

    Only RSS: a reader importing the list subscribes to each outline, and the Atom and
    JSON versions carry the same items, so listing them would subscribe three times.
    No date in the head, so the file changes only when the collections do.
    """
    site = catalog.site
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = f"{site.title}: all feeds"
    etree.SubElement(head, "ownerName").text = site.author.name
    if site.author.url:
        etree.SubElement(head, "ownerId").text = site.author.url
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(opml, "body")
    for spec in specs:
        etree.SubElement(
            body,
            "outline",
            type="rss",
            version="RSS2",
            text=spec.title,
            title=spec.title,
            description=spec.description,
            language=site.language,
            xmlUrl=urls.feed_url(site, spec.rss_file),
            htmlUrl=spec.home_url,
        )
    return bytes(etree.tostring(opml, pretty_print=True, encoding="UTF-8", xml_declaration=True))


def catalog_song(song: Song, site: Site) -> dict[str, Any]:
    """One song in catalog.json: its public fields plus the computed ones."""
    # Imported here only to keep this change inside this function while feeds.py is being
    # refactored elsewhere; it belongs with the imports at the top once that lands.

    entry: dict[str, Any] = {
        "id": song.id,
        "title": song.title,
        "title_ko": song.title_ko,
        "title_rr": song.title_rr,
        # The standard pronunciation (표준 발음법) in Hangul, from the same engine as title_rr.
        "title_pronunciation": pronounce(song.title_ko).text if song.title_ko else None,
        "artist": song.artist,
        "artist_ko": song.artist_ko,
        "released": song.released,
        "album": song.album,
        "added": song.added.isoformat(),
        "collections": list(song.collections),
        "moods": list(song.moods),
        "note": song.note,
        # Built by hand: a model_dump per link costs a third of the time for 10,000 songs.
        "links": [{"kind": link.kind, "url": link.url, "label": link.label} for link in song.links],
        "sources": [{"url": source.url, "facts": list(source.facts)} for source in song.sources],
        "url": urls.song_url(site, song.id),
        "feed_id": urls.tag_uri(site, song.id),
    }
    if song.study is not None:
        entry["study"] = song.study.model_dump(mode="json")
    return entry


def render_catalog_json(catalog: Catalog, newest: Sequence[Song] | None = None) -> bytes:
    """The whole catalog as a static JSON API, songs newest first, one song per line."""
    site = catalog.site
    songs = catalog.newest_first() if newest is None else newest
    document = {
        "version": CATALOG_JSON_VERSION,
        "site": {
            "title": site.title,
            "description": site.description,
            "url": site.url,
            "language": site.language,
            "author": site.author.model_dump(mode="json"),
        },
        "feeds": {
            "rss": urls.feed_url(site, urls.RSS_FILE),
            "atom": urls.feed_url(site, urls.ATOM_FILE),
            "json": urls.feed_url(site, urls.JSON_FEED_FILE),
            "opml": urls.feed_url(site, urls.OPML_FILE),
        },
        "collections": [
            {
                "id": c.id,
                "title": c.title,
                "description": c.description,
                "url": urls.collection_url(site, c.id),
                "rss": urls.feed_url(site, urls.collection_rss(c.id)),
                "json": urls.feed_url(site, urls.collection_json_feed(c.id)),
            }
            for c in catalog.collections
        ],
        # Songs taken out for good (cryfeed remove): their ids are never used again.
        "removed": [
            {"id": r.id, "reason": r.reason, "removed": r.removed.isoformat()}
            for r in catalog.removed
        ],
        "songs": [catalog_song(s, site) for s in songs],
    }
    return dumps_one_row_per_line(document, "songs")


# ---------------------------------------------------------------- everything at once


def render_feeds(catalog: Catalog) -> dict[str, bytes]:
    """Every file of the feeds folder, by path relative to it."""
    newest = catalog.newest_first()  # sorting 10,000 songs once, not twice
    specs = feed_specs(catalog, newest)
    items = _Items(catalog)
    files: dict[str, bytes] = {}
    site = catalog.site
    for spec in specs:
        renderers = [(spec.rss_file, render_rss), (spec.json_file, render_json_feed)]
        if spec.atom_file is not None:
            renderers.insert(1, (spec.atom_file, render_atom))
        for feed_file, render in renderers:
            for path, document in documents(site, spec, feed_file).items():
                files[path] = render(catalog, spec, items, path=path, document=document)
    files[urls.OPML_FILE] = render_opml(catalog, specs)
    files[urls.CATALOG_FILE] = render_catalog_json(catalog, newest)
    return files

