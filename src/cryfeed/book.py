"""Book sources from the catalog: song pages, index pages, glossary, grammar index, _toc.yml.

A pure renderer: `render_book(catalog)` returns {path relative to book/: bytes}. Song,
mood and artist pages are orphans reached from the index pages, so the sidebar (which
every page renders) stays small however many songs there are. Song and artist pages are
rendered to HTML here (see cryfeed.pages); the others are MyST for Sphinx.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from cryfeed import markup, myst, urls
from cryfeed.catalog import slugify, unique_id
from cryfeed.korean import romanize
from cryfeed.models import Catalog, Collection, Song
from cryfeed.myst import escape, paragraphs
from cryfeed.pages import RenderedPage, page_source

# Folders the renderer owns: everything under them is generated (and gitignored).
GENERATED_FOLDERS = ("songs", "collections", "moods", "artists", "generated")
TOC_FILE = "_toc.yml"
VOCABULARY_FILE = "generated/vocabulary.tsv"
RELATED_LIMIT = 5
# Related songs come from the songs added just before within each shared group, so an
# appended song never changes another page's list unless that page had too few.
RELATED_WINDOW = 8
ORPHAN = "---\norphan: true\n---\n\n"
LINK_KINDS = {
    "video": "Watch the video",
    "audio": "Listen",
    "official": "Official page",
    "article": "Article",
    "other": "Link",
}
PARTS_OF_SPEECH_ABBREVIATED = {"auxiliary": "aux.", "adjective": "adj.", "adverb": "adv."}


def song_doc(song_id: str) -> str:
    return urls.song_page(song_id).removesuffix(".html")


def collection_doc(collection_id: str) -> str:
    return urls.collection_page(collection_id).removesuffix(".html")


def mood_doc(mood: str) -> str:
    return f"moods/{mood}"


def artist_doc(slug: str) -> str:
    return f"artists/{slug}"


def grammar_label(pattern: str) -> str:
    """An ASCII label for a grammar pattern (patterns are Hangul and punctuation)."""
    digest = hashlib.sha1(myst.words(pattern).encode("utf-8")).hexdigest()[:10]
    return f"grammar-{digest}"


def mood_title(mood: str) -> str:
    return mood.replace("-", " ")


def _to(docname: str, depth: int = 1) -> str:
    """A relative path from a generated page (one folder deep) to another source page."""
    return "../" * depth + docname + ".md"


def _page(body: Iterable[str], orphan: bool = False) -> bytes:
    text = "\n".join(part.rstrip("\n") + "\n" for part in body if part)
    return ((ORPHAN if orphan else "") + text).encode("utf-8")


@dataclass
class Artist:
    slug: str
    name: str
    name_ko: str | None
    songs: list[Song] = field(default_factory=list)


@dataclass
class BookIndex:
    """Everything the pages share, computed once: orders, groups, neighbours."""

    catalog: Catalog
    oldest_first: list[Song]
    position: dict[str, int]
    collections: dict[str, Collection]
    by_collection: dict[str, list[Song]]
    by_mood: dict[str, list[Song]]
    artists: dict[str, Artist]
    artist_of: dict[str, str]

    @classmethod
    def build(cls, catalog: Catalog) -> BookIndex:
        oldest = list(reversed(catalog.newest_first()))
        by_collection: dict[str, list[Song]] = {c.id: [] for c in catalog.collections}
        by_mood: dict[str, list[Song]] = defaultdict(list)
        artists: dict[str, Artist] = {}
        artist_key: dict[str, str] = {}
        artist_of: dict[str, str] = {}
        for song in oldest:
            for collection in song.collections:
                by_collection[collection].append(song)
            for mood in dict.fromkeys(song.moods):
                by_mood[mood].append(song)
            key = myst.words(song.artist).casefold()
            if key not in artist_key:
                # Slugs are handed out oldest first, so an append never renames a page.
                slug = unique_id(slugify(song.artist) or "artist", artists)
                artist_key[key] = slug
                artists[slug] = Artist(slug, myst.words(song.artist), song.artist_ko)
            artist = artists[artist_key[key]]
            artist.name_ko = artist.name_ko or song.artist_ko
            artist.songs.append(song)
            artist_of[song.id] = artist.slug
        return cls(
            catalog=catalog,
            oldest_first=oldest,
            position={song.id: index for index, song in enumerate(oldest)},
            collections={c.id: c for c in catalog.collections},
            by_collection=by_collection,
            by_mood=dict(sorted(by_mood.items())),
            artists=artists,
            artist_of=artist_of,
        )

    def related(self, song: Song) -> list[Song]:
        """Songs sharing a collection or mood: earlier additions first (most shared, then
        nearest in time), later ones only when there are too few earlier ones."""
        here = self.position[song.id]
        earlier: dict[str, int] = defaultdict(int)
        later: dict[str, int] = defaultdict(int)
        groups = [self.by_collection[c] for c in dict.fromkeys(song.collections)]
        groups += [self.by_mood[m] for m in dict.fromkeys(song.moods)]
        for group in groups:
            keys = [self.position[s.id] for s in group]  # group is oldest first
            at = bisect.bisect_left(keys, here)
            for other in group[max(0, at - RELATED_WINDOW) : at]:
                earlier[other.id] += 1
            for other in group[at + 1 : at + 1 + RELATED_WINDOW]:
                later[other.id] += 1

        def ranked(shared: dict[str, int]) -> list[str]:
            return sorted(
                shared, key=lambda other: (-shared[other], abs(self.position[other] - here))
            )

        chosen = (ranked(earlier) + ranked(later))[:RELATED_LIMIT]
        return [self.oldest_first[self.position[other]] for other in chosen]


# ---------------------------------------------------------------- small pieces


def _has_own_korean_title(song: Song) -> bool:
    return bool(song.title_ko) and myst.words(song.title_ko or "") != myst.words(song.title)


def song_title_text(song: Song) -> str:
    """How a song is named in lists: the title, then the Hangul title if it differs."""
    return f"{song.title} ({song.title_ko})" if _has_own_korean_title(song) else song.title


def _artist_text(name: str, name_ko: str | None) -> str:
    # Names keep the spelling the artists use; a romanized name would mislead.
    return f"{name} ({name_ko})" if name_ko else name


def _added_day(song: Song, zone: ZoneInfo) -> str:
    return song.added.astimezone(zone).date().isoformat()


def _songs(count: int) -> str:
    return f"{count} song{'s' * (count != 1)}"


def _part_of_speech(pos: str) -> str:
    return PARTS_OF_SPEECH_ABBREVIATED.get(pos, pos)


# ---------------------------------------------------------------- song pages
# Rendered as HTML, outside Sphinx (see cryfeed.pages): markup.text escapes all data.


def _href(docname: str, anchor: str = "") -> str:
    """A link from a page one folder deep to another page's HTML."""
    return f"../{docname}.html" + (f"#{anchor}" if anchor else "")


def vocab_anchor(word: str) -> str:
    """The id cryfeed.sphinxext gives a glossary term: ASCII, stable, one per spelling
    (Sphinx's own term ids for Hangul are serial numbers that shift with every new word)."""
    return "vocab-" + myst.words(word).lower().encode("utf-8").hex()


def _glossary_href(word: str) -> str:
    return _href(glossary_doc(glossary_initial(myst.words(word))), vocab_anchor(word))


def _song_item(song: Song, with_artist: bool = True) -> str:
    item = markup.page_link(markup.text(song_title_text(song)), _href(song_doc(song.id)))
    return item + (f" — {markup.text(song.artist)}" if with_artist else "")


def _facts(song: Song, index: BookIndex) -> str:
    artist = index.artists[index.artist_of[song.id]]
    name = markup.text(_artist_text(song.artist, song.artist_ko))
    lines = ["<strong>Artist:</strong> " + markup.page_link(name, _href(artist_doc(artist.slug)))]
    if song.released:
        lines.append(f"<strong>Released:</strong> {markup.text(song.released)}")
    if song.album:
        lines.append(f"<strong>Album:</strong> {markup.text(song.album)}")
    collections = [
        markup.page_link(markup.text(index.collections[c].title), _href(collection_doc(c)))
        for c in dict.fromkeys(song.collections)
    ]
    lines.append("<strong>Collections:</strong> " + ", ".join(collections))
    if song.moods:
        moods = [
            markup.page_link(markup.text(mood_title(m)), _href(mood_doc(m)))
            for m in dict.fromkeys(song.moods)
        ]
        lines.append("<strong>Moods:</strong> " + ", ".join(moods))
    zone = ZoneInfo(index.catalog.site.timezone)
    lines.append(f"<strong>Added:</strong> {_added_day(song, zone)}")
    return markup.bullets(lines)


def _listen(song: Song, page: markup.Page) -> None:
    if song.links:
        items = [
            markup.external(markup.text(link.label or LINK_KINDS[link.kind]), link.url)
            for link in song.links
        ]
        page.section("listen", "Listen", markup.bullets(items))


def _breakdown(song: Song, page: markup.Page) -> None:
    if not song.study or not song.study.title_breakdown:
        return
    rows = [
        (
            markup.text(part.text),
            f"<em>{markup.text(romanize(part.text))}</em>",
            markup.text(part.lemma),
            markup.text(part.gloss),
            markup.text(_part_of_speech(part.pos)),
        )
        for part in song.study.title_breakdown
    ]
    headers = ("Part", "Romanization", "Dictionary form", "Meaning", "Part of speech")
    page.section("the-title-part-by-part", "The title, part by part", markup.table(headers, rows))


def _lines(song: Song, page: markup.Page) -> None:
    if not song.study or not song.study.lines:
        return
    out = []
    for line in song.study.lines:
        out.append(
            f"<p><strong>{markup.text(line.ko)}</strong><br />\n"
            f"<em>{markup.text(romanize(line.ko))}</em></p>\n"
        )
        tabs = [
            ("Literal", f"<p>{markup.text(line.literal)}</p>\n"),
            ("Natural", f"<p>{markup.text(line.natural)}</p>\n"),
        ]
        out.append(page.tabs(tabs))
        if line.note:
            out.append(markup.paragraphs(line.note))
    page.section("lines", "Lines", "".join(out))


def _vocabulary(song: Song, page: markup.Page) -> None:
    if not song.study or not song.study.vocabulary:
        return
    rows = [
        (
            markup.page_link(
                markup.text(word.word),
                _glossary_href(word.word),
            ),
            f"<em>{markup.text(word.word_rr)}</em>",
            markup.text(word.lemma or ""),
            markup.text(word.meaning),
            markup.text(_part_of_speech(word.pos)),
        )
        for word in song.study.vocabulary
    ]
    headers = ("Word", "Romanization", "Dictionary form", "Meaning", "Part of speech")
    page.section("vocabulary", "Vocabulary", markup.table(headers, rows))


def _grammar(song: Song, page: markup.Page) -> None:
    if not song.study or not song.study.grammar:
        return
    out = []
    for point in song.study.grammar:
        pattern = markup.page_link(
            markup.text(point.pattern), _href("generated/grammar", grammar_label(point.pattern))
        )
        out.append(f"<p><strong>{pattern}</strong>: {markup.text(point.meaning)}</p>\n")
        out.append(markup.paragraphs(point.explanation))
        if point.example_ko:
            example = (
                f"{markup.text(point.example_ko)}<br />\n"
                f"<em>{markup.text(romanize(point.example_ko))}</em>"
            )
            if point.example_en:
                example += f"<br />\n{markup.text(point.example_en)}"
            out.append(f"<blockquote>\n<div><p>{example}</p>\n</div></blockquote>\n")
    page.section("grammar", "Grammar", "".join(out))


def _culture(song: Song, page: markup.Page) -> None:
    if song.study and song.study.culture:
        page.section("culture-note", "Culture note", markup.paragraphs(song.study.culture))


def _check(song: Song, page: markup.Page) -> None:
    if not song.study or not song.study.check:
        return
    out = []
    for number, item in enumerate(song.study.check, start=1):
        out.append(f"<p><strong>{number}.</strong> {markup.text(item.question)}</p>\n")
        out.append(markup.dropdown("Show the answer", markup.paragraphs(item.answer)))
    page.section("check-yourself", "Check yourself", "".join(out))


def _related(song: Song, index: BookIndex, page: markup.Page) -> None:
    related = index.related(song)
    if related:
        items = [_song_item(other) for other in related]
        page.section("related-songs", "Related songs", markup.bullets(items))


def _sources(song: Song, page: markup.Page) -> None:
    if song.sources:
        items = [markup.external(markup.text(source), source) for source in song.sources]
        page.section("sources", "Sources", markup.bullets(items))


def _neighbours(song: Song, index: BookIndex) -> str:
    """Previous / next in the order songs were added, written into the page itself."""
    here = index.position[song.id]
    parts = []
    if here > 0:
        previous = index.oldest_first[here - 1]
        parts.append("← Previous: " + _song_item(previous, with_artist=False))
    if here + 1 < len(index.oldest_first):
        following = index.oldest_first[here + 1]
        parts.append("Next: " + _song_item(following, with_artist=False) + " →")
    if not parts:
        return ""
    return '<hr class="docutils" />\n<p>' + "\u2003·\u2003".join(parts) + "</p>\n"


def _rendered(page: markup.Page, anchor: str) -> bytes:
    return RenderedPage(
        title=page.title, anchor=anchor, body=page.body(anchor), sections=tuple(page.sections)
    ).dump()


def render_song(song: Song, index: BookIndex) -> bytes:
    """A song page (see cryfeed.pages): every section with data, in reading order."""
    heading = f"{song.title_ko} · {song.title}" if _has_own_korean_title(song) else song.title
    page = markup.Page(myst.words(heading))
    if song.title_rr:
        page.add(f'<p class="cryfeed-romanized"><em>{markup.text(song.title_rr)}</em></p>\n')
    page.add(_facts(song, index))
    page.section("curator-s-note", "Curator's note", markup.paragraphs(song.note))
    _listen(song, page)
    _breakdown(song, page)
    _lines(song, page)
    _vocabulary(song, page)
    _grammar(song, page)
    _culture(song, page)
    _check(song, page)
    _related(song, index, page)
    _sources(song, page)
    page.add(_neighbours(song, index))
    return _rendered(page, f"song-{song.id}")


# ---------------------------------------------------------------- index pages


def _song_list(songs: Sequence[Song], with_artist: bool = True) -> str:
    return _html_list(_song_item(song, with_artist) for song in songs)


def _html_list(items: Iterable[str]) -> str:
    """A long list on a MyST page, as HTML (cryfeed.markup): MyST takes it as one raw
    block instead of parsing a thousand links; cryfeed.sphinxext checks its links."""
    return myst.html_block(markup.bullets(items))


def _newest(index: BookIndex) -> bytes:
    zone = ZoneInfo(index.catalog.site.timezone)
    out = [
        myst.label("newest"),
        "# Newest additions\n",
        f"All {len(index.oldest_first)} songs, the most recently added first. "
        f"New songs also arrive in the {myst.page_link('feeds', _to('subscribe'))}.\n",
    ]
    months: dict[str, list[str]] = {}
    for song in reversed(index.oldest_first):
        added = song.added.astimezone(zone)
        entry = _song_item(song) + f" · added {added.date().isoformat()}"
        months.setdefault(added.strftime("%B %Y"), []).append(entry)
    for month, entries in months.items():
        out.append(f"## {month}\n\n" + _html_list(entries))
    return _page(out)


def _initial(title: str) -> str:
    first = title.strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def _a_to_z(index: BookIndex) -> bytes:
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
    return _page(out)


def _collections_index(index: BookIndex) -> bytes:
    out = [
        myst.label("collections"),
        "# Collections\n",
        "Each collection has its own feed, so you can follow only what you like.\n",
    ]
    items = []
    for collection in index.catalog.collections:
        count = len(index.by_collection[collection.id])
        items.append(
            f"- {myst.page_link(collection.title, _to(collection_doc(collection.id)))} "
            f"({_songs(count)}): {escape(collection.description)}"
        )
    return _page([*out, "\n".join(items)])


def _collection_page(collection: Collection, index: BookIndex) -> bytes:
    songs = list(reversed(index.by_collection[collection.id]))
    feeds = (
        myst.external("RSS feed", f"../{urls.FEEDS_FOLDER}/collections/{collection.id}.xml")
        + " · "
        + myst.external("JSON feed", f"../{urls.FEEDS_FOLDER}/collections/{collection.id}.json")
    )
    return _page(
        [
            myst.label(f"collection-{collection.id}"),
            f"# {escape(collection.title)}\n",
            paragraphs(collection.description) + "\n",
            f"Follow this collection: {feeds}\n",
            f"## Songs, newest first\n\n{_song_list(songs)}" if songs else "",
        ]
    )


def _moods_index(index: BookIndex) -> bytes:
    items = [
        f"- {myst.page_link(mood_title(mood), _to(mood_doc(mood)))} ({_songs(len(songs))})"
        for mood, songs in index.by_mood.items()
    ]
    return _page(
        [
            myst.label("moods"),
            "# Moods\n",
            "Songs grouped by the feeling they carry.\n",
            "\n".join(items),
        ]
    )


def _mood_page(mood: str, songs: Sequence[Song]) -> bytes:
    return _page(
        [
            myst.label(f"mood-{mood}"),
            f"# Mood: {escape(mood_title(mood))}\n",
            f"Songs with this mood, newest first. See also "
            f"{myst.page_link('all moods', _to('generated/moods'))}.\n",
            _song_list(list(reversed(songs))),
        ],
        orphan=True,
    )


def _artists_index(index: BookIndex) -> bytes:
    artists = sorted(index.artists.values(), key=lambda a: (a.name.casefold(), a.slug))
    items = [
        f"- {myst.page_link(_artist_text(a.name, a.name_ko), _to(artist_doc(a.slug)))}"
        f" ({_songs(len(a.songs))})"
        for a in artists
    ]
    return _page([myst.label("artists"), "# Artists\n", "\n".join(items)])


def _artist_page(artist: Artist) -> bytes:
    """An artist page (see cryfeed.pages): the artist's songs, newest first."""
    page = markup.Page(myst.words(_artist_text(artist.name, artist.name_ko)))
    everyone = markup.page_link("all artists", _href("generated/artists"))
    page.add(f"<p>Songs by this artist, newest first. See also {everyone}.</p>\n")
    page.add(markup.bullets(_song_item(s, with_artist=False) for s in reversed(artist.songs)))
    return _rendered(page, f"artist-{artist.slug}")


# ---------------------------------------------------------------- glossary and grammar


@dataclass
class GlossaryEntry:
    word: str
    senses: dict[tuple[str, str, str], list[Song]] = field(default_factory=dict)


def glossary_entries(index: BookIndex) -> list[GlossaryEntry]:
    """Every vocabulary word once (as the {term} role finds it), with each sense's songs."""
    entries: dict[str, GlossaryEntry] = {}
    for song in index.oldest_first:
        for word in song.study.vocabulary if song.study else []:
            text = myst.words(word.word)
            # Sphinx finds a term by its exact text, then by text.lower().
            entry = entries.setdefault(text.lower(), GlossaryEntry(text))
            sense = (word.meaning, word.pos, word.lemma or "")
            songs = entry.senses.setdefault(sense, [])
            if song not in songs:
                songs.append(song)
    return sorted(entries.values(), key=lambda e: (e.word.casefold(), e.word))


# Glossary pages by the word's first consonant (tense ones with their plain partner), so
# an append rereads only the pages holding its words, not one page with every word.
_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ"  # the 19 initials of a syllable, in order
GLOSSARY_PAGES = {
    "ㄱ": "giyeok", "ㄴ": "nieun", "ㄷ": "digeut", "ㄹ": "rieul", "ㅁ": "mieum",
    "ㅂ": "bieup", "ㅅ": "siot", "ㅇ": "ieung", "ㅈ": "jieut", "ㅊ": "chieut",
    "ㅋ": "kieuk", "ㅌ": "tieut", "ㅍ": "pieup", "ㅎ": "hieut", "": "other",
}  # fmt: skip


def glossary_initial(word: str) -> str:
    """The consonant a word's glossary page is named after; "" when it starts otherwise."""
    first = ord(word[:1]) if word else 0
    if 0xAC00 <= first <= 0xD7A3:
        return _INITIALS[(first - 0xAC00) // 588]
    return ""


def glossary_doc(initial: str) -> str:
    return f"generated/glossary/{GLOSSARY_PAGES[initial]}"


def _glossary_groups(index: BookIndex) -> dict[str, list[GlossaryEntry]]:
    groups: dict[str, list[GlossaryEntry]] = {}
    for entry in glossary_entries(index):
        groups.setdefault(glossary_initial(entry.word), []).append(entry)
    order = list(GLOSSARY_PAGES)
    return dict(sorted(groups.items(), key=lambda item: order.index(item[0])))


def _glossary_name(initial: str) -> str:
    return initial or "Other"


def _glossary(groups: dict[str, list[GlossaryEntry]]) -> bytes:
    count = sum(len(entries) for entries in groups.values())
    items = [
        f"- {myst.page_link(_glossary_name(initial), _to(glossary_doc(initial)))} "
        f"({len(entries)} word{'s' * (len(entries) != 1)})"
        for initial, entries in groups.items()
    ]
    out = [
        myst.label("glossary"),
        "# Vocabulary glossary\n",
        f"Every word from the study notes, {count} in all, with the songs that use it, "
        "by its first consonant.\n",
        f"Download the whole list for flashcards: "
        f"{myst.link('vocabulary.tsv', 'vocabulary.tsv')} (tab-separated: Korean, "
        "romanization, meaning, song; Anki imports it as it is).\n",
        "\n".join(items),
    ]
    return _page(out)


def _glossary_page(initial: str, entries: list[GlossaryEntry]) -> bytes:
    body = []
    for entry in entries:
        body.append(escape(entry.word))
        rr = escape(romanize(entry.word))
        for (meaning, pos, lemma), songs in entry.senses.items():
            dictionary = (
                f" (dictionary form {escape(lemma)})" if lemma and lemma != entry.word else ""
            )
            used = ", ".join(
                myst.page_link(song_title_text(s), _to(song_doc(s.id), depth=2)) for s in songs
            )
            body.append(
                f"   *{rr}*, {escape(_part_of_speech(pos))}{dictionary}: {escape(meaning)}. "
                f"In {used}.\n"
            )
    out = [
        myst.label(f"glossary-{GLOSSARY_PAGES[initial]}"),
        f"# Glossary: {escape(_glossary_name(initial))}\n",
        f"{len(entries)} word{'s' * (len(entries) != 1)}; see also "
        f"{myst.page_link('the whole glossary', _to('generated/glossary', depth=2))}.\n",
        myst.fence("glossary", "\n".join(body).rstrip("\n"), colons=3),
    ]
    return _page(out)


def render_vocabulary_tsv(index: BookIndex) -> bytes:
    """One row per word and sense; the song column names every song that uses it."""
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:false\n#columns:Korean\tRomanization\tMeaning\tSong\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    for entry in glossary_entries(index):
        for (meaning, _pos, _lemma), songs in entry.senses.items():
            titles = "; ".join(f"{song_title_text(s)} by {s.artist}" for s in songs)
            writer.writerow([entry.word, romanize(entry.word), meaning, titles])
    return buffer.getvalue().encode("utf-8")


def _grammar_sort_key(pattern: str) -> tuple[str, str]:
    return (pattern.lstrip("-~(). ").casefold(), pattern)


def _grammar_index(index: BookIndex) -> bytes:
    patterns: dict[str, list[tuple[Song, int]]] = {}
    for song in index.oldest_first:
        for number, point in enumerate(song.study.grammar if song.study else []):
            uses = patterns.setdefault(myst.words(point.pattern), [])
            if all(used is not song for used, _ in uses):
                uses.append((song, number))
    out = [
        myst.label("grammar"),
        "# Grammar patterns\n",
        f"Every grammar pattern from the study notes, {len(patterns)} in all, "
        "with the songs that use it.\n",
    ]
    for pattern in sorted(patterns, key=_grammar_sort_key):
        uses = patterns[pattern]
        first_song, first_number = uses[0]
        assert first_song.study is not None
        first = first_song.study.grammar[first_number]
        out.append(myst.label(grammar_label(pattern)) + f"## {escape(pattern)}\n")
        out.append(f"**{escape(first.meaning)}**\n")
        out.append(paragraphs(first.explanation) + "\n")
        items = []
        for song, number in uses:
            assert song.study is not None
            point = song.study.grammar[number]
            item = _song_item(song, with_artist=False)
            if point.example_ko:
                item += f": {markup.text(point.example_ko)}"
                if point.example_en:
                    item += f" ({markup.text(point.example_en)})"
            items.append(item)
        out.append("Used in:\n\n" + _html_list(items))
    return _page(out)


# ---------------------------------------------------------------- table of contents


def _chapter(docname: str, sections: list[str]) -> dict[str, Any]:
    # sphinx-external-toc refuses an empty "sections" (a catalog with no vocabulary yet).
    if not sections:
        return {"file": docname}
    return {"file": docname, "sections": [{"file": section} for section in sections]}


def render_toc(index: BookIndex) -> bytes:
    """The sidebar: fixed chapters and index pages only, never the song pages."""
    toc = {
        "format": "jb-book",
        "root": "intro",
        "parts": [
            {"caption": "Start here", "chapters": [{"file": "how-to-read"}, {"file": "subscribe"}]},
            {
                "caption": "Songs",
                "chapters": [
                    {"file": "generated/newest"},
                    {"file": "generated/a-z"},
                    _chapter(
                        "generated/collections",
                        [collection_doc(c.id) for c in index.catalog.collections],
                    ),
                    {"file": "generated/moods"},
                    {"file": "generated/artists"},
                ],
            },
            {
                "caption": "Study",
                "chapters": [
                    _chapter(
                        "generated/glossary", [glossary_doc(i) for i in _glossary_groups(index)]
                    ),
                    {"file": "generated/grammar"},
                ],
            },
            {"caption": "About", "chapters": [{"file": "about"}]},
        ],
    }
    header = "# Generated by cryfeed from songs.json: edit the generator, not this file.\n"
    return (header + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)).encode("utf-8")


# ---------------------------------------------------------------- everything at once


def render_book(catalog: Catalog) -> dict[str, bytes]:
    """Every generated book source, by path relative to the book folder."""
    index = BookIndex.build(catalog)
    files: dict[str, bytes] = {TOC_FILE: render_toc(index)}
    for song in index.oldest_first:
        files[page_source(song_doc(song.id))] = render_song(song, index)
    for collection in catalog.collections:
        files[collection_doc(collection.id) + ".md"] = _collection_page(collection, index)
    for mood, songs in index.by_mood.items():
        files[mood_doc(mood) + ".md"] = _mood_page(mood, songs)
    for artist in index.artists.values():
        files[page_source(artist_doc(artist.slug))] = _artist_page(artist)
    files["generated/newest.md"] = _newest(index)
    files["generated/a-z.md"] = _a_to_z(index)
    files["generated/collections.md"] = _collections_index(index)
    files["generated/moods.md"] = _moods_index(index)
    files["generated/artists.md"] = _artists_index(index)
    glossary = _glossary_groups(index)
    files["generated/glossary.md"] = _glossary(glossary)
    for initial, entries in glossary.items():
        files[glossary_doc(initial) + ".md"] = _glossary_page(initial, entries)
    files["generated/grammar.md"] = _grammar_index(index)
    files[VOCABULARY_FILE] = render_vocabulary_tsv(index)
    return files
