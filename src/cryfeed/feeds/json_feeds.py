"""JSON Feed 1.1 and catalog.json, the static JSON API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cryfeed import urls
from cryfeed.feeds.spec import Document, FeedSpec, _Items
from cryfeed.jsonfeed import (
    JsonFeed,
    JsonFeedAuthor,
    JsonFeedHub,
    JsonFeedItem,
    dumps_one_row_per_line,
)
from cryfeed.korean import pronounce
from cryfeed.models import Catalog, Site, Song

CATALOG_JSON_VERSION = 2  # 2: sources became objects {url, facts}


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


def catalog_song(song: Song, site: Site) -> dict[str, Any]:
    """One song in catalog.json: its public fields plus the computed ones."""
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
