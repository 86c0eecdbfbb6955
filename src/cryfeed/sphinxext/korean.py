"""Korean marked as Korean on MyST pages: every run of Hangul gets lang="ko"."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.transforms import Transform

from cryfeed.book.html import KOREAN_RUN, Html, is_korean_language, mark_korean

# Docutils' HTML writers (and so Sphinx's) write a class language-<tag> as lang="<tag>":
# the standard way to say a node's language, with no markup in the MyST sources, so data
# text stays plain escaped text and hand-written pages need nothing either.
LANGUAGE_CLASS = "language-ko"
# Text that is not prose: never split (Sphinx highlights code blocks from their text).
_VERBATIM = (nodes.literal_block, nodes.comment, nodes.math, nodes.math_block, nodes.raw)


def _korean(node: nodes.Element) -> bool:
    """Whether the node or an ancestor is already marked Korean."""
    current: Any = node
    while current is not None:
        for name in current.get("classes", ()):
            if name.startswith("language-"):
                return is_korean_language(name.removeprefix("language-"))
        current = current.parent
    return False


# docutils ships no types: Transform is Any to mypy.
class MarkKorean(Transform):  # type: ignore[misc]
    """Every run of Hangul in a page's text becomes an inline node of LANGUAGE_CLASS, a code
    block holding Hangul takes the class itself, and HTML blocks (cryfeed.book.html's
    lists and tables) get html.mark_korean. Headings are marked too, so the sidebar, the
    page's table of contents and the previous/next links (copied from them) are."""

    # Late, after the parser's own transforms, but before DoctreeReadEvent (880), which
    # hands the page to the table of contents collector and cryfeed's link checks.
    default_priority = 850

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and KOREAN_RUN.search(raw.astext()):
                raw[0] = nodes.Text(mark_korean(Html(raw.astext())))
        for block in self.document.findall(nodes.literal_block):
            if KOREAN_RUN.search(block.astext()) and not _korean(block):
                block["classes"].append(LANGUAGE_CLASS)
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if (
                parent is None
                or not KOREAN_RUN.search(text)
                or any(isinstance(n, _VERBATIM) for n in _lineage(parent))
                or _korean(parent)
            ):
                continue
            parent.replace(text, _split(str(text)))


def _lineage(node: nodes.Element) -> list[Any]:
    found: list[Any] = []
    current: Any = node
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def _split(text: str) -> list[nodes.Node]:
    """Text as plain pieces and Korean runs (each an inline node of LANGUAGE_CLASS)."""
    pieces: list[nodes.Node] = []
    end = 0
    for run in KOREAN_RUN.finditer(text):
        if run.start() > end:
            pieces.append(nodes.Text(text[end : run.start()]))
        pieces.append(nodes.inline(run[0], run[0], classes=[LANGUAGE_CLASS]))
        end = run.end()
    if end < len(text):
        pieces.append(nodes.Text(text[end:]))
    return pieces
