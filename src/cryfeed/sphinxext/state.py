"""What the extension keeps during one build, on the Sphinx application (not in globals,
so two builds in one process never share it; forked reading workers inherit it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from cryfeed.book.rendered import find_pages

_ATTRIBUTE = "cryfeed_state"


@dataclass
class State:
    """pages: {docname: file} of the book's rendered pages, found when the builder
    starts; sidebars: the sidebar HTML of pages outside the table of contents, by folder
    depth and arguments (see compat.share_orphan_sidebar); template_checks: which of a
    section's templates render empty on a rendered page, and the ids their rendering
    took, by section, templates and page kind (see compat.share_template_checks)."""

    pages: dict[str, Path] = field(default_factory=dict)
    sidebars: dict[tuple[Any, ...], str] = field(default_factory=dict)
    template_checks: dict[tuple[Any, ...], tuple[list[str], list[str]]] = field(
        default_factory=dict
    )


def start(app: Sphinx) -> None:
    """A fresh state for this build (builder-inited)."""
    setattr(app, _ATTRIBUTE, State(pages=find_pages(Path(app.srcdir))))


def state(app: Sphinx) -> State:
    found = getattr(app, _ATTRIBUTE, None)
    if found is None:
        found = State()
        setattr(app, _ATTRIBUTE, found)
    assert isinstance(found, State)
    return found
