"""Feed autodiscovery: <link rel="alternate"> on every page, and a site index.html that
offers the feeds to a reader given the site's address."""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from cryfeed import urls
from cryfeed.writer import write_files

# (file under feeds/, MIME type, what the reader shows)
SITE_FEEDS = (
    (urls.RSS_FILE, urls.RSS_TYPE, "RSS"),
    (urls.ATOM_FILE, urls.ATOM_TYPE, "Atom"),
    (urls.JSON_FEED_FILE, urls.JSON_FEED_TYPE, "JSON Feed"),
)


def feed_links(pagename: str, title: str, page_title: str, pathto: Any) -> str:
    """The <link rel="alternate"> elements of a page: the site feeds, and on a collection
    page that collection's feeds first (readers offer the first one)."""
    found = []
    collection = pagename.partition("/")[2]
    if collection and pagename == urls.collection_doc(collection):
        found = [
            (urls.collection_rss(collection), urls.RSS_TYPE, f"{page_title} (RSS)"),
            (
                urls.collection_json_feed(collection),
                urls.JSON_FEED_TYPE,
                f"{page_title} (JSON Feed)",
            ),
        ]
    found += [(name, kind, f"{title} ({label})") for name, kind, label in SITE_FEEDS]
    return "".join(
        f'<link rel="alternate" type="{kind}" title="{html.escape(text)}" '
        f'href="{html.escape(pathto(f"{urls.FEEDS_FOLDER}/{path}", resource=True))}" />\n'
        for path, kind, text in found
    )


def add_feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    title = app.config.html_title or app.config.project
    page_title = app.env.titles[pagename].astext() if pagename in app.env.titles else title
    context["metatags"] = context.get("metatags", "") + feed_links(
        pagename, title, page_title, context["pathto"]
    )


def write_root_page(app: Sphinx, exception: Exception | None) -> None:
    """The site's index.html: a redirect to the root page that also offers the feeds.

    sphinx-external-toc writes a bare redirect when there is no index page; a feed
    reader given the site's address would find no feed in it. Runs first, so that
    sphinx-external-toc sees the file and leaves it alone.
    """
    if exception is not None or app.builder.format != "html":
        return
    root = app.config.root_doc
    if root == "index":
        return
    target = urls.page(root)
    title = html.escape(app.config.html_title or app.config.project)
    links = feed_links("index", app.config.html_title or app.config.project, "", _root_path)
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(app.config.language or "en")}">\n<head>\n'
        '<meta charset="utf-8" />\n'
        f'<meta http-equiv="Refresh" content="0; url={target}" />\n'
        f"<title>{title}</title>\n"
        f"{links}</head>\n"
        f'<body><p><a href="{target}">{title}</a></p></body>\n</html>\n'
    )
    write_files(app.outdir, {"index.html": page.encode("utf-8")})


def _root_path(path: str, resource: bool = False) -> str:
    return path
