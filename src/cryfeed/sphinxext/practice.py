"""The practice script and styles on the pages that use them (Korean text, flashcards),
and the practice downloads at their own stable addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from cryfeed import urls
from cryfeed.book.practice_pages import FLASHCARDS_CLASS, REVIEW_CLASS
from cryfeed.writer import atomic_write

SCRIPT = "practice.js"
# How Korean text is marked on every page (cryfeed.sphinxext.korean, html.mark_korean).
KOREAN_MARK = 'lang="ko"'
STYLES = "practice.css"


def add_practice_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Only pages with Korean text (marked lang="ko": its listen buttons and readings
    switch), flashcards or the review load the script (html-page-context: Sphinx adds a
    file named here to this page alone)."""
    if uses_practice(context.get("body") or ""):
        app.add_js_file(SCRIPT, defer="defer")
        app.add_css_file(STYLES)


def uses_practice(body: str) -> bool:
    """Whether a page of this article loads the practice script and styles (a page's
    kind, for cryfeed.sphinxext.shells, says so too)."""
    return (
        KOREAN_MARK in body
        or f'class="{FLASHCARDS_CLASS}"' in body
        or f'class="{REVIEW_CLASS}"' in body
    )


def copy_downloads(app: Sphinx, exception: BaseException | None) -> None:
    """Copy the Anki files and the word list to the same paths in the site (build-finished),
    rewriting only what changed."""
    if exception is not None or app.builder.format != "html":
        return
    for name in urls.STABLE_DOWNLOADS:
        source = Path(app.srcdir) / name
        if not source.is_file():
            continue
        target = Path(app.outdir) / name
        data = source.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
