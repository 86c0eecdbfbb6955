"""Every Korean text of the book is marked as Korean (lang="ko"), so screen readers and
speech engines read it in the right voice and practice.js gives it a listen button."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cryfeed.book.html import KOREAN_RUN, Html, is_korean_language, korean_with_reading, mark_korean

# Not shown on the page: the tab's title and metadata, scripts, styles.
NOT_SHOWN = {"head", "script", "style", "template", "title"}


def _language(element: lxml.html.HtmlElement) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("lang") is not None:
            return str(node.get("lang"))
    return ""


def unmarked_korean(page: Path) -> Iterator[str]:
    """Each piece of text on the page holding Hangul whose language is not Korean."""
    document = lxml.html.fromstring(page.read_bytes())
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        if any(node.tag in NOT_SHOWN for node in (element, *element.iterancestors())):
            continue
        for owner, text in ((element, element.text), (element.getparent(), element.tail)):
            if owner is None or not text or not KOREAN_RUN.search(text):
                continue
            if not is_korean_language(_language(owner)):
                yield f"<{owner.tag}> {text.strip()[:60]!r} (lang={_language(owner)!r})"


def test_every_run_of_hangul_on_every_page_is_marked_korean(fixture_site: Path) -> None:
    pages = sorted(fixture_site.rglob("*.html"))
    problems = {
        str(page.relative_to(fixture_site)): found
        for page in pages
        if (found := list(unmarked_korean(page)))
    }
    assert not problems, problems
    # The walk saw Korean on every kind of page (the guard guards something).
    korean = {
        str(page.relative_to(fixture_site))
        for page in pages
        if 'lang="ko"' in page.read_text("utf-8")
    }
    for path in (
        "songs/jang-deok-cheol-see-you-later.html",  # rendered song page
        "artists/jang-deok-cheol.html",  # rendered artist page
        "generated/glossary/ieung.html",  # MyST glossary terms
        "generated/artists.html",  # MyST list of artists with their Korean names
        "generated/sound-changes.html",  # chapter: hand-written prose and HTML lists
        "generated/words-of-sorrow.html",
        "how-to-read.html",  # the hand-written guide
        "subscribe/rss.html",  # a feed preview
    ):
        assert path in korean, path


def test_a_song_page_marks_its_heading_artist_and_prose(fixture_site: Path) -> None:
    page: Any = lxml.html.fromstring(
        (fixture_site / "songs/jang-deok-cheol-see-you-later.html").read_bytes()
    )
    heading = page.xpath("//article//h1")[0]
    assert [s.text for s in heading.xpath('.//span[@lang="ko"]')] == ["있어줘요"]
    artist = page.xpath('//article//a[contains(@href, "artists/jang-deok-cheol.html")]')[0]
    assert [s.text for s in artist.xpath('.//span[@lang="ko"]')] == ["장덕철"]


def test_korean_runs_are_wrapped_in_text_only() -> None:
    fragment = Html(
        '<p title="이별">Say <em>있어요</em>, 있어 and 있습니다. '
        '<span lang="ko">이별은 <b>힘들어요</b></span><br />'
        '<rt lang="ko-Latn">ibyeol</rt> 이별은 언제나 힘들어요.</p>'
    )
    assert mark_korean(fragment) == (
        '<p title="이별">Say <em><span lang="ko">있어요</span></em>, '
        '<span lang="ko">있어</span> and <span lang="ko">있습니다</span>. '
        '<span lang="ko">이별은 <b>힘들어요</b></span><br />'
        '<rt lang="ko-Latn">ibyeol</rt> <span lang="ko">이별은 언제나 힘들어요</span>.</p>'
    )
    # A Korean element is skipped whole, however its own tags nest, and no further.
    nested = Html(
        '<li><span lang="ko">이별<span class="x">은</span> <span>힘들어</span></span> '
        '그리고 <a href="x">사랑</a><span lang="en">and 눈물</span></li>'
    )
    assert mark_korean(nested) == (
        '<li><span lang="ko">이별<span class="x">은</span> <span>힘들어</span></span> '
        '<span lang="ko">그리고</span> <a href="x"><span lang="ko">사랑</span></a>'
        '<span lang="en">and <span lang="ko">눈물</span></span></li>'
    )
    english = Html("<p>No Korean here &amp; <br/> none</p>")
    assert mark_korean(english) is english


@pytest.mark.parametrize(
    ("tag", "korean"),
    [("ko", True), ("ko-KR", True), ("KO", True), ("ko-Latn", False), ("en", False), ("", False)],
)
def test_korean_language_tags(tag: str, korean: bool) -> None:
    assert is_korean_language(tag) is korean


def test_each_word_has_its_romanization_and_pronunciation_above_it() -> None:
    readings = {"있어": ("isseo", "이써"), "마": ("ma", "마")}
    shown = korean_with_reading(
        "있어  마", lambda w: readings[w][0], lambda w: readings[w][1]
    )
    assert shown == (
        '<span lang="ko"><ruby>있어<rp>(</rp><rt class="cf-rr" lang="ko-Latn">isseo</rt>'
        '<rp>)</rp><rp>[</rp><rt class="cf-pron">이써</rt><rp>]</rp></ruby> '
        '<ruby>마<rp>(</rp><rt class="cf-rr" lang="ko-Latn">ma</rt><rp>)</rp></ruby></span>'
    )


# mark_korean as it was first written, one regular expression walk over tags and runs:
# the reference the faster one must equal on any input, well-formed or not.
_LANG_START = re.compile(r"""<([A-Za-z][\w:-]*)\s[^>]*?\blang=["']([^"']*)["'][^>]*>""")
_TAG_OR_RUN = re.compile(f"<[^>]*>|{KOREAN_RUN.pattern}")


def _reference_run(found: re.Match[str]) -> str:
    return found[0] if found[0].startswith("<") else f'<span lang="ko">{found[0]}</span>'


def reference_mark_korean(fragment: str) -> str:
    if not KOREAN_RUN.search(fragment):
        return fragment
    out: list[str] = []
    position = 0
    while position < len(fragment):
        start = _LANG_START.search(fragment, position)
        while start is not None and not is_korean_language(start[2]):
            start = _LANG_START.search(fragment, start.end())
        text_end = start.start() if start else len(fragment)
        text = fragment[position:text_end]
        out.append(_TAG_OR_RUN.sub(_reference_run, text) if KOREAN_RUN.search(text) else text)
        if start is None:
            break
        name, depth, end = start[1], 1, start.end()
        if not start[0].endswith("/>"):
            tags = re.compile(rf"<(/?){re.escape(name)}\b[^>]*?(/?)>", re.IGNORECASE)
            for tag in tags.finditer(fragment, start.end()):
                if not tag[2]:
                    depth += -1 if tag[1] else 1
                end = tag.end()
                if depth == 0:
                    break
            else:
                end = len(fragment)
        out.append(fragment[text_end:end])
        position = end
    return "".join(out)


# Pieces that make the walk's hard cases: Korean elements (nested, self-closed, in capitals),
# other languages, Hangul in attributes, stray "<" and ">", "lang=" in text and in
# attributes without a value the pattern takes.
PIECES = [
    "이별", "눈물 나", " ", "2", ".", ",", "~", "-", "(", ")", "…", "\n", "a", "x lang=y",
    "<", ">", "/", '"', "'", "=", "&amp;", "<p>", "</p>", "<br/>", "<br />", "<em>", "</em>",
    '<span lang="ko">', '<span lang="ko"/>', "<span>", "</span>", "</SPAN>", '<SPAN lang="ko">',
    '<span class="x" lang="ko-KR">', '<rt lang="ko-Latn">', "</rt>", '<span lang="en">',
    '<a title="이별" href="x">', '<a data-lang="ko">', "</a>", "<ruby>", "</ruby>",
    "<span lang='ko'>", '<b lang="ko">', "</b>", '<i xml:lang="ko">', "</i>",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_mark_korean_equals_the_reference_walk(pieces: list[str]) -> None:
    fragment = "".join(pieces)
    assert mark_korean(Html(fragment)) == reference_mark_korean(fragment)
