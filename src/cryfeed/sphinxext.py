"""Sphinx extension: pages rendered by cryfeed, feed autodiscovery, checked page links.

Load it with `extensions = [..., "cryfeed.sphinxext"]` (book/_config.yml does).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from cryfeed.book import vocab_anchor
from cryfeed.markup import plain
from cryfeed.myst import PAGE_LINK_CLASS
from cryfeed.pages import FORMAT, RenderedPage, find_pages, page_source
from cryfeed.urls import FEEDS_FOLDER
from cryfeed.writer import atomic_write, write_files

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
    book; it becomes an ordinary internal link, as a cross-reference would have. Links in
    HTML blocks (cryfeed.myst.html_block) must name a page of the book too."""
    docname = app.env.docname
    folder = posixpath.dirname(docname)
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            for address in _missing_links(app, folder, raw.astext()):
                logger.warning(
                    "link to %s, which is not a page of the book", address, location=raw
                )
    for reference in doctree.findall(nodes.reference):
        if PAGE_LINK_CLASS not in reference["classes"]:
            continue
        address, _, _fragment = reference["refuri"].partition("#")
        target = posixpath.normpath(posixpath.join(folder, unquote(address)))
        if not _is_page(app, target):
            logger.warning(
                "link to %s, which is not a page of the book", address, location=reference
            )
        reference["classes"] = [
            name for name in reference["classes"] if name not in (PAGE_LINK_CLASS, "external")
        ]
        reference["internal"] = True


def _is_page(app: Sphinx, path: str) -> bool:
    """Whether path (from the book's root, to an .html file) is a page of the book."""
    page = posixpath.normpath(path).removesuffix(".html")
    return path.endswith(".html") and (page in app.env.found_docs or page in _PAGES)


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


# ---------------------------------------------------------------- rendered pages
# Song and artist pages arrive as HTML from cryfeed.book (see cryfeed.pages).

# {docname: file} of the book's rendered pages; found when the builder starts, so the
# reading workers (forked after) can check links to them.
_PAGES: dict[str, Path] = {}
# Beside the HTML: what each rendered page was last written from.
MANIFEST = ".cryfeed-pages.json"


def _find_pages(app: Sphinx) -> None:
    _PAGES.clear()
    _PAGES.update(find_pages(Path(app.srcdir)))


def _write_stale_pages(app: Sphinx, env: Any) -> list[str]:
    """Make Sphinx write when only rendered pages changed.

    Sphinx stops before its writing phase (and html-collect-pages) when none of its own
    pages is out of date, so a song whose note alone changed would keep its old HTML.
    A rendered page file newer than the manifest, or a page added or removed since, asks
    Sphinx to write the root page, which carries the build through to _collect_pages.
    """
    manifest = Path(app.outdir) / MANIFEST
    try:
        written_at = manifest.stat().st_mtime_ns
        written = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return [app.config.root_doc] if _PAGES else []
    stale = set(written) != set(_PAGES) or any(
        path.stat().st_mtime_ns > written_at for path in _PAGES.values()
    )
    return [app.config.root_doc] if stale else []


def _anchor_glossary_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Give each glossary term a stable id (cryfeed.book.vocab_anchor) that rendered pages
    link to; Sphinx's own ids for Hangul terms are serial numbers. Ours comes first, so
    the <dt> carries it; Sphinx's stays on an empty <span> for :term: references."""
    if not app.env.docname.startswith("generated/glossary/"):
        return
    for term in doctree.findall(nodes.term):
        anchor = vocab_anchor(term.astext())
        if anchor not in term["ids"]:
            term["ids"].insert(0, anchor)


def _layout_key(app: Sphinx) -> str:
    """What a rendered page's HTML depends on besides its own file: the configuration and
    templates (as Sphinx judges its own pages), the extensions' versions, and the sidebar
    (the chapters in the table of contents and their titles)."""
    builder: Any = app.builder
    env = app.env
    in_toc = sorted(
        {docname for children in env.toctree_includes.values() for docname in children}
        | {app.config.root_doc}
    )
    parts = {
        "format": FORMAT,
        "config": builder.build_info.config_hash,
        "tags": builder.build_info.tags_hash,
        "templates": builder.templates.newest_template_mtime(),
        "extensions": sorted((name, str(ext.version)) for name, ext in app.extensions.items()),
        "toc": sorted((name, list(children)) for name, children in env.toctree_includes.items()),
        "titles": [(name, env.titles[name].astext()) for name in in_toc if name in env.titles],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def _local_toc(page: RenderedPage) -> str:
    """The page's table of contents, as Sphinx renders one for the theme to reshape."""
    items = "".join(
        f'<li><a class="reference internal" href="#{anchor}">{html.escape(title)}</a></li>\n'
        for anchor, title in page.sections
    )
    inner = f"<ul>\n{items}</ul>\n" if items else ""
    return (
        f'<ul>\n<li><a class="reference internal" href="#">{html.escape(page.title)}</a>'
        f"{inner}</li>\n</ul>\n"
    )


def _check_rendered_links(app: Sphinx, docname: str, page: RenderedPage) -> None:
    """Each link from a rendered page to another page of the book must find that page,
    as _check_page_links demands of MyST pages."""
    for address in _missing_links(app, posixpath.dirname(docname), page.body):
        logger.warning(
            "%s: link to %s, which is not a page of the book", page_source(docname), address
        )


def _missing_links(app: Sphinx, folder: str, fragment: str) -> Iterator[str]:
    """The addresses of links between pages (cryfeed.markup.page_link) in HTML from a page
    in folder that name no page of the book."""
    marker = 'class="reference internal" href="'
    start = fragment.find(marker)
    while start != -1:
        start += len(marker)
        end = fragment.index('"', start)
        address = html.unescape(fragment[start:end]).partition("#")[0]
        if not _is_page(app, posixpath.join(folder, unquote(address))):
            yield address
        start = fragment.find(marker, end)


def _search_document(page: RenderedPage) -> nodes.document:
    """A small doctree holding the page's words, for Sphinx's search index."""
    from sphinx.util.docutils import new_document

    document = new_document("")
    section = nodes.section(ids=[page.anchor])
    section += nodes.title(page.title, page.title)
    for section_anchor, title in page.sections:
        part = nodes.section(ids=[section_anchor])
        part += nodes.title(title, title)
        section += part
    section += nodes.paragraph("", plain(page.body))
    document += section
    return document


def _keep_in_search_index(indexer: Any, pages: set[str]) -> None:
    """Sphinx prunes the search index to the pages it read just before dumping it; keep
    the rendered pages too (an instance attribute, so only this build's indexer)."""
    prune = indexer.prune

    def prune_but_keep_pages(docnames: Any) -> None:
        prune(set(docnames) | pages)

    indexer.prune = prune_but_keep_pages


def _collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Hand Sphinx the rendered pages: each goes into the search index on every build
    (Sphinx prunes pages it did not read from a loaded index), and is written again only
    when its file or the layout changed since the last build."""
    from sphinx.util.display import status_iterator

    builder: Any = app.builder
    if app.builder.format != "html" or not _PAGES:
        return
    manifest_path = Path(app.outdir) / MANIFEST
    try:
        written: dict[str, str] = json.loads(manifest_path.read_bytes())
    except (OSError, ValueError):
        written = {}
    layout = _layout_key(app)
    if builder.indexer is not None:
        _keep_in_search_index(builder.indexer, set(_PAGES))
    current: dict[str, str] = {}
    changed: list[tuple[str, RenderedPage]] = []
    for docname, path in _PAGES.items():
        raw = path.read_bytes()
        try:
            page = RenderedPage.load(raw)
        except (ValueError, KeyError) as error:
            logger.warning("%s: not a page cryfeed rendered (%s); run cryfeed book", path, error)
            continue
        _check_rendered_links(app, docname, page)
        if builder.indexer is not None:
            words = _search_document(page)
            builder.indexer.feed(docname, page_source(docname), page.title, words)
        current[docname] = hashlib.sha256(layout.encode() + raw).hexdigest()
        out = Path(builder.get_outfilename(docname))
        if written.get(docname) != current[docname] or not out.is_file():
            changed.append((docname, page))
    for docname in set(written) - set(current):
        # A page no longer rendered (a song removed): its old HTML would linger.
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
    for docname, page in status_iterator(
        changed,
        "writing song and artist pages... ",
        "darkgreen",
        len(changed),
        app.verbosity,
        stringify_func=lambda item: item[0],
    ):
        context = {
            "title": html.escape(page.title),  # HTML, as Sphinx gives its own pages
            "pagetitle": page.title,  # text: _escape_theme_titles escapes it
            "body": page.body,
            "toc": _local_toc(page),
            "display_toc": bool(page.sections),
            "sourcename": "",
            "meta": {},
        }
        yield docname, context, "page.html"
    # Only after every page is written: a build that fails on the way rewrites them all.
    atomic_write(manifest_path, json.dumps(current, indent=0, sort_keys=True).encode("utf-8"))


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
    app.connect("builder-inited", _find_pages)
    app.connect("doctree-read", _check_page_links)
    app.connect("doctree-read", _anchor_glossary_terms)
    app.connect("html-collect-pages", _collect_pages)
    app.connect("env-updated", _write_stale_pages)
    # Runs after a page's references are resolved, before the page is indexed.
    app.connect("doctree-resolved", _remember_stems)
    app.connect("html-page-context", _add_feed_links)
    # After sphinx-book-theme's own handler (default priority 500) has set the titles.
    app.connect("html-page-context", _escape_theme_titles, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
