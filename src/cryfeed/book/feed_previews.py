"""Feed previews: each subscription feed as a book page, and the Subscribe page's lists.

Browsers show a raw RSS or Atom file as code or a download (they are dropping XSLT), so
every feed link of the book opens a preview instead: the songs the feed holds now, its
address in a field with a copy button, and how to subscribe; the raw file is linked from
there. The songs come from cryfeed.feeds.feed_specs, the very selection the feed files
are rendered from, so a preview lists exactly its feed's items, with their titles.

Previews are rendered pages (cryfeed.book.rendered) like the song pages, one folder deep;
the Subscribe page (book/subscribe.md, hand-written) includes the two MyST lists made
here, SITE_FEEDS_LIST and COLLECTION_FEEDS_LIST.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.html import Html
from cryfeed.book.rendered import page_source
from cryfeed.book.song_pages import href, page_file
from cryfeed.feeds import FeedSpec, feed_specs, item_title
from cryfeed.models import Catalog
from cryfeed.text import plural

# MyST fragments (not pages: Sphinx reads no .inc file as a document) that
# book/subscribe.md includes.
SITE_FEEDS_LIST = "generated/site-feeds.inc"
COLLECTION_FEEDS_LIST = "generated/collection-feeds.inc"
ADDRESS_FIELD = "feed-address"


@dataclass(frozen=True)
class FeedFormat:
    label: str  # "RSS feed": what links to the preview say
    standard: str  # "RSS 2.0"
    about: str  # what it is good for, plain text, lower case (follows a colon)


RSS = FeedFormat("RSS feed", "RSS 2.0", "every feed reader reads it; use this one if unsure")
ATOM = FeedFormat("Atom feed", "Atom 1.0", "the same songs, for readers that prefer Atom")
JSON_FEED = FeedFormat(
    "JSON Feed", "JSON Feed 1.1", "the same songs as JSON, for readers and tools that read it"
)


@dataclass(frozen=True)
class Preview:
    """One feed file and its preview: name is what the feed follows ("The whole catalog",
    or a collection's title), file its path under feeds/."""

    name: str
    spec: FeedSpec
    file: str
    format: FeedFormat

    @property
    def docname(self) -> str:
        return urls.feed_preview_doc(self.file)


def _formats(spec: FeedSpec) -> Iterator[tuple[str, FeedFormat]]:
    yield spec.rss_file, RSS
    if spec.atom_file is not None:
        yield spec.atom_file, ATOM
    yield spec.json_file, JSON_FEED


def previews_by_feed(catalog: Catalog) -> list[list[Preview]]:
    """For each feed (the whole catalog, then each collection in catalog order, as
    feed_specs returns them), the previews of its files: RSS first."""
    specs = feed_specs(catalog)
    names = ["The whole catalog"] + [collection.title for collection in catalog.collections]
    return [
        [Preview(name, spec, file, kind) for file, kind in _formats(spec)]
        for name, spec in zip(names, specs, strict=True)
    ]


def render_preview(preview: Preview, siblings: list[Preview], catalog: Catalog) -> bytes:
    """A feed's preview page: its address to copy, how to subscribe, the songs it holds."""
    site = catalog.site
    zone = ZoneInfo(site.timezone)
    spec = preview.spec
    page = html.Page(f"{preview.name}: {preview.format.label}")
    page.add(
        Html(
            "<p>A preview of this feed, for reading in a browser. To hear of each new song "
            "once, when it is added, subscribe to the feed\N{RIGHT SINGLE QUOTATION MARK}s "
            "address in a feed reader.</p>\n"
        )
    )
    raw = html.external(html.text(preview.file.rpartition("/")[2]), href_feed(preview.file))
    others = [
        page.link(html.text(other.format.label), href(other.docname))
        for other in siblings
        if other is not preview
    ]
    address = [
        html.copy_field(
            ADDRESS_FIELD, "Feed address", urls.feed_url(site, preview.file), "Copy address"
        ),
        Html(f"<p>{html.text(f'{preview.format.standard}: {preview.format.about}.')}</p>\n"),
        Html(
            f"<p>The feed file itself: {raw}. The same feed in another format: "
            f"{html.join(others, ', ')}.</p>\n"
        ),
    ]
    page.section("address", "Address", html.join(address))
    opml = html.external(html.text("the OPML file"), href_feed(urls.OPML_FILE))
    every = page.link(html.text("every feed"), href("subscribe"))
    steps = [
        html.text("Copy the address above."),
        html.text(
            "In your feed reader (NetNewsWire, Feedly, Thunderbird, Newsboat or any "
            "other), choose to add a feed or a subscription, and paste the address."
        ),
        html.text(
            "The reader checks the feed by itself and shows each new song once, with a "
            "link to its page in this book."
        ),
        Html(f"To follow {every} at once, import {opml} into your reader."),
    ]
    page.section("how-to-subscribe", "How to subscribe", html.bullets(steps))
    if spec.songs:
        # Made in the order the page shows them: the page remembers its links so.
        a_to_z = page.link(html.text("A\N{EN DASH}Z list"), href(urls.A_TO_Z_DOC))
        songs = [
            Html(
                page.link(html.text(item_title(song)), href(urls.song_doc(song.id)))
                + f" · added {song.added.astimezone(zone).date().isoformat()}"
            )
            for song in spec.songs
        ]
        held = (
            f"The {plural(len(songs), 'song')} the feed holds now, newest first. It keeps "
            f"the newest {site.feed_limit}; every song of the book is in the"
        )
        listed = Html(f"<p>{html.text(held)} {a_to_z}.</p>\n" + html.bullets(songs))
    else:
        listed = Html("<p>The feed holds no songs yet.</p>\n")
    page.section("in-the-feed-now", "In the feed now", listed)
    description = (
        f"{preview.format.label} of {site.title}: {preview.name}. The songs it holds now, "
        "its address to copy, and how to subscribe."
    )
    return page_file(
        page,
        f"feed-{preview.docname.rpartition('/')[2]}",
        description,
        scripts=(html.COPY_SCRIPT,),
        # Its song titles would make every search for a song find the previews too.
        searchable=False,
    )


def href_feed(feed_file: str) -> str:
    """A link from a page one folder deep to a file of the feeds folder."""
    return f"../{urls.FEEDS_FOLDER}/{feed_file}"


def _preview_link(preview: Preview) -> str:
    return myst.page_link(preview.format.label, preview.docname + ".md")


def render_site_feeds_list(feeds: list[Preview]) -> bytes:
    """The whole catalog's feeds, for the Subscribe page: each links to its preview, and
    to its file."""
    lines = [
        f"- {_preview_link(p)}: {myst.escape(p.format.about)}; the file: "
        + myst.external(p.file, f"{urls.FEEDS_FOLDER}/{p.file}")
        for p in feeds
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_collection_feeds_list(catalog: Catalog, feeds: list[list[Preview]]) -> bytes:
    """Each collection (linked to its page) with its feeds' previews, for the Subscribe page."""
    lines = [
        f"- {myst.page_link(collection.title, urls.collection_doc(collection.id) + '.md')}: "
        + " · ".join(_preview_link(p) for p in previews)
        for collection, previews in zip(catalog.collections, feeds, strict=True)
    ]
    return ("\n".join(lines or ["No collections yet."]) + "\n").encode("utf-8")


def render_feed_previews(catalog: Catalog) -> dict[str, bytes]:
    """Every preview page and the Subscribe page's two lists, by path under book/."""
    by_feed = previews_by_feed(catalog)
    files: dict[str, bytes] = {}
    for siblings in by_feed:
        for preview in siblings:
            files[page_source(preview.docname)] = render_preview(preview, siblings, catalog)
    files[SITE_FEEDS_LIST] = render_site_feeds_list(by_feed[0])
    files[COLLECTION_FEEDS_LIST] = render_collection_feeds_list(catalog, by_feed[1:])
    return files
