"""cryfeed.sphinxext's pure parts, without a build: feed autodiscovery and the link check."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes
from sphinx import addnodes

from cryfeed.book import html
from cryfeed.sphinxext import compat
from cryfeed.sphinxext.autodiscovery import feed_links
from cryfeed.sphinxext.links import missing_links

PAGES = {"intro", "songs/a-song", "artists/someone", "generated/glossary/ieung"}


def pathto(path: str, resource: bool = False) -> str:
    """Sphinx's pathto from a page one folder deep."""
    assert resource
    return "../" + path


def test_feed_links_offer_the_site_feeds() -> None:
    assert feed_links("songs/a-song", "Book & co", "Ignored", pathto) == (
        '<link rel="alternate" type="application/rss+xml" title="Book &amp; co (RSS)" '
        'href="../feeds/rss.xml" />\n'
        '<link rel="alternate" type="application/atom+xml" title="Book &amp; co (Atom)" '
        'href="../feeds/atom.xml" />\n'
        '<link rel="alternate" type="application/feed+json" title="Book &amp; co (JSON Feed)" '
        'href="../feeds/feed.json" />\n'
    )


def test_feed_links_on_a_collection_page_offer_its_feeds_first() -> None:
    found = feed_links("collections/sad", "Book", 'Sad "songs"', pathto).splitlines()
    assert found[:2] == [
        '<link rel="alternate" type="application/rss+xml" title="Sad &quot;songs&quot; (RSS)" '
        'href="../feeds/collections/sad.xml" />',
        '<link rel="alternate" type="application/feed+json" '
        'title="Sad &quot;songs&quot; (JSON Feed)" href="../feeds/collections/sad.json" />',
    ]
    assert len(found) == 5
    # The collections index is not a collection.
    assert len(feed_links("generated/collections", "Book", "", pathto).splitlines()) == 3


@pytest.mark.parametrize(
    ("folder", "address"),
    [
        ("songs", "../songs/a-song.html"),
        ("songs", "a-song.html"),
        ("songs", "../artists/someone.html"),
        ("", "intro.html"),
        ("generated", "glossary/ieung.html"),
        ("songs", "../generated/glossary/%69eung.html"),  # quoted as page_link writes it
    ],
)
def test_links_to_pages_of_the_book_are_found(folder: str, address: str) -> None:
    assert list(missing_links(PAGES, folder, [address])) == []


@pytest.mark.parametrize(
    ("folder", "address"),
    [
        ("songs", "../songs/no-such-song.html"),
        ("songs", "../intro.md"),  # a source, not a page
        ("songs", "../songs/a-song"),  # no suffix
        ("", "songs/a-song.html/x.html"),
        ("songs", "../../intro.html"),  # above the book
        ("songs", "a-song.htm"),
    ],
)
def test_links_to_no_page_are_reported_as_written(folder: str, address: str) -> None:
    found = "../intro.html" if folder else "intro.html"
    assert list(missing_links(PAGES, folder, [found, address, found])) == [address]


def test_page_links_in_html_blocks_are_read_back_as_written() -> None:
    fragment = html.bullets(
        [
            html.page_link(html.text("a & b"), "../songs/a-song.html#x"),
            html.external(html.text("out"), "https://example.org/"),
            html.page_link(html.text("c"), '../songs/odd "name".html'),
        ]
    )
    assert list(html.page_links_in(fragment)) == [
        "../songs/a-song.html",
        "../songs/odd%20%22name%22.html",
    ]


def test_raw_html_is_indexed_as_its_text() -> None:
    """The list pages are HTML blocks: their words reach the search index as a MyST page's
    would (entities as characters, a tag as a break), not as x27, amp or 이별은."""
    from docutils import nodes as docutils_nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from sphinx.search import WordCollector
    from sphinx.search.en import SearchEnglish

    from cryfeed.sphinxext import compat

    compat.index_raw_html_as_text()
    compat.index_raw_html_as_text()  # installed once, however often setup runs
    document = new_document("page", get_default_settings(Parser))
    document += docutils_nodes.raw(
        "",
        "<style>p { color: red }</style><ul><li>Don&#x27;t</li><li>R&amp;B</li></ul>"
        '<p><span lang="ko">이별</span>은<script>var hidden = 1;</script></p>',
        format="html",
    )
    document += docutils_nodes.raw("", "<b>latex only</b>", format="latex")
    collector = WordCollector(document, SearchEnglish({}))
    document.walk(collector)
    assert collector.found_words == ["Don", "t", "R", "B", "이별", "은"]


def _chapter_toc(*items: nodes.Node) -> nodes.bullet_list:
    """A chapter's table of contents as Sphinx's TocTreeCollector keeps it (env.tocs)."""
    return nodes.bullet_list("", *items)


def _section(docname: str, anchor: str, title: str) -> nodes.list_item:
    reference = nodes.reference(
        "", "", nodes.Text(title), internal=True, refuri=docname, anchorname=anchor
    )
    return nodes.list_item("", addnodes.compact_paragraph("", "", reference))


def _titles_only_sidebar(toc: nodes.bullet_list, shared: bool, monkeypatch: Any) -> str:
    """The sidebar entry of chapter "a" as the global titles-only toctree of its own page
    resolves it (Sphinx 7.4's _entries_from_toctree), with or without the shared entries."""
    from sphinx.environment.adapters import toctree as adapter
    from sphinx.util.matching import Matcher
    from sphinx.util.tags import Tags

    compat.share_titles_only_entries()
    monkeypatch.setattr(compat, "SHARE_TITLES_ONLY_ENTRIES", shared)
    # What _toctree_entry reads of the environment: the chapter's metadata and toc.
    env: Any = SimpleNamespace(metadata={"a": {}}, tocs={"a": toc}, titles={})
    toctree = addnodes.toctree(entries=[(None, "a")], parent="index")
    entries = adapter._entries_from_toctree(
        env, True, True, False, True, Tags(), {"a"}, Matcher([]), Matcher([]), toctree, []
    )
    return "\n".join(entry.pformat() for entry in entries)


@pytest.mark.parametrize("shape", ["sections", "only"])
def test_a_shared_titles_only_entry_is_sphinxs_own(shape: str, monkeypatch: Any) -> None:
    """Cut once and shared, a chapter's entry is what Sphinx's own cut makes of it, even
    where cutting twice would cut more (a top-level `only` node of three titles)."""
    sections = [_section("a", f"#s{n}", f"Section {n}") for n in range(3)]
    if shape == "only":
        toc = _chapter_toc(addnodes.only("", *sections, expr="html"))
    else:
        title = _section("a", "", "A")
        title += nodes.bullet_list("", *sections)
        toc = _chapter_toc(title)
    plain = _titles_only_sidebar(toc, False, monkeypatch)
    assert _titles_only_sidebar(toc, True, monkeypatch) == plain
    assert _titles_only_sidebar(toc, True, monkeypatch) == plain  # the shared copy
