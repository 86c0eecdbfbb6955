"""Every workaround that depends on a particular Sphinx, theme or extension version.

Each was written against, and checked with, the versions in CHECKED_AGAINST (the pins in
pyproject.toml match them). When one of those packages moves, read this module first;
tests/test_parity.py compares cryfeed.book.html's copied markup with what the installed
versions write, and fails when they part.
"""

from __future__ import annotations

import contextvars
import functools
import html
import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from cryfeed.book.html import Html, mark_korean
from cryfeed.book.rendered import RenderedPage
from cryfeed.sphinxext.state import state

CHECKED_AGAINST = {
    "jupyter-book": "1.0.4.post1",
    "sphinx": "7.4.7",
    "sphinx-book-theme": "1.3.0",
    "pydata-sphinx-theme": "0.17.1",
    "sphinx-design": "0.8.0",
    "docutils": "0.21.2",
    "sphinx-external-toc": "1.1.0",
    "sphinx-multitoc-numbering": "0.1.3",
    "sphinxext-opengraph": "0.13.0",
    "sphinx-notfound-page": "1.1.0",
}

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


# ---------------------------------------------------------------- Jupyter Book 1.0


def jupyter_book_config(book_dir: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """The Sphinx configuration Jupyter Book 1.0 makes from book_dir/_config.yml, with
    overrides, for building in-process (as `jupyter-book build` does in
    jupyter_book/sphinx.py); raises jsonschema.ValidationError for a bad _config.yml.

    get_final_config is Jupyter Book's internal function, and three of its defaults
    need mending for a book built this way (each below)."""
    from jupyter_book.config import get_final_config  # type: ignore[import-untyped]

    config, _meta = get_final_config(
        user_yaml=book_dir / "_config.yml",
        cli_config=overrides,
        sourcedir=book_dir,
        raise_on_invalid=True,
    )
    # The themes append to templates_path in place; Sphinx's default is one shared list,
    # so a second build in the same process would hash a different config and rewrite
    # every page. A fresh list per build keeps incremental builds incremental.
    config["templates_path"] = list(config.get("templates_path", []))
    if "sphinx_comments" not in config["extensions"]:
        # Jupyter Book always sets it; without the extension Sphinx warns it is unknown.
        config.pop("comments_config", None)
    if "myst_nb" not in config["extensions"]:
        # Jupyter Book always sets myst_nb's options; without it Sphinx warns they are unknown.
        for key in [key for key in config if key.startswith("nb_")]:
            del config[key]
    return dict(config)


# ---------------------------------------------------------------- sphinx-book-theme 1.3


def add_templates(app: Sphinx, config: Config) -> None:
    """Put the extension's templates first (config-inited): our sbt-sidebar-nav.html, a
    copy of sphinx-book-theme 1.3's that calls cryfeed_sidebar, must win over the
    theme's, whose components folder is in templates_path already (Jupyter Book puts it
    there) and again after sphinx-book-theme's own config-inited handler."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def escape_theme_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # sphinx-book-theme 1.3 puts title.astext() into the page unescaped (<h1>{{ pagetitle }}
    # in its print header), so a title holding "<script>" would become markup. Both are
    # only ever element text, so their Korean is marked lang="ko" as in the article.
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = mark_korean(Html(html.escape(context[key], quote=False)))


# ---------------------------------------------------------------- pydata-sphinx-theme 0.17


def add_static(app: Sphinx) -> None:
    """static/cryfeed.js: removes pydata-sphinx-theme 0.17's hidden header sidebar button,
    which its script binds instead of the visible one (pydata-sphinx-theme#2451)."""
    # A new list: Sphinx's default html_static_path is shared by every build in a process.
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]


def share_orphan_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give templates cryfeed_sidebar: the sidebar, rendered once per folder depth for
    all pages outside the table of contents (templates/sbt-sidebar-nav.html).

    pydata-sphinx-theme 0.17 rebuilds the sidebar toctree (and parses it with
    BeautifulSoup) for every page, twice counting its check for empty templates: with a
    thousand songs that is most of the writing time. A page outside the table of contents
    has no "current" entry, so its sidebar depends only on how deep the page lies
    (relative links), and pages at the same depth can share it.
    """
    in_toc = {child for children in app.env.toctree_includes.values() for child in children}
    # The 404 page's sidebar has absolute links (sphinx-notfound-page): never shared.
    orphan = pagename not in in_toc and pagename not in (app.config.root_doc, not_found_page(app))
    depth = pagename.count("/")
    shared = state(app).sidebars

    # A page in the table of contents renders its own sidebar, as text once: the theme's
    # emptiness check and the page itself both ask for it.
    own: dict[tuple[Any, ...], str] = {}

    def sidebar(**options: Any) -> Any:
        generate = context["generate_toctree_html"]  # set by pydata-sphinx-theme 0.17
        key = (depth, tuple(sorted(options.items())))
        if not orphan:
            if key not in own:
                own[key] = label_sidebar_toggles(str(generate(**options)))
            return own[key]
        if key not in shared:
            # As text: the theme returns a BeautifulSoup tree, which the template would
            # serialize again on every page (twice, counting the theme's emptiness check).
            shared[key] = label_sidebar_toggles(str(generate(**options)))
        return shared[key]

    context["cryfeed_sidebar"] = sidebar


# In a rendered page's context (cryfeed.sphinxext.rendered_pages.page_context).
RENDERED = "cryfeed_rendered"
# Off only in the test that compares a build with the checks shared and one without.
SHARE_TEMPLATE_CHECKS = True


def share_template_checks() -> None:
    """Check once per kind of rendered page which templates render empty (setup).

    pydata-sphinx-theme 0.17 renders every template of a dozen page sections on every
    page only to drop those that come out empty (utils._update_and_remove_templates,
    from its html-page-context handlers): on the song and artist pages that is as much
    work as laying out the page itself. Those pages differ from each other only in
    title, article, metadata and table of contents, and no section template shows any
    of them but the table of contents (toggle-secondary-sidebar.html, empty or not
    with it): so the answer is kept by section, templates, folder depth (relative
    links) and whether the page has a table of contents, with the ids the check's
    rendering took (taken again, so the page's own ids come out the same). Other pages
    are checked as the theme does; tests/test_build.py compares both ways byte for byte.
    Patched in the theme's module, once per process; the answers are kept per build
    (state.template_checks).
    """
    from pydata_sphinx_theme import utils  # type: ignore[import-untyped]

    original = utils._update_and_remove_templates
    if getattr(original, "cryfeed_shared", False):
        return

    def update_and_remove_templates(
        app: Sphinx,
        context: dict[str, Any],
        templates: Any,
        section: str,
        templates_skip_empty_check: Any = None,
    ) -> list[str]:
        if not (SHARE_TEMPLATE_CHECKS and context.get(RENDERED)):
            return list(original(app, context, templates, section, templates_skip_empty_check))
        key = (
            section,
            templates if isinstance(templates, str) else tuple(templates),
            tuple(templates_skip_empty_check or ()),
            str(context.get("pagename", "")).count("/"),
            bool(context.get("display_toc")),
        )
        checks = state(app).template_checks
        make_id = context.get("unique_html_id")
        if key not in checks:
            # The check's rendering takes ids from the page's counters (unique_html_id
            # gives "x", then "x-2"...): note which, to take the same ones next time.
            taken: list[str] = []

            def noting_id(base: str) -> Any:
                taken.append(base)
                return make_id(base)  # type: ignore[misc]

            if make_id is not None:
                context["unique_html_id"] = noting_id
            try:
                found = original(app, context, templates, section, templates_skip_empty_check)
            finally:
                if make_id is not None:
                    context["unique_html_id"] = make_id
            checks[key] = (list(found), taken)
            return list(found)
        found, taken = checks[key]
        if make_id is not None:
            for base in taken:
                make_id(base)
        return list(found)

    update_and_remove_templates.cryfeed_shared = True  # type: ignore[attr-defined]
    utils._update_and_remove_templates = update_and_remove_templates


# pydata-sphinx-theme 0.17 opens a chapter's pages in the sidebar with a <summary> holding
# only an icon: it has no name for screen readers (axe-core: summary-name).
_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
_NAMED_TOGGLE = (
    '<summary aria-label="Show or hide this chapter\'s pages">'
    '<span class="toctree-toggle" role="presentation">'
)


def label_sidebar_toggles(sidebar: str) -> str:
    return sidebar.replace(_TOGGLE, _NAMED_TOGGLE)


# ---------------------------------------------------------------- Sphinx 7.4 toctrees


# Off only in the test that compares a build with the shared entries and one without.
SHARE_TITLES_ONLY_ENTRIES = True
_TITLES_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar("cryfeed_titles_only")


def share_titles_only_entries() -> None:
    """Prune each chapter's table of contents for a titles-only toctree once per build,
    not once per page (setup).

    The theme's sidebar is Sphinx 7.4's global toctree with titles_only: for every page
    in the table of contents, every chapter's whole table of contents is copied (a
    chapter without a tocdepth is copied to any depth: the grammar chapter's 570 nodes)
    and then cut down to its title (adapters.toctree._entries_from_toctree): over a
    quarter of the theme's time on those pages (cProfile, 1,000 songs). The copy, its
    title replaced and cut as _entries_from_toctree cuts it, depends only on the chapter
    and the arguments (not on the page; with collapse the entry keeps Sphinx's own way),
    so it is made once and a copy of it handed out; Sphinx's cut then finds nothing more
    to cut (_cut_once: an entry where it would is left to Sphinx). Installed once per
    process, like share_template_checks.
    """
    from sphinx.environment.adapters import toctree as adapter

    entries, standard_entry = adapter._entries_from_toctree, adapter._toctree_standard_entry
    if getattr(standard_entry, "cryfeed", False):
        return
    # None: an entry left to Sphinx (see _cut_once).
    made: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]]
    made = weakref.WeakKeyDictionary()

    def entries_from_toctree(
        env: Any, prune: bool, titles_only: bool, *rest: Any, **options: Any
    ) -> Any:
        token = _TITLES_ONLY.set(titles_only)
        try:
            return entries(env, prune, titles_only, *rest, **options)
        finally:
            _TITLES_ONLY.reset(token)

    def toctree_standard_entry(
        title: str,
        ref: str,
        maxdepth: int,
        toc: Any,
        toctree_ancestors: Any,
        prune: bool,
        collapse: bool,
        tags: Any,
    ) -> tuple[Any, str]:
        if not (SHARE_TITLES_ONLY_ENTRIES and _TITLES_ONLY.get(False)) or collapse:
            return standard_entry(
                title, ref, maxdepth, toc, toctree_ancestors, prune, collapse, tags
            )
        deep = ref in toctree_ancestors and (not prune or maxdepth <= 0)
        key = (title, ref, maxdepth, deep, prune, tuple(sorted(tags)))
        shared = made.setdefault(toc, {})
        if key not in shared:
            entry, refdoc = standard_entry(
                title, ref, maxdepth, toc, toctree_ancestors, prune, collapse, tags
            )
            if not _cut_once(entry):
                shared[key] = None
                return entry, refdoc
            _cut_to_titles(entry)
            shared[key] = (entry, refdoc)
        found = shared[key]
        if found is None:
            return standard_entry(
                title, ref, maxdepth, toc, toctree_ancestors, prune, collapse, tags
            )
        cut, refdoc = found
        return cut.deepcopy(), refdoc

    entries_from_toctree.cryfeed = True  # type: ignore[attr-defined]
    toctree_standard_entry.cryfeed = True  # type: ignore[attr-defined]
    adapter._entries_from_toctree = entries_from_toctree
    adapter._toctree_standard_entry = toctree_standard_entry


def _cut_once(toc: Any) -> bool:
    """Whether Sphinx's cut of this entry changes nothing when made again: each top-level
    node a title alone or a title and its sections (as TocTreeCollector makes them). Any
    other entry, like a top-level `only` node of three titles (a second cut drops the
    third), is left to Sphinx."""
    return all(
        len(top_level) <= 1 or (isinstance(top_level, nodes.list_item) and len(top_level) == 2)
        for top_level in toc.children
    )


def _cut_to_titles(toc: Any) -> None:
    # As Sphinx 7.4's _entries_from_toctree cuts an entry for titles_only: each top-level
    # item keeps its title and the toctrees below it (cutting again changes nothing, in the
    # entries _cut_once lets through).
    from sphinx import addnodes

    for top_level in toc.children:
        if len(top_level) > 1:
            if subtrees := list(top_level.findall(addnodes.toctree)):
                top_level[1][:] = subtrees
            else:
                top_level.pop(1)


# Off only in the test that compares a build written so with one written as Sphinx does.
WRITE_IN_ONE_MORE_PROCESS = True


def write_in_one_more_process(app: Sphinx) -> None:
    """Write Sphinx's own pages in as many worker processes as there are jobs (builder-inited).

    Sphinx 7.4 writes in parallel-1 workers (one at a time with two jobs) because "the main
    process is busy" resolving each chunk of pages for them (Builder.write). Here that
    share, resolving and indexing the words, is about a quarter of the writing (the
    theme's layout in the worker is the rest; cProfile of a 1,000-song build), so with
    two jobs the main process mostly waited for its one writer and a core stood idle.
    Each worker writes its own pages, so the pages are the same.
    """
    builder: Any = app.builder
    original = getattr(builder, "_write_parallel", None)
    if original is None or not WRITE_IN_ONE_MORE_PROCESS:
        return

    def write_parallel(docnames: Any, nproc: int) -> None:
        original(docnames, nproc=nproc + 1)

    builder._write_parallel = write_parallel


# ---------------------------------------------------------------- sphinx-notfound-page 1.1


def not_found_page(app: Sphinx) -> str | None:
    """The 404 page's name, when sphinx-notfound-page is loaded."""
    return getattr(app.config, "notfound_pagename", None)


def absolute_content_root(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # sphinx-notfound-page 1.1 makes the 404 page's links absolute, but not Sphinx 7's
    # content_root (<html data-content_root>), which pydata-sphinx-theme 0.17's search
    # box uses to build result links: from a missing page deep in the site they would
    # lead nowhere.
    if pagename == not_found_page(app):
        context["content_root"] = app.config.notfound_urls_prefix or "/"


# ---------------------------------------------------------------- sphinxext-opengraph 0.13


def escape_opengraph_title(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """sphinxext-opengraph 0.13 writes og:title from the title's text with only '"'
    escaped (make_tag), so a title holding "&amp;" or "<b>" reads back as other text
    ("&", or a tag inside the attribute). Its tag is replaced by one escaped whole: the
    same text, exactly (runs after sphinxext-opengraph's handler)."""
    metatags = context.get("metatags", "")
    if doctree is None or "og:title" not in metatags:
        return
    from sphinxext.opengraph import make_tag
    from sphinxext.opengraph._title_parser import get_title

    title = get_title(context["title"])[0]
    escaped = f'<meta property="og:title" content="{html.escape(title)}" />'
    context["metatags"] = metatags.replace(make_tag("og:title", title), escaped, 1)


# ---------------------------------------------------------------- Sphinx 7.4 search index


_STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<]+?>")


def index_raw_html_as_text() -> None:
    """Sphinx 7.4's WordCollector indexes raw HTML with its tags deleted and its entities
    left as written, so `&#x27;` became the search word x27 (and `&amp;` amp) and
    `<li>a</li><li>b</li>` the one word ab. cryfeed's list pages (newest, A-Z, the
    glossary letters, artists) are HTML blocks: here a tag counts as a break between
    words, as a node boundary does on a MyST page, and entities are read as characters.
    Installed once per process, like share_template_checks."""
    from sphinx.search import WordCollector

    original = WordCollector.dispatch_visit
    if getattr(original, "cryfeed", False):
        return

    def dispatch_visit(self: Any, node: Any) -> None:
        if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
            text = html.unescape(_TAG.sub(" ", _STYLE_OR_SCRIPT.sub(" ", node.astext())))
            self.found_words.extend(self.lang.split(text))
            raise nodes.SkipNode
        original(self, node)

    dispatch_visit.cryfeed = True  # type: ignore[attr-defined]
    WordCollector.dispatch_visit = dispatch_visit  # type: ignore[method-assign]


def remember_stems(app: Sphinx, doctree: Any, docname: str) -> None:
    """Stem and filter each word once per build, not once per page (doctree-resolved;
    rendered_pages.collect_pages calls remember_word_checks itself)."""
    remember_word_checks(getattr(app.builder, "indexer", None))


def remember_word_checks(indexer: Any) -> None:
    """Sphinx 7.4's search indexer memoizes its stemmer only within a page, and checks
    every word against the stop words two or three times (IndexBuilder.feed), so the
    same few thousand words went through the Porter stemmer and word_filter again on
    every one of a thousand pages. Both are pure functions of the word (the stop words
    are fixed per language): the index stays the same."""
    language = getattr(indexer, "lang", None)
    if language is None or hasattr(language.stem, "cache_info"):
        return
    language.stem = functools.lru_cache(maxsize=None)(language.stem)
    language.word_filter = functools.lru_cache(maxsize=None)(language.word_filter)


# Off only in the test that compares a build whose rendered pages Sphinx's own
# IndexBuilder.feed indexed with one fed by feed_rendered_page.
FEED_RENDERED_PAGES = True


def feed_rendered_page(
    indexer: Any, docname: str, filename: str, page: RenderedPage, document: Callable[[], Any]
) -> None:
    """Put a rendered page's words into Sphinx 7.4's search index as IndexBuilder.feed
    puts those of document() (rendered_pages.search_document: the page's title, its
    sections' titles, then its text), with each word's index term found once per build.

    IndexBuilder.feed keeps, per index term, only the set of pages using it (no counts,
    no positions), and finds a word's term (stemmed, or as written when the stemmed form
    is a stop word) afresh on every page, stemming and checking against the stop words
    a thousand pages' worth of the same few thousand words. Here each distinct word of
    the page is looked up once: a song page uses about 490 words, 240 of them distinct.
    Titles, all titles and index entries are set exactly as feed sets them (the page
    has no index entries); the words are split by the same splitter from the same text.
    """
    if not FEED_RENDERED_PAGES:
        indexer.feed(docname, filename, page.title, document())
        return
    from docutils.nodes import unescape

    split = indexer.lang.split
    terms: dict[str, str | None] = indexer.__dict__.setdefault("cryfeed_terms", {})
    indexer._titles[docname] = page.title
    indexer._filenames[docname] = filename
    # As Text.astext() gives each title and the text to feed's word collector.
    titles: list[tuple[str, str | None]] = [(unescape(page.title), None)]
    titles += [(unescape(title), anchor) for anchor, title in page.sections]
    indexer._all_titles[docname] = titles
    title_words = {word for title, _anchor in titles for word in split(title)}
    words = title_words.union(split(unescape(page.text)))
    missing = [word for word in words if word not in terms]
    if missing:
        stem, keep = indexer.lang.stem, indexer.lang.word_filter
        for word in missing:
            stemmed = stem(word).lower()
            terms[word] = stemmed if keep(stemmed) else word if keep(word) else None
    title_mapping, mapping = indexer._title_mapping, indexer._mapping
    for word in title_words:
        term = terms[word]
        if term is not None:
            title_mapping.setdefault(term, set()).add(docname)
    for word in words:
        term = terms[word]
        if term is not None and docname not in title_mapping.get(term, ()):
            mapping.setdefault(term, set()).add(docname)
    indexer._index_entries[docname] = []


def keep_search_index(app: Sphinx) -> None:
    """Make an incremental build's search index equal a fresh build's (builder-inited).

    Sphinx 7.4's HTML builder loads the last searchindex.js before writing and prunes it
    to the documents it did not read again; four things part from a fresh build there:
    - the rendered pages are not Sphinx documents, so the prune drops them all (then
      cryfeed.sphinxext.rendered_pages would have to feed every one again);
    - IndexBuilder.load restores words and titles but not the index entries (the
      glossary's terms), so every page not read again loses them (sphinx #12599, open);
    - the prune keeps the index entries of removed pages, and freeze then fails on them;
    - a word left on no page stays in the index as an empty list.
    The indexer is made in prepare_writing, just before load_indexer, so the builder's
    load_indexer is wrapped to mend the new indexer first.
    """
    builder: Any = app.builder
    original = getattr(builder, "load_indexer", None)
    if original is None:
        return

    def load_indexer(docnames: Any) -> None:
        _mend_indexer(builder.indexer, set(state(app).pages))
        original(docnames)

    builder.load_indexer = load_indexer


class _Parsed:
    """A search index format that hands back what was parsed already."""

    def __init__(self, frozen: Any) -> None:
        self.frozen = frozen

    def load(self, stream: Any) -> Any:
        return self.frozen


def _mend_indexer(indexer: Any, pages: set[str]) -> None:
    # Instance attributes: only this build's indexer changes.
    load, prune, freeze = indexer.load, indexer.prune, indexer.freeze

    def load_with_index_entries(stream: Any, format: Any) -> None:
        if isinstance(format, str):
            format = indexer.formats[format]
        frozen = format.load(stream)
        load(stream, _Parsed(frozen))  # raises ValueError for an index of another version
        names = frozen["docnames"]
        entries: dict[str, list[tuple[str, str, str]]] = {}
        # freeze writes (entry.lower(), [(page number, anchor, is main)]): read back
        # the same way, it freezes to the same.
        for entry, places in frozen.get("indexentries", {}).items():
            for number, anchor, main in places:
                found = (entry, anchor, "main" if main else "")
                entries.setdefault(names[number], []).append(found)
        indexer._index_entries = entries

    def prune_but_keep_pages(docnames: Any) -> None:
        keep = set(docnames) | pages
        prune(keep)
        indexer._index_entries = {
            name: found for name, found in indexer._index_entries.items() if name in keep
        }

    def freeze_in_order() -> Any:
        # The same bytes whatever order the pages were fed or loaded in.
        indexer._index_entries = {
            name: sorted(found, key=lambda item: (item[0].lower(), item[1], item[2]))
            for name, found in sorted(indexer._index_entries.items())
        }
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, names in mapping.items() if not names]:
                del mapping[word]
        return freeze()

    indexer.load = load_with_index_entries
    indexer.prune = prune_but_keep_pages
    indexer.freeze = freeze_in_order


def forget_in_search_index(indexer: Any, docnames: set[str]) -> None:
    """Take pages out of a loaded search index, so that feeding them again leaves none of
    their old words behind (IndexBuilder.feed only adds)."""
    if not docnames:
        return
    for mapping in (indexer._mapping, indexer._title_mapping):
        for names in mapping.values():
            names.difference_update(docnames)
    for table in (indexer._titles, indexer._filenames, indexer._all_titles, indexer._index_entries):
        for name in docnames:
            table.pop(name, None)


# ---------------------------------------------------------------- sphinx-multitoc-numbering


def trust_multitoc_numbering(app: Sphinx) -> None:
    # sphinx-external-toc always loads sphinx-multitoc-numbering 0.1.3, which declares
    # nothing about parallel builds, so Sphinx would read serially. It only renumbers
    # toctrees in the main process after reading; with use_multitoc_numbering off it does
    # nothing.
    extension = app.extensions.get("sphinx_multitoc_numbering")
    if extension is not None and not app.config.use_multitoc_numbering:
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True
