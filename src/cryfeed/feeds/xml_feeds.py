"""RSS 2.0 and Atom (feedgen) and OPML 2.0 (lxml), each from a FeedSpec.

feedgen writes each document's head (channel or feed: titles, dates, links, the RFC 5005
and WebSub links); the items are serialized here, once per song, in exactly the bytes
feedgen and lxml write for the same entry (escaping as libxml2 does, feedgen's element
order, pretty-printed at the item's depth), and spliced in before the closing tags. A song
sits in up to a dozen documents (its feeds and their archive pages), and feedgen's entry API
costs about ten times the serialization: at 10,000 songs that was most of `cryfeed feeds`.
tests/test_feeds.py renders every document through feedgen's own entries too and asserts
the bytes are the same (fixture, tricky and generated text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from feedgen.feed import FeedGenerator
from lxml import etree

from cryfeed import archives, urls
from cryfeed.feeds.spec import Document, FeedSpec, Item, _Items, feed_date
from cryfeed.models import Catalog

GENERATOR = "cryfeed"


def _generator(
    catalog: Catalog,
    spec: FeedSpec,
    document: Document,
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
    return feed


# libxml2's escaping when it serializes text and attribute values (lxml, so feedgen).
# Chained str.replace, not str.translate: translate maps character by character through a
# dict, over ten times slower on these (mostly non-ASCII) strings.
_RSS_CLOSE = b"  </channel>\n</rss>\n"
_ATOM_CLOSE = b"</feed>\n"


def _text(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def _attribute(value: str) -> str:
    value = _text(value).replace('"', "&quot;")
    if "\n" in value or "\t" in value:
        value = value.replace("\n", "&#10;").replace("\t", "&#9;")
    return value


def _rfc822(moment: datetime) -> str:
    # feedgen's formatRFC2822 (strftime in the C locale), without its two setlocale calls.
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        + moment.strftime("%Y %H:%M:%S %z")
    )


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rss_item(item: Item, scheme: str) -> bytes:
    """One <item> as feedgen's FeedEntry.rss_entry() and lxml's pretty print write it inside
    <rss><channel>: title, link, description (the escaped HTML), guid, categories, pubDate."""
    lines = [
        "    <item>",
        f"      <title>{_text(item.title)}</title>",
        f"      <link>{_text(item.url)}</link>",
        f"      <description>{_text(item.content_html)}</description>",
        f'      <guid isPermaLink="false">{_text(item.id)}</guid>',
    ]
    for collection in item.categories:
        lines.append(
            f'      <category domain="{_attribute(scheme)}">{_text(collection.title)}</category>'
        )
    lines.append(f"      <pubDate>{_rfc822(item.published)}</pubDate>")
    lines.append("    </item>\n")
    return "\n".join(lines).encode("utf-8")


def atom_entry(item: Item, scheme: str) -> bytes:
    """One <entry> as feedgen's FeedEntry.atom_entry() and lxml's pretty print write it inside
    <feed>. feedgen drops the link's rel (alternate is Atom's default, so nothing is lost)."""
    published = item.published.isoformat()
    lines = [
        "  <entry>",
        f"    <id>{_text(item.id)}</id>",
        f"    <title>{_text(item.title)}</title>",
        f"    <updated>{published}</updated>",
        f'    <content type="html">{_text(item.content_html)}</content>',
        f'    <link href="{_attribute(item.url)}"/>',
    ]
    for collection in item.categories:
        label = f' label="{_attribute(collection.title)}"' if collection.title else ""
        lines.append(
            f'    <category term="{_attribute(collection.id)}" scheme="{_attribute(scheme)}"'
            f"{label}/>"
        )
    lines.append(f"    <published>{published}</published>")
    lines.append("  </entry>\n")
    return "\n".join(lines).encode("utf-8")


def _splice(head: bytes, close: bytes, entries: list[bytes]) -> bytes:
    """The items before the closing tags of a head that feedgen wrote without any."""
    if not head.endswith(close):
        raise ValueError("feedgen wrote an unexpected document end")  # a new feedgen layout
    return b"".join([head[: -len(close)], *entries, close])


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
    items = items or _Items(catalog)
    scheme = urls.absolute(catalog.site, "collections/")
    entries = [
        items.serialize(song, "rss", lambda item: rss_item(item, scheme)) for song in document.songs
    ]
    head = bytes(_generator(catalog, spec, document, url, "rss").rss_str(pretty=True))
    return _splice(head, _RSS_CLOSE, entries) if entries else head


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
    items = items or _Items(catalog)
    scheme = urls.absolute(catalog.site, "collections/")
    entries = [
        items.serialize(song, "atom", lambda item: atom_entry(item, scheme))
        for song in document.songs
    ]
    head = bytes(_generator(catalog, spec, document, url, "atom").atom_str(pretty=True))
    return _splice(head, _ATOM_CLOSE, entries) if entries else head


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
