"""JSON Feed 1.1 and the static JSON API (catalog.json, its pages and one file per song)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pydantic_core

from cryfeed import archives, urls
from cryfeed.feeds.spec import Document, FeedSpec, Item, _Items
from cryfeed.jsonfeed import (
    JsonFeed,
    JsonFeedAuthor,
    JsonFeedHub,
    dumps_encoded_rows,
    dumps_one_row_per_line,
)
from cryfeed.korean import pronounce
from cryfeed.models import Catalog, Collection, Removed, Site, Song

# 2: sources became objects {url, facts}. 3: catalog.json is an index (paged) and each song
# has its own document, feeds/songs/<id>.json.
CATALOG_JSON_VERSION = 3
CATALOG_PAGE_SIZE = 1000  # songs per full index page; fixed, like feed_limit for archives


def json_feed_item(item: Item) -> bytes:
    """One JSON Feed item, one line, as JsonFeedItem would dump it (built by hand: a model
    per item and document cost more than the rest of the JSON Feed together)."""
    row = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": item.published.isoformat(),
        "tags": list(dict.fromkeys(c.title for c in item.categories)),
    }
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


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
        items=[],
    )
    rows = [items.serialize(song, "json", json_feed_item) for song in document.songs]
    return dumps_encoded_rows(feed.model_dump(mode="json", exclude_none=True), "items", rows)


class _Korean:
    """Each Korean title's romanization and pronunciation, worked out once per render."""

    def __init__(self) -> None:
        self.romanized: dict[str, str] = {}
        self.pronounced: dict[str, str] = {}

    def romanize(self, song: Song) -> str | None:
        if not song.title_ko:
            return None
        found = self.romanized.get(song.title_ko)
        if found is None:
            found = self.romanized[song.title_ko] = song.title_rr or ""
        return found

    def pronounce(self, song: Song) -> str | None:
        if not song.title_ko:
            return None
        found = self.pronounced.get(song.title_ko)
        if found is None:
            found = self.pronounced[song.title_ko] = pronounce(song.title_ko).text
        return found


def catalog_song(song: Song, site: Site, korean: _Korean | None = None) -> dict[str, Any]:
    """A song's document in the static JSON API: its public fields plus the computed ones.

    The nested models (links, sources, study) stay models: pydantic_core.to_json writes them
    in field order, in Rust, with no Python dict built for them.
    """
    korean = korean or _Korean()
    entry: dict[str, Any] = {
        "version": CATALOG_JSON_VERSION,
        "id": song.id,
        "title": song.title,
        "title_ko": song.title_ko,
        "title_rr": korean.romanize(song),
        # The standard pronunciation (표준 발음법) in Hangul, from the same engine as title_rr.
        "title_pronunciation": korean.pronounce(song),
        "artist": song.artist,
        "artist_ko": song.artist_ko,
        "released": song.released,
        "album": song.album,
        "added": song.added.isoformat(),
        "collections": song.collections,
        "moods": song.moods,
        "note": song.note,
        "links": song.links,
        "sources": song.sources,
        "url": urls.song_url(site, song.id),
        "feed_id": urls.tag_uri(site, song.id),
        "catalog": urls.feed_url(site, urls.CATALOG_FILE),
    }
    if song.study is not None:
        entry["study"] = song.study
    return entry


def render_song_json(song: Song, site: Site, korean: _Korean | None = None) -> bytes:
    """feeds/songs/<id>.json: one song in full, on one line like a row of the index (indented,
    10,000 songs took 40% more bytes and time)."""
    return pydantic_core.to_json(catalog_song(song, site, korean)) + b"\n"


def index_entry(song: Song, site: Site, korean: _Korean) -> dict[str, Any]:
    """A song in the catalog index: enough to choose it, and where its document is."""
    return {
        "id": song.id,
        "title": song.title,
        "title_ko": song.title_ko,
        "title_rr": korean.romanize(song),
        "artist": song.artist,
        "artist_ko": song.artist_ko,
        "released": song.released,
        "added": song.added.isoformat(),
        "collections": list(song.collections),
        "moods": list(song.moods),
        "url": urls.song_url(site, song.id),
        "json": urls.feed_url(site, urls.song_json_file(song.id)),
    }


def render_catalog_json(catalog: Catalog, newest: Sequence[Song] | None = None) -> dict[str, bytes]:
    """The static JSON API, by path under feeds/: the index (catalog.json and its full
    pages) and one document per song (see "catalog.json" in the README).

    The index is cut like the feed archives: full pages of CATALOG_PAGE_SIZE songs, oldest
    first, that never change once full; catalog.json lists them and holds the newer songs.
    At about 500 bytes a song, no file a client downloads grows past about half a MB.
    """
    site = catalog.site
    songs = catalog.newest_first() if newest is None else newest
    korean = _Korean()
    pages, newer = catalog_pages(songs)
    files: dict[str, bytes] = {}
    files[urls.CATALOG_FILE] = render_catalog_index(
        site, catalog.collections, catalog.removed, len(pages), newer, korean
    )
    for number, page_songs in pages:
        files[urls.catalog_page_file(number)] = render_catalog_page(
            site, number, page_songs, korean
        )
    for song in songs:
        files[urls.song_json_file(song.id)] = render_song_json(song, site, korean)
    return files


def catalog_pages(
    newest: Sequence[Song],
) -> tuple[list[tuple[int, tuple[Song, ...]]], tuple[Song, ...]]:
    """The index's full pages (oldest first) and the newer songs catalog.json itself holds."""
    pages = archives.pages(newest, CATALOG_PAGE_SIZE)
    return pages, tuple(newest[: len(newest) - len(pages) * CATALOG_PAGE_SIZE])


def render_catalog_index(
    site: Site,
    collections: Sequence[Collection],
    removed: Sequence[Removed],
    page_count: int,
    newer: Sequence[Song],
    korean: _Korean | None = None,
) -> bytes:
    """catalog.json: the site, its feeds and collections, the tombstones, the addresses of
    the full pages and the songs newer than them (see render_catalog_json)."""
    korean = korean or _Korean()
    head = {
        "version": CATALOG_JSON_VERSION,
        "site": {
            "title": site.title,
            "description": site.description,
            "url": site.url,
            "language": site.language,
            "author": site.author.model_dump(mode="json"),
            # Item ids are tag:<tag_authority>:song:<id> (every song's feed_id).
            "tag_authority": site.tag_authority,
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
            for c in collections
        ],
        # Songs taken out for good (cryfeed remove): their ids are never used again.
        "removed": [
            {"id": r.id, "reason": r.reason, "removed": r.removed.isoformat()} for r in removed
        ],
        # The older songs, in full pages of CATALOG_PAGE_SIZE, oldest page first.
        "pages": [
            urls.feed_url(site, urls.catalog_page_file(number))
            for number in range(1, page_count + 1)
        ],
        "songs": [index_entry(song, site, korean) for song in newer],
    }
    return dumps_one_row_per_line(head, "songs")


def render_catalog_page(
    site: Site, number: int, songs: Sequence[Song], korean: _Korean | None = None
) -> bytes:
    """catalog/<number>.json: one full page of the index, its songs newest first."""
    korean = korean or _Korean()
    page = {
        "version": CATALOG_JSON_VERSION,
        "catalog": urls.feed_url(site, urls.CATALOG_FILE),
        "page": number,
        "songs": [index_entry(song, site, korean) for song in songs],
    }
    return dumps_one_row_per_line(page, "songs")
