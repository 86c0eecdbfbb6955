"""sitemap.xml and robots.txt for search engines, beside the pages.

Written here rather than by sphinx-sitemap (2.9), which lists the pages Sphinx wrote
during this build, in the order worker processes sent them: an incremental build
(`cryfeed build` after an append, and the rendered pages, which are written only when they
changed) would publish a sitemap missing every unchanged page (sphinx-sitemap#13, open
since 2018), and a parallel build would order it differently each time. Here the list is
the book's pages as the environment knows them (Sphinx's documents and cryfeed's rendered
pages), sorted: complete on every build and the same bytes for the same book.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.util import logging

from cryfeed import urls
from cryfeed.sphinxext.state import state
from cryfeed.text import url
from cryfeed.writer import write_files

logger = logging.getLogger(__name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def render_sitemap(base_url: str, docnames: Iterable[str]) -> bytes:
    """The sitemaps.org document listing each page (by document name) under base_url
    (ending in /), sorted, once. No <lastmod>: the book keeps no dates of its pages, and
    the build reads no clock."""
    entries = "".join(
        f"<url><loc>{escape(base_url + url(urls.page(docname)))}</loc></url>\n"
        for docname in sorted(set(docnames))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NAMESPACE}">\n{entries}</urlset>\n'
    ).encode()


def render_robots(base_url: str) -> bytes:
    """robots.txt: every page may be crawled; the sitemap's absolute address.

    Crawlers read robots.txt only at the root of a host, so for a site in a folder
    (https://USER.github.io/REPO/) this file is there for completeness; README says to
    submit the sitemap's address to the search engines instead."""
    return (
        f"# {base_url}\nUser-agent: *\nDisallow:\n\n"
        f"Sitemap: {base_url}{urls.SITEMAP_FILE}\n"
    ).encode()


def book_pages(app: Sphinx) -> set[str]:
    """Every page of the book by document name: Sphinx's documents (orphans too) and the
    pages cryfeed rendered; not the search, index or 404 pages, which are no content."""
    return set(app.env.found_docs) | set(state(app).pages)


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Write sitemap.xml and robots.txt (build-finished), only when they changed."""
    if exception is not None or app.builder.format != "html":
        return
    base_url = app.config.html_baseurl
    if not base_url:
        logger.warning("html_baseurl is not set: no sitemap.xml (cryfeed build sets it)")
        return
    base_url = base_url.rstrip("/") + "/"
    write_files(
        app.outdir,
        {
            urls.SITEMAP_FILE: render_sitemap(base_url, book_pages(app)),
            urls.ROBOTS_FILE: render_robots(base_url),
        },
    )
