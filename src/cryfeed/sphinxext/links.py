"""Links between book pages: checked against the book's pages; glossary index entries.

Three kinds reach Sphinx: MyST links written by cryfeed.book.myst.page_link (a reference
with the class PAGE_LINK_CLASS), HTML blocks written by cryfeed.book.html on MyST pages
(raw text: html.page_links_in reads their links), and rendered pages (which carry their
links). A link to no page of the book is a warning, so the build fails.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Container, Iterable, Iterator
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from cryfeed.book.html import page_links_in
from cryfeed.book.myst import PAGE_LINK_CLASS
from cryfeed.book.rendered import RenderedPage, page_source
from cryfeed.sphinxext.state import state

logger = logging.getLogger(__name__)


class BookPages(Container[str]):
    """The document names of every page of the book: Sphinx's own and the rendered ones."""

    def __init__(self, app: Sphinx) -> None:
        self.found = app.env.found_docs
        self.rendered = state(app).pages

    def __contains__(self, docname: object) -> bool:
        return docname in self.found or docname in self.rendered


def missing_links(pages: Container[str], folder: str, addresses: Iterable[str]) -> Iterator[str]:
    """The addresses (of .html pages, relative to a page in folder, #fragment removed)
    that name none of pages (document names)."""
    for address in addresses:
        path = posixpath.normpath(posixpath.join(folder, unquote(address)))
        if not (path.endswith(".html") and path.removesuffix(".html") in pages):
            yield address


def check_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """Links between book pages on a MyST page: each must name a page of the book; a
    page_link becomes an ordinary internal link, as a cross-reference would have."""
    pages = BookPages(app)
    folder = posixpath.dirname(app.env.docname)
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            for address in missing_links(pages, folder, page_links_in(raw.astext())):
                logger.warning("link to %s, which is not a page of the book", address, location=raw)
    for reference in doctree.findall(nodes.reference):
        if PAGE_LINK_CLASS not in reference["classes"]:
            continue
        address = reference["refuri"].partition("#")[0]
        for missing in missing_links(pages, folder, [address]):
            logger.warning(
                "link to %s, which is not a page of the book", missing, location=reference
            )
        reference["classes"] = [
            name for name in reference["classes"] if name not in (PAGE_LINK_CLASS, "external")
        ]
        reference["internal"] = True


def check_rendered_links(app: Sphinx, docname: str, page: RenderedPage) -> bool:
    """Each link from a rendered page to another page of the book must find that page,
    as check_page_links demands of MyST pages. True when every one did."""
    missing = list(missing_links(BookPages(app), posixpath.dirname(docname), page.links))
    for address in missing:
        logger.warning(
            "%s: link to %s, which is not a page of the book", page_source(docname), address
        )
    return not missing


class GlossaryIndex(SphinxDirective):
    """The index entries of a glossary page's terms, at their stable anchors
    (cryfeed.book.index.vocab_anchor): one JSON line of [anchor, term] pairs, written by
    cryfeed.book.glossary, whose terms are an HTML block. Sphinx's glossary directive
    made the same entries (for its general index and the search results) at its serial
    term ids, which shifted with every new word."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        terms = json.loads("\n".join(self.content))
        entries = [("single", term, anchor, "main", None) for anchor, term in terms]
        return [addnodes.index(entries=entries)]
