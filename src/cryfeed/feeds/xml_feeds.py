"""RSS 2.0 and Atom (feedgen) and OPML 2.0 (lxml), each from a FeedSpec."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from feedgen.feed import FeedGenerator
from lxml import etree

from cryfeed import archives, urls
from cryfeed.feeds.spec import Document, FeedSpec, _Items, feed_date
from cryfeed.models import Catalog

GENERATOR = "cryfeed"


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
