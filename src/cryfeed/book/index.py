"""What every book page shares, computed once per render: orders, groups, artists,
related songs, the glossary's words, and how songs, artists and patterns are named."""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from cryfeed import urls
from cryfeed.korean import initial_consonant
from cryfeed.models import Catalog, Collection, Grammar, Song
from cryfeed.text import has_own_korean, slugify, unique_id, words

RELATED_LIMIT = 5
# Related songs come from the songs added just before within each shared group, so an
# appended song never changes another page's list unless that page had too few.
RELATED_WINDOW = 8
PARTS_OF_SPEECH_ABBREVIATED = {"auxiliary": "aux.", "adjective": "adj.", "adverb": "adv."}

# Glossary pages by the word's first consonant (tense ones with their plain partner), so
# an append rereads only the pages holding its words, not one page with every word.
GLOSSARY_PAGES = {
    "ㄱ": "giyeok", "ㄴ": "nieun", "ㄷ": "digeut", "ㄹ": "rieul", "ㅁ": "mieum",
    "ㅂ": "bieup", "ㅅ": "siot", "ㅇ": "ieung", "ㅈ": "jieut", "ㅊ": "chieut",
    "ㅋ": "kieuk", "ㅌ": "tieut", "ㅍ": "pieup", "ㅎ": "hieut", "": "other",
}  # fmt: skip
_PLAIN_PARTNER = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}


# ---------------------------------------------------------------- names


def song_title_text(song: Song) -> str:
    """How a song is named in lists: the title, then the Hangul title if it differs."""
    if has_own_korean(song.title, song.title_ko):
        return f"{song.title} ({song.title_ko})"
    return song.title


def song_heading(song: Song) -> str:
    """A song page's title: the Hangul title first when the song has its own."""
    if has_own_korean(song.title, song.title_ko):
        return words(f"{song.title_ko} · {song.title}")
    return words(song.title)


def artist_text(name: str, name_ko: str | None) -> str:
    # Names keep the spelling the artists use; a romanized name would mislead.
    return f"{name} ({name_ko})" if name_ko else name


def mood_title(mood: str) -> str:
    return mood.replace("-", " ")


def part_of_speech(pos: str) -> str:
    return PARTS_OF_SPEECH_ABBREVIATED.get(pos, pos)


@functools.lru_cache(maxsize=16384)  # every song page links its patterns; they repeat
def grammar_label(pattern: str) -> str:
    """An ASCII label for a grammar pattern (patterns are Hangul and punctuation)."""
    digest = hashlib.sha1(words(pattern).encode("utf-8")).hexdigest()[:10]
    return f"grammar-{digest}"


def vocab_anchor(word: str) -> str:
    """The id cryfeed.sphinxext gives a glossary term: ASCII, stable, one per spelling
    (Sphinx's own term ids for Hangul are serial numbers that shift with every new word)."""
    return "vocab-" + words(word).lower().encode("utf-8").hex()


def glossary_initial(word: str) -> str:
    """The consonant a word's glossary page is named after; "" when it starts otherwise."""
    initial = initial_consonant(word[:1])
    return _PLAIN_PARTNER.get(initial, initial)


def glossary_doc(initial: str) -> str:
    return urls.glossary_page_doc(GLOSSARY_PAGES[initial])


# ---------------------------------------------------------------- shared data


@dataclass
class Artist:
    slug: str
    name: str
    name_ko: str | None
    songs: list[Song] = field(default_factory=list)


@dataclass
class GlossaryEntry:
    word: str
    senses: dict[tuple[str, str, str], list[Song]] = field(default_factory=dict)


@dataclass
class GrammarPattern:
    """A grammar pattern across the catalog: the first point that teaches it (its meaning
    and explanation), what it does, and (song, index of the point) for every song."""

    first: Grammar
    use: str | None = None
    songs: list[tuple[Song, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.use = self.use or self.first.use


@dataclass
class _Group:
    """The songs of one collection or mood, oldest first, with their positions in the
    book's order (kept beside them, so finding a song's place is one bisection)."""

    songs: list[Song] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)

    def add(self, song: Song, position: int) -> None:
        self.songs.append(song)
        self.positions.append(position)


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
    _groups: dict[tuple[str, str], _Group]

    @classmethod
    def build(cls, catalog: Catalog) -> BookIndex:
        oldest = list(reversed(catalog.newest_first()))
        groups: dict[tuple[str, str], _Group] = {
            ("collection", c.id): _Group() for c in catalog.collections
        }
        artists: dict[str, Artist] = {}
        artist_key: dict[str, str] = {}
        artist_of: dict[str, str] = {}
        for position, song in enumerate(oldest):
            for collection in dict.fromkeys(song.collections):
                groups["collection", collection].add(song, position)
            for mood in dict.fromkeys(song.moods):
                groups.setdefault(("mood", mood), _Group()).add(song, position)
            key = words(song.artist).casefold()
            if key not in artist_key:
                # Slugs are handed out oldest first, so an append never renames a page.
                # unique_id copies what is taken: only for a clash, or n artists cost n².
                slug = slugify(song.artist) or "artist"
                if slug in artists:
                    slug = unique_id(slug, artists)
                artist_key[key] = slug
                artists[slug] = Artist(slug, words(song.artist), song.artist_ko)
            artist = artists[artist_key[key]]
            artist.name_ko = artist.name_ko or song.artist_ko
            artist.songs.append(song)
            artist_of[song.id] = artist.slug
        moods = sorted(name for kind, name in groups if kind == "mood")
        return cls(
            catalog=catalog,
            oldest_first=oldest,
            position={song.id: index for index, song in enumerate(oldest)},
            collections={c.id: c for c in catalog.collections},
            by_collection={c.id: groups["collection", c.id].songs for c in catalog.collections},
            by_mood={mood: groups["mood", mood].songs for mood in moods},
            artists=artists,
            artist_of=artist_of,
            _groups=groups,
        )

    def related(self, song: Song) -> list[Song]:
        """Songs sharing a collection or mood: earlier additions first (most shared, then
        nearest in time), later ones only when there are too few earlier ones."""
        here = self.position[song.id]
        earlier: dict[str, int] = defaultdict(int)
        later: dict[str, int] = defaultdict(int)
        keys = [("collection", c) for c in dict.fromkeys(song.collections)]
        keys += [("mood", m) for m in dict.fromkeys(song.moods)]
        for key in keys:
            group = self._groups[key]
            at = bisect.bisect_left(group.positions, here)
            for other in group.songs[max(0, at - RELATED_WINDOW) : at]:
                earlier[other.id] += 1
            for other in group.songs[at + 1 : at + 1 + RELATED_WINDOW]:
                later[other.id] += 1

        def ranked(shared: dict[str, int]) -> list[str]:
            return sorted(
                shared, key=lambda other: (-shared[other], abs(self.position[other] - here))
            )

        chosen = (ranked(earlier) + ranked(later))[:RELATED_LIMIT]
        return [self.oldest_first[self.position[other]] for other in chosen]

    @cached_property
    def glossary(self) -> list[GlossaryEntry]:
        """Every vocabulary word once (as the {term} role finds it), with each sense's
        songs, sorted as the glossary lists them."""
        entries: dict[str, GlossaryEntry] = {}
        seen: set[tuple[str, tuple[str, str, str], str]] = set()
        for song in self.oldest_first:
            for word in song.study.vocabulary if song.study else []:
                text = words(word.word)
                # Sphinx finds a term by its exact text, then by text.lower().
                entry = entries.setdefault(text.lower(), GlossaryEntry(text))
                sense = (word.meaning, word.pos, word.lemma or "")
                songs = entry.senses.setdefault(sense, [])
                # By id: comparing pydantic models field by field was quadratic.
                if (text.lower(), sense, song.id) not in seen:
                    seen.add((text.lower(), sense, song.id))
                    songs.append(song)
        return sorted(entries.values(), key=lambda e: (e.word.casefold(), e.word))

    @cached_property
    def glossary_groups(self) -> dict[str, list[GlossaryEntry]]:
        """The glossary's entries by page (initial consonant), in page order."""
        groups: dict[str, list[GlossaryEntry]] = {}
        for entry in self.glossary:
            groups.setdefault(glossary_initial(entry.word), []).append(entry)
        order = list(GLOSSARY_PAGES)
        return dict(sorted(groups.items(), key=lambda item: order.index(item[0])))

    @cached_property
    def grammar_patterns(self) -> dict[str, GrammarPattern]:
        """Every grammar pattern once (by its text), with the songs teaching it, oldest
        first; its use is the first one given (so an append never moves a pattern)."""
        patterns: dict[str, GrammarPattern] = {}
        # (pattern, song id) already listed: scanning each pattern's songs was quadratic.
        seen: set[tuple[str, str]] = set()
        for song in self.oldest_first:
            for number, point in enumerate(song.study.grammar if song.study else []):
                text = words(point.pattern)
                found = patterns.get(text)
                if found is None:
                    found = patterns[text] = GrammarPattern(point)
                if found.use is None:
                    found.use = point.use
                if (text, song.id) not in seen:
                    seen.add((text, song.id))
                    found.songs.append((song, number))
        return patterns

    @cached_property
    def word_themes(self) -> dict[str, str]:
        """Each glossary word's theme (by its text in lower case): the first one given,
        "other" when none is."""
        themes: dict[str, str] = {}
        for song in self.oldest_first:
            for word in song.study.vocabulary if song.study else []:
                key = words(word.word).lower()
                if themes.get(key, "other") == "other":
                    themes[key] = word.theme or "other"
        return themes
