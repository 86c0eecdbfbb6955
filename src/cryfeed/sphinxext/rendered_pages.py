"""Song and artist pages from cryfeed.book: laid out, indexed, written only when changed.

The pages come as cryfeed.book.rendered files; shells.py lays them out in the theme's page
template, and they go into the search index without a doctree."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from cryfeed.book.rendered import FORMAT, RenderedPage, page_source
from cryfeed.sphinxext import social
from cryfeed.sphinxext.compat import (
    RENDERED,
    STATIC,
    feed_rendered_page,
    forget_in_search_index,
    remember_word_checks,
)
from cryfeed.sphinxext.links import check_rendered_links
from cryfeed.sphinxext.shells import Shells
from cryfeed.sphinxext.state import state
from cryfeed.writer import atomic_write

logger = logging.getLogger(__name__)

# Beside the HTML: what each rendered page was last written from.
MANIFEST = ".cryfeed-pages.json"
# In a rendered page's context: the scripts it loads (RenderedPage.scripts).
SCRIPTS = "cryfeed_scripts"


def _read_manifest(path: Path) -> tuple[dict[str, str], set[str] | None]:
    """The last build's manifest: each rendered page's hash (see collect_pages), and the
    pages the book then had, Sphinx's and rendered ones (None if unknown: every page's
    links are checked)."""
    try:
        data = json.loads(path.read_bytes())
        pages, docs = data["pages"], data["docs"]
        if isinstance(pages, dict) and isinstance(docs, list):
            return pages, set(docs)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return {}, None


def write_stale_pages(app: Sphinx, env: Any) -> list[str]:
    """Make Sphinx write when only rendered pages changed (env-updated).

    Sphinx stops before its writing phase (and html-collect-pages) when none of its own
    pages is out of date, so a song whose note alone changed would keep its old HTML.
    A rendered page file newer than the manifest, a page added or removed since (a MyST
    page too: collect_pages then checks every rendered page's links), or a page whose
    links were not all found last time, asks Sphinx to write the root page, which carries
    the build through to collect_pages.
    """
    pages = state(app).pages
    manifest = Path(app.outdir) / MANIFEST
    written, docs = _read_manifest(manifest)
    try:
        written_at = manifest.stat().st_mtime_ns
    except OSError:
        written_at = None
    if written_at is None or docs is None:
        return [app.config.root_doc] if pages else []
    stale = (
        set(written) != set(pages)
        or not docs <= set(env.found_docs) | set(pages)  # a page gone: links are checked
        or "" in written.values()  # a page whose links were not all found: checked again
        or any(path.stat().st_mtime_ns > written_at for path in pages.values())
    )
    return [app.config.root_doc] if stale else []


def sidebar_key(env: Any, root_doc: str) -> list[Any]:
    """What every page's sidebar and previous/next links show of other pages: the
    chapters in the table of contents and their titles."""
    in_toc = sorted(
        {docname for children in env.toctree_includes.values() for docname in children} | {root_doc}
    )
    return [
        sorted((name, list(children)) for name, children in env.toctree_includes.items()),
        [(name, env.titles[name].astext()) for name in in_toc if name in env.titles],
    ]


# On the environment (saved with it): the sidebar_key its pages were last written with.
_SIDEBAR = "cryfeed_sidebar_key"


def rewrite_on_sidebar_change(app: Sphinx, env: Any) -> list[str]:
    """Write every Sphinx page again when the sidebar changed (env-get-updated).

    Sphinx writes again only the pages it read again, and pages whose table of contents
    changed; a chapter's new title, or a new glossary page, changes every page's sidebar.
    """
    key = sidebar_key(env, app.config.root_doc)
    previous = getattr(env, _SIDEBAR, None)
    setattr(env, _SIDEBAR, key)
    if previous is None or previous == key:
        return []
    return sorted(env.found_docs)


def delete_removed_pages(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Delete the HTML of documents whose source is gone (env-get-outdated).

    Sphinx forgets a removed document but leaves its page in the output folder, where an
    incremental build would keep publishing it (a mood no song has any more, say).
    """
    builder: Any = app.builder
    for docname in removed:
        with contextlib.suppress(FileNotFoundError):
            Path(builder.get_outfilename(docname)).unlink()
    return []


def layout_key(app: Sphinx) -> str:
    """What a rendered page's HTML depends on besides its own file: the configuration and
    templates (as Sphinx judges its own pages), the extensions' versions, and the sidebar
    (see sidebar_key)."""
    builder: Any = app.builder
    toc, titles = sidebar_key(app.env, app.config.root_doc)
    parts = {
        "format": FORMAT,
        "config": builder.build_info.config_hash,
        "tags": builder.build_info.tags_hash,
        "templates": builder.templates.newest_template_mtime(),
        "extensions": sorted((name, str(ext.version)) for name, ext in app.extensions.items()),
        "toc": toc,
        "titles": titles,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def local_toc(page: RenderedPage) -> str:
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


def search_document(page: RenderedPage) -> nodes.document:
    """A small doctree holding the page's words, for Sphinx's search index (which
    compat.feed_rendered_page reads as Sphinx would)."""
    from sphinx.util.docutils import new_document

    document = new_document("")
    section = nodes.section(ids=[page.anchor])
    section += nodes.title(page.title, page.title)
    for section_anchor, title in page.sections:
        part = nodes.section(ids=[section_anchor])
        part += nodes.title(title, title)
        section += part
    section += nodes.paragraph("", page.text)
    document += section
    return document


def _load(path: Path) -> tuple[bytes, RenderedPage] | None:
    raw = path.read_bytes()
    try:
        return raw, RenderedPage.load(raw)
    except (ValueError, KeyError) as error:
        logger.warning("%s: not a page cryfeed rendered (%s); run cryfeed book", path, error)
        return None


def add_page_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the scripts a rendered page asks for on that page only (html-page-context:
    Sphinx adds a script given then to the page being written, not to every page)."""
    for name in context.get(SCRIPTS, ()):
        if not (STATIC / name).is_file():
            logger.warning("%s: no script %s in %s", page_source(pagename), name, STATIC)
            continue
        app.add_js_file(name, defer="defer")


# Forked only for this many changed pages or more: a fork and its pipe cost ~0.1 s.
FORK_FROM = 200
# The worker's share of the pages, in percent: this process also feeds the search index.
FORKED_SHARE = 55


def _can_fork(app: Sphinx, count: int) -> bool:
    from sphinx.util.parallel import parallel_available

    return bool(parallel_available and app.parallel > 1 and count >= FORK_FROM)


def page_context(app: Sphinx, docname: str, page: RenderedPage) -> dict[str, Any]:
    """What the theme's page template needs of a rendered page. Pages are laid out from
    a shell per kind (shells.py): a value here may vary from page to page only through
    the fields shells.FORMS fills in (title, body, description, name) or those
    shells.kind tells kinds apart by; anything else must join one or the other."""
    return {
        "title": html.escape(page.title),  # HTML, as Sphinx gives its own pages
        "pagetitle": page.title,  # text: compat.escape_theme_titles escapes it
        "body": page.body,
        "toc": local_toc(page),
        "display_toc": bool(page.sections),
        "sourcename": "",
        "meta": {},
        "metatags": social.page_tags(app.config, docname, page),
        SCRIPTS: page.scripts,
        RENDERED: True,  # see compat.share_template_checks
    }


def percent_iterator(items: list[str], summary: str) -> Iterator[str]:
    """The items, with Sphinx's progress line ("summary[ 50%] item") each time the
    percentage changes: Sphinx's status_iterator logs three lines per item, and for
    thousands of pages that logging took a fifth of this process's time here (in
    cProfile); the build shows only the percentage (cryfeed.build.Progress)."""
    count, shown = len(items), ""
    for number, item in enumerate(items, start=1):
        percent = f"{number / count: >4.0%}"
        if percent != shown:
            shown = percent
            logger.info(f"{summary}[{percent}] {item}")
        yield item


def _write_pages(job: tuple[Sphinx, list[str]]) -> None:
    """In a forked worker: lay out and write pages as Sphinx would (shells.Shells.write)."""
    app, docnames = job
    pages = state(app).pages
    shells = Shells(app, page_context)
    for docname in docnames:
        loaded = _load(pages[docname])
        if loaded is not None:
            shells.write(docname, loaded[1])


def collect_pages(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Write the rendered pages (html-collect-pages; none is left for Sphinx to write):
    each is fed to the search index and written again only when its file or the layout
    changed since the last build (compat.keep_search_index keeps the others' words from
    the loaded index), laid out by the theme or from a shell (shells.Shells.write).

    One page at a time is held (a 10,000-song book's pages take gigabytes): a first pass
    hashes the files to find the changed ones, a worker is forked to write part of
    them, and a second pass checks the links, indexes the words and writes the rest.

    An unchanged page whose links were all found last time is not read again while no
    page of the book has gone since (its links only name pages): after an append, a
    10,000-song book read, parsed and checked 19,000 pages to write three.
    """
    builder: Any = app.builder
    pages = state(app).pages
    if app.builder.format != "html" or not pages:
        return []
    manifest_path = Path(app.outdir) / MANIFEST
    written, docs_before = _read_manifest(manifest_path)
    layout = layout_key(app).encode()
    indexer = builder.indexer
    current: dict[str, str] = {}
    for docname, path in pages.items():
        try:
            current[docname] = hashlib.sha256(layout + path.read_bytes()).hexdigest()
        except OSError as error:
            logger.warning("%s: cannot read (%s); run cryfeed book", path, error.strerror)
    changed = [
        docname
        for docname in current
        if written.get(docname) != current[docname]
        or not Path(builder.get_outfilename(docname)).is_file()
    ]
    for docname in set(written) - set(current):
        # A page no longer rendered (a song removed): its old HTML would linger.
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
    # Every page the links were checked against, rendered ones too: one whose file did
    # not load is missing from the hashes, yet links to it were found.
    book_pages = set(app.env.found_docs) | set(pages)
    nothing_gone = (
        docs_before is not None and docs_before <= book_pages and set(written) <= set(current)
    )
    # Both cores: a forked worker writes part of the pages while this process indexes
    # words and writes the rest (Sphinx writes the pages of html-collect-pages one by
    # one in this process, after its own parallel writing has ended).
    split = len(changed) * FORKED_SHARE // 100 if _can_fork(app, len(changed)) else 0
    tasks = None
    if split:
        from sphinx.util.parallel import ParallelTasks

        tasks = ParallelTasks(1)
        tasks.add_task(_write_pages, (app, changed[:split]))
    here = set(changed[split:])
    shells = Shells(app, page_context)
    again = set(changed)
    if indexer is not None:
        # Unchanged pages' words came with the loaded index; changed pages' old words go.
        known = set(indexer._titles)
        to_index = {name for name in current if name in again or name not in known}
        forget_in_search_index(indexer, to_index & known)
    else:
        to_index = set()
    # A page is read when it is written or indexed here, or its links need a check.
    to_read = [
        docname
        for docname in current
        if docname in again or docname in to_index or not nothing_gone
    ]
    try:
        remember_word_checks(indexer)
        for docname in percent_iterator(to_read, "indexing and writing song and artist pages... "):
            loaded = _load(pages[docname])
            if loaded is None:
                current.pop(docname)
                continue
            page = loaded[1]
            if not check_rendered_links(app, docname, page):
                # Not recorded as written: the next build checks its links again.
                current[docname] = ""
            if docname in to_index and page.searchable:
                document = functools.partial(search_document, page)
                feed_rendered_page(indexer, docname, page_source(docname), page, document)
            if docname in here:
                shells.write(docname, page)
        if tasks is not None:
            tasks.join()  # replays the worker's warnings; raises its error
    finally:
        if tasks is not None:
            tasks.terminate()  # after a failure here: no worker left behind
    # Only after every page is written: a build that fails on the way rewrites them all.
    manifest = {"pages": current, "docs": sorted(book_pages)}
    atomic_write(manifest_path, json.dumps(manifest, indent=0, sort_keys=True).encode("utf-8"))
    return []  # every page is written already (shells.Shells.write)
