"""HTML builders for pages rendered outside Sphinx: data text is always escaped, never markup.

Song and artist pages skip Sphinx's parser (see cryfeed.book.rendered), so this module
writes the HTML Sphinx, sphinx-design and pydata-sphinx-theme would have written for the
same MyST: the same elements and classes, so the theme's CSS and scripts treat the pages
alike. tests/test_parity.py compares these shapes with what the installed Sphinx, theme
and sphinx-design write for the same content; the versions they were copied from are in
cryfeed.sphinxext.compat.

Escaping is a type: a builder takes plain text as str and escapes it, and takes markup
only as Html, which text() and the builders return. Code that composes fragments wraps
the result in Html(...) itself, so mypy refuses data passed where markup is expected.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NewType

from cryfeed.text import text_blocks, url, words

Html = NewType("Html", str)

_TAGS = re.compile(r"<[^>]*>")
# The start of every link page_link writes; page_links_in finds them by it.
_PAGE_LINK = '<a class="reference internal" href="'


def text(value: str) -> Html:
    """Inline data text: whitespace collapsed, escaped for an element or an attribute."""
    return Html(html.escape(words(value)))


def paragraphs(value: str) -> Html:
    """Multi-line data text as <p> elements: blank lines separate them, nothing else counts."""
    return Html(
        "".join(f"<p>{chr(10).join(map(text, block))}</p>\n" for block in text_blocks(value))
    )


def join(parts: Iterable[Html], separator: str = "") -> Html:
    """Fragments one after another; separator is markup written by cryfeed, never data."""
    return Html(separator.join(parts))


def page_link(label: Html, href: str) -> Html:
    """A link to another page of the book."""
    return _page_link(label, url(href))


def _page_link(label: Html, address: str) -> Html:
    return Html(f'{_PAGE_LINK}{html.escape(address)}">{label}</a>')


def page_links_in(fragment: Html) -> Iterator[str]:
    """The address (without #fragment) of every page_link in HTML written by this module.

    Only for HTML blocks on MyST pages, which reach Sphinx as text; a rendered page
    carries its links (Page.links) instead."""
    start = fragment.find(_PAGE_LINK)
    while start != -1:
        start += len(_PAGE_LINK)
        end = fragment.index('"', start)
        yield html.unescape(fragment[start:end]).partition("#")[0]
        start = fragment.find(_PAGE_LINK, end)


def external(label: Html, address: str) -> Html:
    """A link out of the book (http or https, checked by the models)."""
    return Html(f'<a class="reference external" href="{html.escape(url(address))}">{label}</a>')


def bullets(items: Iterable[Html]) -> Html:
    """A list as docutils writes a simple one."""
    return Html(
        '<ul class="simple">\n' + "".join(f"<li><p>{i}</p></li>\n" for i in items) + "</ul>\n"
    )


# The class of tables that become stacked cards on a phone (sphinxext/static/words.css).
STACKED_CLASS = "cryfeed-stacked"


def table(headers: Sequence[str], rows: Iterable[Sequence[Html]], stacked: bool = False) -> Html:
    """A table as pydata-sphinx-theme wraps docutils' tables; headers are plain text.

    A stacked table shows each row as a card of labelled cells on narrow screens (each
    cell names its column in data-label), so no column is pushed off-screen."""
    head = "".join(f'<th class="head"><p>{html.escape(h)}</p></th>\n' for h in headers)
    cell = [f'<td data-label="{html.escape(h)}">' if stacked else "<td>" for h in headers]
    body = [
        f'<tr class="row-{"odd" if number % 2 else "even"}">'
        + "\n".join(f"{cell[column]}<p>{value}</p></td>" for column, value in enumerate(row))
        + "\n</tr>\n"
        for number, row in enumerate(rows)
    ]
    classes = f"table {STACKED_CLASS}" if stacked else "table"
    return Html(
        f'<div class="pst-scrollable-table-container"><table class="{classes}">\n'
        f'<thead>\n<tr class="row-odd">{head}</tr>\n</thead>\n'
        f"<tbody>\n{''.join(body)}</tbody>\n</table>\n</div>\n"
    )


@functools.cache
def _chevron() -> str:
    # The marker sphinx-design's dropdown directive draws, from its own icon set.
    from sphinx_design.icons import get_octicon

    return str(get_octicon("chevron-right", height="1.5em"))


def dropdown(title: str, body: Html) -> Html:
    """A closed sphinx-design dropdown (a <details>): no script needed to open it; title
    is plain text."""
    return Html(
        '<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3">\n'
        '<summary class="sd-summary-title sd-card-header">\n'
        f'<span class="sd-summary-text">{html.escape(title)}</span>'
        f'<span class="sd-summary-state-marker sd-summary-chevron-right">{_chevron()}</span>'
        '</summary><div class="sd-summary-content sd-card-body docutils">\n'
        + body.replace("<p>", '<p class="sd-card-text">')
        + "</div>\n</details>\n"
    )


def blockquote(body: Html) -> Html:
    """A block quote as docutils writes one."""
    return Html(f"<blockquote>\n<div>{body}</div></blockquote>\n")


RULE = Html('<hr class="docutils" />\n')

# sphinx-design's button classes (as its button-link directive writes them, less the
# link's own), so the copy button looks like the theme's buttons; tests/test_parity.py
# checks them against sphinx-design.
BUTTON_CLASSES = "sd-sphinx-override sd-btn sd-text-wrap sd-btn-primary"
# The script that shows and works the copy button, from cryfeed.sphinxext's static folder.
COPY_SCRIPT = "copy-address.js"


def copy_field(field_id: str, label: str, value: str, button: str) -> Html:
    """A read-only text field holding value (a URL, shown whole and selectable with no
    script) and a button that copies it, hidden until COPY_SCRIPT shows it: without
    JavaScript a button that does nothing would only mislead. field_id is an ASCII id
    made by cryfeed; label (the field's accessible name), value and button are plain text.
    No Sphinx directive writes a form field; its classes are cryfeed's own (cryfeed.css)."""
    return Html(
        '<div class="cryfeed-copy-field">\n'
        f'<input id="{field_id}" class="cryfeed-copy-input" type="text" readonly="readonly" '
        f'value="{html.escape(value)}" aria-label="{html.escape(label)}" spellcheck="false" />\n'
        f'<button class="{BUTTON_CLASSES} cryfeed-copy-button" type="button" '
        f'data-copy-from="{field_id}" hidden="hidden">{html.escape(button)}</button>\n'
        '<span class="cryfeed-copy-status" role="status"></span>\n'
        "</div>\n"
    )


# html.escape writes these five; any other reference goes through html.unescape.
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&amp;", "&"))
_OTHER_REFERENCE = re.compile(r"&(?!(?:lt|gt|quot|#x27|amp);)")


def plain(fragment: Html) -> str:
    """The text of HTML written by this module (for the search index)."""
    text = _TAGS.sub(" ", fragment)
    if _OTHER_REFERENCE.search(text):
        text = html.unescape(text)
    else:
        # A song page's text is 30 kB: html.unescape's call per reference took a third
        # of turning it into text; the five escapes html.escape writes, replaced in turn
        # (&amp; last, so "&amp;lt;" stays "&lt;"), give the same text.
        for reference, character in _ESCAPES:
            text = text.replace(reference, character)
    return " ".join(text.split())


def section(anchor: str, title: str, body: Html, level: int = 2) -> Html:
    """A <section> with its heading and permalink, as Sphinx and the theme write one;
    anchor is an ASCII id made by cryfeed, title plain text."""
    return Html(
        f'<section id="{anchor}">\n<h{level}>{html.escape(title)}<a class="headerlink" '
        f'href="#{anchor}" title="Link to this heading">#</a></h{level}>\n{body}</section>\n'
    )


@dataclass
class Page:
    """One page's article as it is built: its title, its sections (for the page's table of
    contents), the links it makes to other pages of the book, and its body. Builders
    number tab sets per page, as sphinx-design does."""

    title: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    parts: list[Html] = field(default_factory=list)
    _tab_sets: int = 0
    _tab_items: int = 0

    def add(self, fragment: Html) -> None:
        self.parts.append(fragment)

    def link(self, label: Html, href: str) -> Html:
        """A page_link that the page remembers, so its target can be checked."""
        address = url(href)
        self.links.append(address.partition("#")[0])  # as the page writes it
        return _page_link(label, address)

    def section(self, anchor: str, title: str, body: Html) -> None:
        """An <h2> section; anchor is an ASCII id made by cryfeed, title plain text."""
        self.sections.append((anchor, title))
        self.parts.append(section(anchor, title, body))

    def tabs(self, items: Sequence[tuple[str, Html]]) -> Html:
        """A sphinx-design tab set of (label as plain text, body); the first tab is selected.

        Pure CSS: radio inputs sharing a name, so the tabs work without scripts."""
        name = f"sd-tab-set-{self._tab_sets}"
        self._tab_sets += 1
        out = ['<div class="sd-tab-set docutils">\n']
        for number, (label, body) in enumerate(items):
            item = f"sd-tab-item-{self._tab_items}"
            self._tab_items += 1
            checked = 'checked="checked" ' if number == 0 else ""
            out.append(
                f'<input {checked}id="{item}" name="{name}" type="radio">\n'
                f'<label class="sd-tab-label" for="{item}">{html.escape(label)}</label>'
                f'<div class="sd-tab-content docutils">\n{body}</div>\n'
            )
        out.append("</div>\n")
        return Html("".join(out))

    def body(self, anchor: str) -> Html:
        """The article: an <h1> section holding everything added."""
        return section(anchor, self.title, join(self.parts), level=1)


def korean(value: str) -> Html:
    """Korean data text marked as Korean (lang="ko"), so screen readers and speech engines
    read it as Korean; static/practice.js adds a listen button to it."""
    return Html(f'<span lang="ko">{text(value)}</span>')


def korean_with_reading(
    value: str, romanization: Callable[[str], str], pronunciation: Callable[[str], str]
) -> Html:
    """Korean text (lang="ko") with each word's romanization and pronunciation above it as
    <ruby>; both stay hidden unless the reader switches one on (sphinxext/static/words.css,
    practice.js). No reading crosses a space, so each word takes its own; a word said as
    it is written has no pronunciation above it."""
    parts = [_reading(word, romanization, pronunciation) for word in words(value).split(" ")]
    return Html(f'<span lang="ko">{" ".join(parts)}</span>')


# A catalog's sentences are made of the same few thousand words: each word's markup is
# made once (the key is every input; the functions are module-level and pure).
@functools.lru_cache(maxsize=65536)
def _reading(
    word: str, romanization: Callable[[str], str], pronunciation: Callable[[str], str]
) -> str:
    """One word of korean_with_reading."""
    roman, said = romanization(word), pronunciation(word)
    if roman == word and said == word:
        return html.escape(word)
    ruby = [html.escape(word)]
    if roman != word:
        roman = html.escape(roman)
        ruby.append(f'<rp>(</rp><rt class="cf-rr" lang="ko-Latn">{roman}</rt><rp>)</rp>')
    if said != word:
        ruby.append(f'<rp>[</rp><rt class="cf-pron">{html.escape(said)}</rt><rp>]</rp>')
    return f"<ruby>{''.join(ruby)}</ruby>"


# Hangul (syllables, jamo, compatibility jamo) and the digits and punctuation a Korean phrase keeps
# inside one run: a sentence is one run, so it gets one lang="ko" and one listen button.
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
KOREAN_RUN = re.compile(f"[{_HANGUL}]+(?:[\\s\\d.,!?~…/()\\-]*[{_HANGUL}]+)*")
# A start tag with a lang attribute (its name and language).
_LANG_START = re.compile(r"""<([A-Za-z][\w:-]*)\s[^>]*?\blang=["']([^"']*)["'][^>]*>""")


def is_korean_language(tag: str) -> bool:
    """Whether a lang attribute says Korean in Hangul (ko, ko-KR; not ko-Latn)."""
    parts = tag.lower().split("-")
    return parts[0] == "ko" and "latn" not in parts


def mark_korean(fragment: Html) -> Html:
    """The fragment with every run of Hangul in its text, outside an element already
    marked Korean, wrapped in <span lang="ko">: English prose naming a Korean word (an
    explanation, a title with its Hangul in brackets) is read in the right voice too.

    For well-formed HTML without scripts or comments holding ">" (what this module and
    Sphinx write): tags and attributes are copied as they are, only text between them
    changes. Regular expressions do the walking, so a page costs a fraction of a
    millisecond (an element-by-element parse cost several)."""
    if not KOREAN_RUN.search(fragment):
        return fragment
    out: list[str] = []
    position = 0
    while position < len(fragment):
        start = _lang_start(fragment, position)
        while start is not None and not is_korean_language(start[2]):
            start = _lang_start(fragment, start.end())
        text_end = start.start() if start else len(fragment)
        out.append(_mark_runs(fragment[position:text_end]))
        if start is None:
            break
        # Copy the Korean element whole: to the end tag closing it (same-name tags nest).
        name, depth, end = start[1], 1, start.end()
        if not start[0].endswith("/>"):
            for tag in _end_tags(name).finditer(fragment, start.end()):
                if not tag[2]:
                    depth += -1 if tag[1] else 1
                end = tag.end()
                if depth == 0:
                    break
            else:
                end = len(fragment)
        out.append(fragment[text_end:end])
        position = end
    return Html("".join(out))


def _lang_start(fragment: str, position: int) -> re.Match[str] | None:
    """_LANG_START.search(fragment, position), tried only at the "<" before each "lang="
    (which every match holds, with no ">" between): a regular expression walks Hangul
    text several times slower than str.find, and a song page is 20 kB of it."""
    tried = position  # every "<" before this either failed or cannot start a match
    found = fragment.find("lang=", position)
    while found != -1:
        opening = fragment.find("<", max(tried, fragment.rfind(">", tried, found) + 1), found)
        while opening != -1:
            match = _LANG_START.match(fragment, opening)
            if match is not None:
                return match
            opening = fragment.find("<", opening + 1, found)
        tried = found
        found = fragment.find("lang=", found + 1)
    return None


@functools.lru_cache(maxsize=64)
def _end_tags(name: str) -> re.Pattern[str]:
    """The start and end tags of elements named name."""
    return re.compile(rf"<(/?){re.escape(name)}\b[^>]*?(/?)>", re.IGNORECASE)


def _mark_runs(text: str) -> str:
    """Every Korean run in the text of a stretch holding no Korean element, marked.

    One pass that stops at runs only (a pass over tags and runs cost a Python call per
    tag): a run is in a tag (read left to right, a tag is "<" to the first ">") when a
    "<" comes after the last ">" before it and a ">" after it (runs hold neither)."""
    if text.isascii():  # most stretches: no Hangul, and no regular expression walk
        return text

    def mark(found: re.Match[str]) -> str:
        here = found.start()
        if text.rfind("<", 0, here) > text.rfind(">", 0, here) and text.find(">", here) != -1:
            return found[0]
        return f'<span lang="ko">{found[0]}</span>'

    return KOREAN_RUN.sub(mark, text)


