"""Every feeds file as an Output: its path, what its bytes are made from, its renderer."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

from cryfeed import urls
from cryfeed.feeds.json_feeds import (
    _Korean,
    catalog_pages,
    render_catalog_index,
    render_catalog_page,
    render_json_feed,
    render_song_json,
)
from cryfeed.feeds.spec import _Items, documents, feed_specs
from cryfeed.feeds.xml_feeds import render_atom, render_opml, render_rss
from cryfeed.models import Catalog


@dataclass(frozen=True)
class Output:
    """One file of the feeds folder, not rendered yet.

    render() reads nothing but `inputs` and cryfeed's code: the songs, site and collection
    facts the file shows, and its place among the other files (its path, page number,
    RFC 5005 links). So the bytes are the same whenever the inputs are, and a memo may keep
    them (cryfeed.feed_memo). What makes that hold: the renderers get a catalog without its
    songs, a feed's spec without its songs, and the songs the file holds only through the
    objects listed in `inputs`; the caches they share (_Items, _Korean) only remember what
    a song's own inputs give.
    """

    path: str  # relative to feeds/
    inputs: tuple[object, ...]
    render: Callable[[], bytes]


def feed_outputs(catalog: Catalog) -> list[Output]:
    """Every file `render_feeds` makes, in its order: each feed's documents (RSS, Atom,
    JSON Feed, with their archive pages), the OPML list, the JSON API."""
    site = catalog.site
    newest = catalog.newest_first()  # sorting 10,000 songs once
    specs = feed_specs(catalog, newest)
    items = _Items(catalog)
    # What a renderer sees of the catalog: its site and collections, not one song (those
    # reach it through an output's inputs only), nor the tombstones.
    bare = catalog.model_copy(update={"songs": [], "removed": []})
    heads = tuple(dataclasses.replace(spec, songs=(), history=()) for spec in specs)
    outputs: list[Output] = []
    for spec, head in zip(specs, heads, strict=True):
        renderers = [(spec.rss_file, "rss", render_rss), (spec.json_file, "json", render_json_feed)]
        if spec.atom_file is not None:
            renderers.insert(1, (spec.atom_file, "atom", render_atom))
        for feed_file, kind, render in renderers:
            for path, document in documents(site, spec, feed_file).items():
                # An item shows its song and the collections the song names (their titles).
                categories = tuple(items.categories(song) for song in document.songs)
                outputs.append(
                    Output(
                        path,
                        (kind, site, head, document, categories),
                        functools.partial(render, bare, head, items, path=path, document=document),
                    )
                )
    outputs.append(
        Output(urls.OPML_FILE, ("opml", site, heads), functools.partial(render_opml, bare, heads))
    )
    korean = _Korean()
    pages, newer = catalog_pages(newest)
    collections, removed = tuple(catalog.collections), tuple(catalog.removed)
    outputs.append(
        Output(
            urls.CATALOG_FILE,
            ("catalog", site, collections, removed, len(pages), newer),
            functools.partial(
                render_catalog_index, site, collections, removed, len(pages), newer, korean
            ),
        )
    )
    for number, songs in pages:
        outputs.append(
            Output(
                urls.catalog_page_file(number),
                ("catalog-page", site, number, songs),
                functools.partial(render_catalog_page, site, number, songs, korean),
            )
        )
    for song in newest:
        outputs.append(
            Output(
                urls.song_json_file(song.id),
                ("song", site, song),
                functools.partial(render_song_json, song, site, korean),
            )
        )
    return outputs
