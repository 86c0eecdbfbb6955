"""Pages rendered outside Sphinx: the file format between cryfeed.book and cryfeed.sphinxext.

Why: Sphinx spends about 45 ms of CPU on every MyST page (parse, transforms, resolve,
write), so a thousand song pages and their artist pages took over a minute. These pages
are the same few shapes filled with data, so cryfeed.book renders their HTML itself
(cryfeed.book.html) into `<folder>/<name>.json` beside the MyST sources, and
cryfeed.sphinxext hands them to Sphinx's html-collect-pages: the theme's own page
template wraps each one, and each goes into the search index. Only the page layout is
Sphinx's work then, a few milliseconds a page.

A page carries what its renderer knew (the links it makes to other pages, its plain
text, its summary for link previews, the scripts it needs), so the extension checks
links, indexes words and writes the page's metadata without reading the HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cryfeed import urls

# Folders whose pages are rendered outside Sphinx (the book renderer owns them).
PAGE_FOLDERS = ("songs", "artists", urls.FEED_PREVIEW_FOLDER)
PAGE_SUFFIX = ".json"
# 2: links and text added; 3: description, scripts and searchable added.
FORMAT = 3


@dataclass(frozen=True)
class RenderedPage:
    """title: plain text; anchor: the id of the page's <h1> section; body: the article's
    HTML; sections: (anchor, title) of each <h2>, for the page's table of contents;
    links: the address of each link to another page of the book, relative to this page,
    without #fragment; text: the article's words, for the search index; description:
    plain text, a sentence or two for link previews (Open Graph) and search engines;
    scripts: files of cryfeed.sphinxext's static folder this page loads; searchable:
    whether the page goes into the search index (a feed preview repeats the song titles
    of other pages, so searching for a song would find it too)."""

    title: str
    anchor: str
    body: str
    sections: tuple[tuple[str, str], ...]
    links: tuple[str, ...]
    text: str
    description: str
    scripts: tuple[str, ...] = ()
    searchable: bool = True

    def dump(self) -> bytes:
        data = {
            "format": FORMAT,
            "title": self.title,
            "anchor": self.anchor,
            "sections": [list(section) for section in self.sections],
            "links": list(self.links),
            "text": self.text,
            "description": self.description,
            "scripts": list(self.scripts),
            "searchable": self.searchable,
            "body": self.body,
        }
        # One key a line, each value encoded whole: json.dumps with indent= takes the
        # pure-Python encoder, which cost a fifth of rendering a thousand songs.
        lines = [
            f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in data.items()
        ]
        return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")

    @classmethod
    def load(cls, raw: bytes) -> RenderedPage:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"page format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            title=data["title"],
            anchor=data["anchor"],
            body=data["body"],
            sections=tuple((anchor, title) for anchor, title in data["sections"]),
            links=tuple(data["links"]),
            text=data["text"],
            description=data["description"],
            scripts=tuple(data["scripts"]),
            searchable=data["searchable"],
        )


def page_source(docname: str) -> str:
    return docname + PAGE_SUFFIX


def find_pages(book_dir: Path) -> dict[str, Path]:
    """{docname: file} of every rendered page in the book folder, sorted by docname."""
    found = {}
    for folder in PAGE_FOLDERS:
        for path in sorted((book_dir / folder).glob("*" + PAGE_SUFFIX)):
            found[f"{folder}/{path.name.removesuffix(PAGE_SUFFIX)}"] = path
    return found
