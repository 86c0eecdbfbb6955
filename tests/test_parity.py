"""cryfeed's HTML builders against what Sphinx, sphinx-design and the theme write.

Song and artist pages are HTML written by cryfeed.book.html in the shapes Sphinx would
have written for the same MyST (see cryfeed.sphinxext.compat for the versions). The
session's test build holds a hidden MyST page (tests/fixtures/parity.md) with each
shape; here each of cryfeed's builders renders the same content, and the two must have
the same skeleton: the same elements, nested the same way, with the same classes.
Text and other attributes may differ. A theme or sphinx-design upgrade that changes its
markup fails here instead of silently unstyling the song pages.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from packaging.requirements import Requirement

from cryfeed.book import html
from cryfeed.book.html import Html
from cryfeed.book.index import vocab_anchor
from cryfeed.book.pronunciation import footnote_list, footnote_reference
from cryfeed.sphinxext.compat import CHECKED_AGAINST

Skeleton = tuple[str, tuple[str, ...], tuple[Any, ...]]


def skeleton(element: Any) -> Skeleton:
    """(tag, sorted classes, children's skeletons): the shape CSS and scripts rely on."""
    children = tuple(skeleton(child) for child in element if isinstance(child.tag, str))
    return (element.tag, tuple(sorted(element.get("class", "").split())), children)


def only(fragment: str) -> Any:
    elements = lxml_html.fragments_fromstring(fragment)
    assert len(elements) == 1, fragment
    return elements[0]


def tabs() -> str:
    page = html.Page("Parity")
    return page.tabs(
        [("Literal", html.paragraphs("Literal text.")), ("Natural", html.paragraphs("Natural text."))]
    )


GLOSSARY_LINK = f"../generated/glossary/ieung.html#{vocab_anchor('이별')}"

# (what, XPath into the Sphinx page's article, the same content from cryfeed's builders)
SHAPES: list[tuple[str, str, Callable[[], str]]] = [
    (
        "section heading",
        "//section[@id='a-section']/h2",
        lambda: html.section("a-section", "A section", html.paragraphs("x")),
    ),
    (
        "bullet list with links",
        "//section[@id='a-section']/ul",
        lambda: html.bullets(
            [
                Html("one " + html.page_link(html.text("intro"), "../intro.html")),
                Html("two " + html.external(html.text("out"), "https://example.org/")),
            ]
        ),
    ),
    (
        "table",
        "//div[contains(@class, 'pst-scrollable-table-container')]",
        lambda: html.table(
            ("Head one", "Head two"),
            [(html.text("a"), html.text("b")), (html.text("c"), html.text("d"))],
        ),
    ),
    ("tab set", "//div[contains(@class, 'sd-tab-set')]", tabs),
    (
        "dropdown",
        "//details",
        lambda: html.dropdown("Show the answer", html.paragraphs("The answer.")),
    ),
    ("block quote", "//blockquote", lambda: html.blockquote(html.paragraphs("A quote."))),
    # MyST writes a second <hr> (class "footnotes") before the footnotes.
    ("rule", "//hr[not(contains(@class, 'footnotes'))]", lambda: html.RULE),
    (
        "footnote mark",
        "//a[contains(@class, 'footnote-reference')]",
        lambda: footnote_reference(1, "said-1", "said-ref-1"),
    ),
    (
        "footnote list",
        "//aside[contains(@class, 'footnote-list')]",
        lambda: footnote_list([("said-1", "said-ref-1", html.paragraphs("How it is said."))]),
    ),
    (
        "glossary link",
        "//a[contains(@href, 'vocab-')]",
        # The term's text marked Korean, as cryfeed.sphinxext.korean marks it.
        lambda: html.page_link(html.korean("이별"), GLOSSARY_LINK),
    ),
]


@pytest.fixture(scope="module")
def article(parity_page: Path) -> Any:
    page: Any = lxml_html.fromstring(parity_page.read_bytes())
    return page.xpath("//article")[0]


@pytest.mark.slow
@pytest.mark.parametrize(("what", "xpath", "build"), SHAPES, ids=[s[0] for s in SHAPES])
def test_cryfeed_writes_what_sphinx_writes(
    article: Any, what: str, xpath: str, build: Callable[[], str]
) -> None:
    found = article.xpath("." + xpath)
    assert len(found) == 1, f"{what}: the parity page should hold one {xpath}"
    ours = only(build())
    if what == "section heading":
        # The section around it holds the rest of the page; its heading is the shape.
        assert ours.tag == "section" and found[0].getparent().tag == "section"
        ours = ours[0]
    assert skeleton(ours) == skeleton(found[0]), f"{what}: cryfeed.book.html has drifted"


@pytest.mark.slow
def test_the_copy_button_wears_sphinx_designs_button_classes(article: Any) -> None:
    # No directive writes a <button>; the feed previews' copy button borrows the classes
    # sphinx-design's button-link writes on its link (less the link's own classes).
    found = article.xpath(".//a[contains(@class, 'sd-btn')]")
    assert len(found) == 1
    link_classes = {"reference", "external"}
    assert set(found[0].get("class").split()) - link_classes == set(html.BUTTON_CLASSES.split())
    button = only(html.copy_field("f", "Field", "https://e.org/", "Copy")).xpath(".//button")[0]
    assert set(html.BUTTON_CLASSES.split()) <= set(button.get("class").split())


@pytest.mark.slow
def test_the_parity_page_links_like_a_song_page(article: Any) -> None:
    # A MyST page link (cryfeed.book.myst.page_link) ends as the link html.page_link writes.
    link = article.xpath(".//a[@href='../intro.html']")[0]
    ours = only(html.page_link(html.text("intro"), "../intro.html"))
    assert (link.get("class"), link.get("href")) == (ours.get("class"), ours.get("href"))


def test_the_installed_versions_are_the_checked_ones() -> None:
    # The copies and workarounds were checked against these versions; moving one on
    # means checking again (this test, the e2e tests), then updating compat and the pins.
    installed = {name: metadata.version(name) for name in CHECKED_AGAINST}
    assert installed == CHECKED_AGAINST


def test_the_pins_admit_the_checked_versions_and_name_the_theme_packages() -> None:
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    requirements = [Requirement(line) for line in project["project"]["dependencies"]]
    pins = {requirement.name.lower(): requirement for requirement in requirements}
    theme = ("sphinx", "sphinx-book-theme", "pydata-sphinx-theme", "sphinx-design", "jupyter-book")
    for name in theme:
        assert pins[name].specifier.contains(CHECKED_AGAINST[name]), name
        # Tight: the next minor version is refused until someone checks it.
        major, minor = CHECKED_AGAINST[name].split(".")[:2]
        assert not pins[name].specifier.contains(f"{major}.{int(minor) + 1}.0"), name
