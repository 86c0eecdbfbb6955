"""Pure feed renderers: RSS 2.0 and Atom (feedgen), JSON Feed 1.1, OPML and the JSON API.

The formats share what spec.py computes (FeedSpec, Document, Item and the item text);
xml_feeds.py writes RSS, Atom and OPML, json_feeds.py JSON Feed and the static JSON API
(catalog.json, its pages, one document per song)
(cryfeed/jsonfeed.py holds JSON Feed's model); plan.py lists every file with what its bytes
are made from, so a memo can keep the files whose inputs are the same (cryfeed.feed_memo).

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

from cryfeed.feeds.json_feeds import (
    CATALOG_JSON_VERSION,
    CATALOG_PAGE_SIZE,
    catalog_song,
    json_feed_item,
    render_catalog_json,
    render_json_feed,
    render_song_json,
)
from cryfeed.feeds.plan import Output, feed_outputs
from cryfeed.feeds.spec import (
    Document,
    FeedSpec,
    Item,
    documents,
    feed_date,
    feed_specs,
    item_html,
    item_title,
    note_html,
    with_korean,
)
from cryfeed.feeds.xml_feeds import (
    GENERATOR,
    atom_entry,
    render_atom,
    render_opml,
    render_rss,
    rss_item,
)
from cryfeed.models import Catalog

__all__ = [
    "CATALOG_JSON_VERSION",
    "CATALOG_PAGE_SIZE",
    "GENERATOR",
    "Document",
    "FeedSpec",
    "Item",
    "Output",
    "atom_entry",
    "catalog_song",
    "documents",
    "feed_date",
    "feed_outputs",
    "feed_specs",
    "item_html",
    "item_title",
    "json_feed_item",
    "note_html",
    "render_atom",
    "render_catalog_json",
    "render_feeds",
    "render_json_feed",
    "render_opml",
    "render_rss",
    "render_song_json",
    "rss_item",
    "with_korean",
]


def render_feeds(catalog: Catalog) -> dict[str, bytes]:
    """Every file of the feeds folder, by path relative to it."""
    return {output.path: output.render() for output in feed_outputs(catalog)}
