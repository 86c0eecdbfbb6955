"""What the chapters share: songs named inline, and a list as one HTML block."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.html import Html
from cryfeed.book.song_pages import href, song_item
from cryfeed.models import Song

# Songs named after a word or a sentence, the first ones added; the glossary lists every one.
SONGS_SHOWN = 5


def songs_inline(songs: Sequence[Song], limit: int = SONGS_SHOWN, english: bool = False) -> Html:
    """The first `limit` songs linked, then "and more" if there are more; by their English
    titles alone when `english` (the Korean one is shown already).

    Not how many more: that count changed the chapters with every song appended, and an
    incremental build then rereads them all; the first songs stay put."""
    shown = html.join(
        (
            html.page_link(html.text(s.title), href(urls.song_doc(s.id)))
            if english
            else song_item(s, with_artist=False)
            for s in songs[:limit]
        ),
        ", ",
    )
    return Html(shown + (" and more" if len(songs) > limit else ""))


def html_list(items: Iterable[Html], empty: str) -> str:
    """A bulleted list as one MyST HTML block, or the `empty` sentence (MyST) if none."""
    found = list(items)
    return myst.html_block(html.bullets(found)) if found else empty + "\n"


def korean(text: str) -> Html:
    """Korean text, marked as Korean for screen readers and fonts."""
    return Html(f'<span lang="ko">{html.text(text)}</span>')
