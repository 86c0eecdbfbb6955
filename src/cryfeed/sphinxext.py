"""Sphinx extension: feed autodiscovery links in every page head, and the `vocab` role.

Load it with `extensions = [..., "cryfeed.sphinxext"]` (book/_config.yml does).
"""

from __future__ import annotations

import functools
import html
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from cryfeed.myst import PAGE_LINK_CLASS
from cryfeed.urls import FEEDS_FOLDER
from cryfeed.writer import write_files

logger = logging.getLogger(__name__)

# Static files the extension adds to every book (cryfeed.js).
ASSETS = Path(__file__).parent / "templates"

# (file under feeds/, MIME type, what the reader shows)
SITE_FEEDS = (
    ("rss.xml", "application/rss+xml", "RSS"),
    ("atom.xml", "application/atom+xml", "Atom"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)
COLLECTION_FEEDS = (
    ("xml", "application/rss+xml", "RSS"),
    ("json", "application/feed+json", "JSON Feed"),
)


def feed_links(pagename: str, title: str, page_title: str, pathto: Any) -> str:
    """The <link rel="alternate"> elements of a page: the site feeds, and on a collection
    page that collection's feeds first (readers offer the first one)."""
    found = []
    folder, _, collection = pagename.partition("/")
    if folder == "collections" and collection:
        found = [
            (f"{FEEDS_FOLDER}/collections/{collection}.{suffix}", kind, f"{page_title} ({label})")
            for suffix, kind, label in COLLECTION_FEEDS
        ]
    found += [
        (f"{FEEDS_FOLDER}/{name}", kind, f"{title} ({label})") for name, kind, label in SITE_FEEDS
    ]
    return "".join(
        f'<link rel="alternate" type="{kind}" title="{html.escape(text)}" '
        f'href="{html.escape(pathto(path, resource=True))}" />\n'
        for path, kind, text in found
    )


def _add_feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    title = app.config.html_title or app.config.project
    page_title = app.env.titles[pagename].astext() if pagename in app.env.titles else title
    context["metatags"] = context.get("metatags", "") + feed_links(
        pagename, title, page_title, context["pathto"]
    )


def _escape_theme_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # sphinx-book-theme 1.3 puts title.astext() into the page unescaped (<h1>{{ pagetitle }}
    # in its print header), so a title holding "<script>" would become markup.
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key], quote=False)


# Sidebar HTML of pages outside the table of contents, by folder depth and arguments.
_ORPHAN_SIDEBARS: dict[tuple[Any, ...], Any] = {}


def _forget_sidebars(app: Sphinx) -> None:
    _ORPHAN_SIDEBARS.clear()


def _share_orphan_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give templates cryfeed_sidebar: the sidebar, rendered once per folder depth for
    all pages outside the table of contents (book/_templates/sbt-sidebar-nav.html).

    pydata-sphinx-theme rebuilds the sidebar toctree (and parses it with BeautifulSoup)
    for every page, twice counting its check for empty templates: with a thousand songs
    that is most of the writing time. A page outside the table of contents has no
    "current" entry, so its sidebar depends only on how deep the page lies (relative
    links), and pages at the same depth can share it.
    """
    in_toc = {child for children in app.env.toctree_includes.values() for child in children}
    orphan = pagename not in in_toc and pagename != app.config.root_doc
    depth = pagename.count("/")

    def sidebar(**options: Any) -> Any:
        generate = context["generate_toctree_html"]  # set by pydata-sphinx-theme
        if not orphan:
            return generate(**options)
        key = (depth, tuple(sorted(options.items())))
        if key not in _ORPHAN_SIDEBARS:
            # As text: the theme returns a BeautifulSoup tree, which the template would
            # serialize again on every page (twice, counting the theme's emptiness check).
            _ORPHAN_SIDEBARS[key] = str(generate(**options))
        return _ORPHAN_SIDEBARS[key]

    context["cryfeed_sidebar"] = sidebar


def _check_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """Links between book pages (cryfeed.myst.page_link): each must name a page of the
    book; it becomes an ordinary internal link, as a cross-reference would have."""
    docname = app.env.docname
    folder = posixpath.dirname(docname)
    for reference in doctree.findall(nodes.reference):
        if PAGE_LINK_CLASS not in reference["classes"]:
            continue
        address, _, _fragment = reference["refuri"].partition("#")
        target = posixpath.normpath(posixpath.join(folder, unquote(address)))
        if not target.endswith(".html") or target[: -len(".html")] not in app.env.found_docs:
            logger.warning(
                "link to %s, which is not a page of the book", address, location=reference
            )
        reference["classes"] = [
            name for name in reference["classes"] if name not in (PAGE_LINK_CLASS, "external")
        ]
        reference["internal"] = True


def _remember_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Stem each word once per build, not once per page.

    Sphinx's search indexer memoizes its stemmer only within a page, so the same few
    thousand words went through the Porter stemmer again on every one of a thousand
    pages. The stemmer is a pure function of the word: the index stays the same.
    """
    indexer = getattr(app.builder, "indexer", None)
    language = getattr(indexer, "lang", None)
    if language is None or getattr(language, "_cryfeed_cached", False):
        return
    language.stem = functools.lru_cache(maxsize=None)(language.stem)
    language._cryfeed_cached = True


class VocabRole(SphinxRole):
    """{vocab}`word`: a glossary link whose word may hold any punctuation.

    cryfeed.myst.vocab_role percent-encodes the few characters a role cannot hold, so
    the word reaches the std domain's term lookup exactly as the glossary wrote it.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        word = unquote(self.text)
        reference = addnodes.pending_xref(
            self.rawtext,
            refdomain="std",
            reftype="term",
            reftarget=word,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        reference += nodes.inline(word, word, classes=["xref", "std", "std-term"])
        self.set_source_info(reference)
        return [reference], []


def _add_assets(app: Sphinx) -> None:
    # A new list: Sphinx's default html_static_path is shared by every build in a process.
    app.config.html_static_path = [*app.config.html_static_path, str(ASSETS)]


def _write_root_page(app: Sphinx, exception: Exception | None) -> None:
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
    target = f"{root}.html"
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


def _trust_multitoc_numbering(app: Sphinx) -> None:
    # sphinx-external-toc always loads sphinx-multitoc-numbering, which declares nothing
    # about parallel builds, so Sphinx would read serially. It only renumbers toctrees
    # in the main process after reading; with use_multitoc_numbering off it does nothing.
    extension = app.extensions.get("sphinx_multitoc_numbering")
    if extension is not None and not app.config.use_multitoc_numbering:
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _trust_multitoc_numbering)
    app.connect("builder-inited", _add_assets)
    app.add_js_file("cryfeed.js", defer="defer")
    # Before sphinx-external-toc's ensure_index_file (default priority 500).
    app.connect("build-finished", _write_root_page, priority=400)
    app.connect("builder-inited", _forget_sidebars)
    app.connect("html-page-context", _share_orphan_sidebar)
    app.add_role("vocab", VocabRole())
    app.connect("doctree-read", _check_page_links)
    # Runs after a page's references are resolved, before the page is indexed.
    app.connect("doctree-resolved", _remember_stems)
    app.connect("html-page-context", _add_feed_links)
    # After sphinx-book-theme's own handler (default priority 500) has set the titles.
    app.connect("html-page-context", _escape_theme_titles, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
