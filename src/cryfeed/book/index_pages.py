"""The book's index pages as MyST: newest, A-Z, collections, moods, artists.

Long song lists are HTML blocks (cryfeed.book.html) inside the MyST: MyST takes each as
one raw block instead of parsing a thousand links; cryfeed.sphinxext checks their links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.html import Html
from cryfeed.book.index import (
    Artist,
    BookIndex,
    artist_text,
    mood_title,
)
from cryfeed.book.myst import escape, paragraphs
from cryfeed.book.practice_pages import collection_flashcards
from cryfeed.book.song_pages import href, song_item
from cryfeed.models import Collection, Song
from cryfeed.text import plural

ORPHAN = "---\norphan: true\n---\n\n"


def md_path(docname: str, depth: int = 1) -> str:
    """A relative path from a generated page (depth folders deep) to another source page."""
    return "../" * depth + docname + ".md"


def myst_page(body: Iterable[str], orphan: bool = False) -> bytes:
    """A MyST page from its blocks (empty ones left out), each ending with one newline."""
    text = "\n".join(part.rstrip("\n") + "\n" for part in body if part)
    return ((ORPHAN if orphan else "") + text).encode("utf-8")


def _html_list(items: Iterable[Html]) -> str:
    return myst.html_block(html.bullets(items))


def _song_list(songs: Sequence[Song], with_artist: bool = True) -> str:
    return _html_list(song_item(song, with_artist=with_artist) for song in songs)


def render_newest(index: BookIndex) -> bytes:
    zone = ZoneInfo(index.catalog.site.timezone)
    out = [
        myst.label("newest"),
        "# Newest additions\n",
        f"All {len(index.oldest_first)} songs, the most recently added first. "
        f"New songs also arrive in the {myst.page_link('feeds', md_path('subscribe'))}.\n",
    ]
    months: dict[str, list[Html]] = {}
    for song in reversed(index.oldest_first):
        added = song.added.astimezone(zone)
        entry = Html(song_item(song) + f" · added {added.date().isoformat()}")
        months.setdefault(added.strftime("%B %Y"), []).append(entry)
    for month, entries in months.items():
        out.append(f"## {month}\n\n" + _html_list(entries))
    return myst_page(out)


def _initial(title: str) -> str:
    first = title.strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def render_a_to_z(index: BookIndex) -> bytes:
    songs = sorted(index.oldest_first, key=lambda s: (s.title.casefold(), s.artist.casefold()))
    groups: dict[str, list[Song]] = defaultdict(list)
    for song in songs:
        groups[_initial(song.title)].append(song)
    letters = sorted(groups, key=lambda letter: (letter == "#", letter))
    names = {letter: ("Other" if letter == "#" else letter) for letter in letters}
    anchors = {letter: f"a-z-{'other' if letter == '#' else letter.lower()}" for letter in letters}
    out = [
        myst.label("a-z"),
        "# Songs A\N{EN DASH}Z\n",
        f"All {len(songs)} songs by English title.\n",
        " · ".join(f"[{names[letter]}](#{anchors[letter]})" for letter in letters) + "\n",
    ]
    for letter in letters:
        out.append(myst.label(anchors[letter]) + f"## {names[letter]}\n")
        out.append(_song_list(groups[letter]))
    return myst_page(out)


def render_collections(index: BookIndex) -> bytes:
    out = [
        myst.label("collections"),
        "# Collections\n",
        "Each collection has its own feed, so you can follow only what you like.\n",
    ]
    items = []
    for collection in index.catalog.collections:
        count = len(index.by_collection[collection.id])
        items.append(
            f"- {myst.page_link(collection.title, md_path(urls.collection_doc(collection.id)))} "
            f"({plural(count, 'song')}): {escape(collection.description)}"
        )
    return myst_page([*out, "\n".join(items)])


def render_collection(collection: Collection, index: BookIndex) -> bytes:
    songs = list(reversed(index.by_collection[collection.id]))
    feeds_folder = f"../{urls.FEEDS_FOLDER}/"
    rss, json_feed = urls.collection_rss(collection.id), urls.collection_json_feed(collection.id)
    # The previews (cryfeed.book.feed_previews) hold the address to copy; the raw files
    # stay one click away for those who want them.
    feeds = (
        myst.page_link("RSS feed", md_path(urls.feed_preview_doc(rss)))
        + " · "
        + myst.page_link("JSON Feed", md_path(urls.feed_preview_doc(json_feed)))
        + "; or the files themselves: "
        + myst.external("RSS", feeds_folder + rss)
        + ", "
        + myst.external("JSON", feeds_folder + json_feed)
    )
    return myst_page(
        [
            myst.label(f"collection-{collection.id}"),
            f"# {escape(collection.title)}\n",
            paragraphs(collection.description) + "\n",
            f"Follow this collection: {feeds}.\n",
            f"## Songs, newest first\n\n{_song_list(songs)}" if songs else "",
            _collection_cards(collection, songs),
        ]
    )


def _collection_cards(collection: Collection, songs: list[Song]) -> str:
    # Oldest first, so a word's card comes from the first song of the collection that
    # taught it, and an appended song never changes the cards already there.
    cards = collection_flashcards(collection.id, list(reversed(songs)))
    return f"## Flashcards\n\n{myst.html_block(cards)}" if cards else ""


def render_moods(index: BookIndex) -> bytes:
    items = [
        f"- {myst.page_link(mood_title(mood), md_path(urls.mood_doc(mood)))} "
        f"({plural(len(songs), 'song')})"
        for mood, songs in index.by_mood.items()
    ]
    return myst_page(
        [
            myst.label("moods"),
            "# Moods\n",
            "Songs grouped by the feeling they carry.\n",
            "\n".join(items),
        ]
    )


def render_mood(mood: str, songs: Sequence[Song]) -> bytes:
    return myst_page(
        [
            myst.label(f"mood-{mood}"),
            f"# Mood: {escape(mood_title(mood))}\n",
            f"Songs with this mood, newest first. See also "
            f"{myst.page_link('all moods', md_path(urls.MOODS_DOC))}.\n",
            _song_list(list(reversed(songs))),
        ],
        orphan=True,
    )


def render_artists(index: BookIndex) -> bytes:
    artists = sorted(index.artists.values(), key=lambda a: (a.name.casefold(), a.slug))
    # A sentence before the list: link previews (sphinxext-opengraph) describe a page by
    # its first paragraph, and an HTML block is none.
    out = [
        myst.label("artists"),
        "# Artists\n",
        "Every artist in the catalog, by name, with the number of their songs; each "
        "artist's page lists them.\n",
    ]
    # An HTML list: as a MyST list, a link an artist, 10,000 songs' artists took seconds.
    return myst_page([*out, _html_list(map(_artist_item, artists))] if artists else out)


def _artist_item(artist: Artist) -> Html:
    name = html.text(artist_text(artist.name, artist.name_ko))
    link = html.page_link(name, href(urls.artist_doc(artist.slug)))
    return Html(f"{link} ({plural(len(artist.songs), 'song')})")
