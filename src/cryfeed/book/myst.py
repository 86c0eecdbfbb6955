"""MyST escaping and small markup builders: data text placed in a page stays plain text."""

from __future__ import annotations

import string

from cryfeed.book.html import Html
from cryfeed.text import text_blocks, url, words

# CommonMark lets a backslash escape any ASCII punctuation, and an escaped character is
# never markup: no directive, role, link, HTML, math, emphasis, table cell or fence.
_ESCAPES = {ord(char): "\\" + char for char in string.punctuation}


def escape(text: str) -> str:
    """Inline text: punctuation escaped, whitespace collapsed, safe in a line or a table cell."""
    return words(text).translate(_ESCAPES)


def paragraphs(text: str) -> str:
    """Multi-line text as escaped paragraphs: blank lines separate them, nothing else counts."""
    return "\n\n".join("\n".join(map(escape, block)) for block in text_blocks(text))


def link(text: str, destination: str) -> str:
    """A link with escaped text; destination is a page path or an http(s) URL."""
    return f"[{escape(text)}]({url(destination)})"


# The class cryfeed.sphinxext looks for on links between book pages (see page_link).
PAGE_LINK_CLASS = "cryfeed-page"


def page_link(text: str, source: str) -> str:
    """A link to another page of the book, by the relative path of its .md source.

    Written as the page's HTML address with the external class, so MyST makes a plain
    reference instead of a cross-reference that Sphinx must look up (a file check while
    reading, a resolution while writing: most of the cost of index pages holding
    thousands of links). cryfeed.sphinxext checks each one against the book's pages while
    reading (a missing page is a warning, so an error) and marks it internal again.
    """
    destination = source.removesuffix(".md") + ".html"
    return f"[{escape(text)}]({url(destination)}){{.external .{PAGE_LINK_CLASS}}}"


# The directive cryfeed.sphinxext makes a glossary page's index entries with (one JSON
# line of [anchor, term] pairs; see cryfeed.book.glossary).
GLOSSARY_INDEX_DIRECTIVE = "cryfeed-glossary-index"


def external(text: str, destination: str) -> str:
    """A link written as it is, never checked against the book (feeds, downloads, outside)."""
    return f"[{escape(text)}]({url(destination)}){{.external}}"


def label(name: str) -> str:
    """A MyST target line for an ASCII name made by cryfeed, never by data."""
    return f"({name})=\n"


def html_block(fragment: Html) -> str:
    """HTML written by cryfeed.book.html (data escaped), as a CommonMark HTML block.

    Such a block starts with a block-level tag and ends at the first blank line, so the
    fragment must hold none (the HTML builders never write one)."""
    if not fragment.startswith("<") or "\n\n" in fragment or "\n \n" in fragment:
        raise ValueError("an HTML block must start with a tag and hold no blank line")
    return fragment.rstrip("\n") + "\n"


def fence(name: str, body: str, argument: str = "", colons: int = 3) -> str:
    """A colon-fenced directive; body is already MyST (escaped data or cryfeed markup)."""
    marks = ":" * colons
    head = f"{marks}{{{name}}} {argument}".rstrip()
    return f"{head}\n{body}\n{marks}\n"
