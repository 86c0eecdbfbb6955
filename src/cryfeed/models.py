"""Pydantic models of songs.json: the catalog's shape and every per-field rule, no I/O."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cryfeed.korean import contains_hangul, romanize

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RELEASED_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
# RFC 3339 with an explicit offset, or a bare date that means midnight in site.timezone.
ADDED_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}))?$"
)
BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_QUOTED_LINES = 4
MAX_QUOTED_CHARS = 80

# Control characters hide in copied text and break feeds (XML 1.0 forbids most of them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Lone surrogates (from "\ud800" escapes) and U+FFFE/U+FFFF: XML cannot carry them at all.
_UNENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _clean(value: str, multiline: bool) -> str:
    if value.isascii() and value.isprintable():
        return value  # the common case, checked in C: no control character, already NFC
    pattern = _CONTROL if multiline else _CONTROL_OR_NEWLINE
    found = pattern.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        hint = "remove it" if multiline else "remove it (line breaks belong only in notes)"
        raise _fail("control_character", f"contains the control character {code}; {hint}")
    found = _UNENCODABLE.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise _fail("noncharacter", f"contains {code}, which no feed can carry; remove it")
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


def _line(value: str) -> str:
    return _not_blank(_clean(value, multiline=False))


def _paragraph(value: str) -> str:
    return _not_blank(_clean(value, multiline=True))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _fail("blank", "must not be empty; write some text or remove the field")
    return value


def _hangul(value: str) -> str:
    if not contains_hangul(value):
        raise _fail(
            "not_hangul",
            f'"{value}" contains no Hangul; write it in Korean script, or use null if unknown',
        )
    return value


# A regex instead of urlsplit: this runs for every link of every song (10,000-song target).
_HTTP_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?")


def _http_url(value: str) -> str:
    if not _HTTP_URL.fullmatch(value):
        raise _fail(
            "url",
            f'"{value}" is not an absolute http(s) URL; write it in full, like "https://example.org/page"',
        )
    return value


def _released(value: str) -> str:
    if not re.fullmatch(RELEASED_PATTERN, value):
        raise _fail(
            "released",
            f'"{value}" is not YYYY, YYYY-MM or YYYY-MM-DD; use null if the date is unknown',
        )
    year, month, day = (int(p) for p in ([*value.split("-"), "1", "1"])[:3])
    try:
        date(year, month, day)
    except ValueError:
        raise _fail(
            "released", f'"{value}" is not a real date; fix the month or day, or use null'
        ) from None
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(
            "timezone", f'"{value}" is not an IANA time zone; use a name like "Asia/Seoul"'
        ) from None
    return value


# One validator per field, not a chain: it runs for every text of every song.
Line = Annotated[str, AfterValidator(_line)]
Paragraph = Annotated[str, AfterValidator(_paragraph)]
HangulLine = Annotated[Line, AfterValidator(_hangul)]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://[^\\s/]+"}),
]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
PartOfSpeech = Literal[
    "noun",
    "pronoun",
    "verb",
    "adjective",
    "adverb",
    "particle",
    "ending",
    "auxiliary",
    "determiner",
    "interjection",
    "suffix",
    "number",
    "copula",
    "phrase",
    "other",
]


class Model(BaseModel):
    """Frozen and strict about keys: a typo in songs.json must not pass silently."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Author(Model):
    name: Line
    url: Url | None = None


class Site(Model):
    title: Line
    description: Paragraph
    url: Url = Field(description="Absolute base URL of the published book, ending in /.")
    language: str = Field("en", pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
    author: Author
    timezone: Annotated[
        str, AfterValidator(_timezone), WithJsonSchema({"type": "string"})
    ] = "Asia/Seoul"
    tag_authority: str = Field(
        pattern=r"^(?:[^@\s,]+@)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+,\d{4}(?:-\d{2}(?:-\d{2})?)?$",
        description="RFC 4151 tag authority (domain,date); feed item ids never change with url.",
    )
    feed_limit: int = Field(50, ge=1, le=1000)

    @field_validator("url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        if not value.endswith("/"):
            raise _fail("url_slash", f'"{value}" must end with "/"; write "{value}/"')
        return value


class Collection(Model):
    id: Slug
    title: Line
    description: Paragraph


class Link(Model):
    kind: Literal["video", "audio", "official", "article", "other"] = "video"
    url: Url
    label: Line | None = None


class Morpheme(Model):
    text: Line
    lemma: Line
    gloss: Line
    pos: PartOfSpeech


class QuotedLine(Model):
    ko: Annotated[HangulLine, Field(max_length=MAX_QUOTED_CHARS)]
    literal: Line
    natural: Line
    note: Paragraph | None = None


class Vocabulary(Model):
    word: HangulLine
    lemma: HangulLine | None = None
    meaning: Line
    pos: PartOfSpeech

    @property
    def word_rr(self) -> str:
        return romanize(self.word)


class Grammar(Model):
    pattern: Line
    meaning: Line
    explanation: Paragraph
    example_ko: HangulLine | None = Field(None, description="An example sentence of our own.")
    example_en: Line | None = None


class SelfCheck(Model):
    question: Line
    answer: Paragraph


class Study(Model):
    title_breakdown: list[Morpheme] = []
    lines: list[QuotedLine] = Field([], max_length=MAX_QUOTED_LINES)
    vocabulary: list[Vocabulary] = []
    grammar: list[Grammar] = []
    culture: Paragraph | None = None
    check: list[SelfCheck] = []


def _parse_added(value: Any, info: ValidationInfo) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and re.fullmatch(ADDED_PATTERN, value):
        if BARE_DATE.match(value):
            raise _fail(
                "added_bare_date",
                f'"{value}" is a bare date and the site time zone is unknown; '
                "add a time and an offset",
            )
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _fail("added", f'"{value}" is not a real date and time') from None
    else:
        shown = f'"{value}"' if isinstance(value, str) else "this value"
        raise _fail(
            "added",
            f"{shown} is not RFC 3339 with an offset; write it like "
            '"2026-11-20T09:00:00+09:00", or a bare date like "2026-11-20"',
        )
    if moment.tzinfo is None:
        raise _fail("added", "has no time zone offset; add one, like +09:00")
    context = info.context if isinstance(info.context, dict) else {}
    now = context.get("now") or datetime.now(UTC)
    if moment > now:
        raise _fail(
            "added_future",
            f"{moment.isoformat()} is in the future; use the time the song was added",
        )
    return moment


class Song(Model):
    id: Slug = Field(description="Permanent ASCII slug: never change or reuse it once published.")
    title: Line
    title_ko: HangulLine | None = None
    artist: Line
    artist_ko: HangulLine | None = None
    released: Annotated[
        str,
        AfterValidator(_released),
        WithJsonSchema({"type": "string", "pattern": RELEASED_PATTERN}),
    ] | None = Field(
        None, description="YYYY, YYYY-MM or YYYY-MM-DD; null when unknown."
    )
    album: Line | None = Field(None, description="Album, single or drama; null when unknown.")
    added: Annotated[
        datetime,
        BeforeValidator(_parse_added),
        WithJsonSchema({"type": "string", "pattern": ADDED_PATTERN}),
    ] = Field(
        description="RFC 3339 with offset, or a bare date (midnight in site.timezone)."
    )
    collections: list[Slug] = Field(min_length=1)
    moods: list[Slug] = []
    note: Paragraph = Field(description="The curator's note, in our own words.")
    links: list[Link] = []
    sources: list[Url] = []
    study: Study | None = None

    @property
    def title_rr(self) -> str | None:
        """The Korean title in Revised Romanization, capitalized like a title."""
        return romanize(self.title_ko, capitalize=True) if self.title_ko else None

    # No artist_rr: names keep the spelling their owners chose (the `artist` field), and the
    # standard writes names without sound changes (3-4), which romanize() cannot know.


def song_key(title: str, artist: str) -> tuple[str, str]:
    """Two songs are the same song when title and artist match after NFC and case folding."""
    return (
        unicodedata.normalize("NFC", title).casefold().strip(),
        unicodedata.normalize("NFC", artist).casefold().strip(),
    )


def cross_check(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Rules that span entries; works on raw JSON so it runs even when one song is invalid."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    if not isinstance(data, dict):
        return found
    collections = data.get("collections")
    collection_ids: dict[str, int] = {}
    if isinstance(collections, list):
        for index, collection in enumerate(collections):
            name = collection.get("id") if isinstance(collection, dict) else None
            if not isinstance(name, str):
                continue
            if name in collection_ids:
                found.append(
                    (
                        ("collections", index, "id"),
                        f'duplicate collection id "{name}" '
                        f"(first used by collections[{collection_ids[name]}]); rename one",
                    )
                )
            else:
                collection_ids[name] = index
    songs = data.get("songs")
    if not isinstance(songs, list):
        return found
    known = ", ".join(sorted(collection_ids)) or "none defined"
    seen_ids: dict[str, int] = {}
    seen_songs: dict[tuple[str, str], int] = {}
    for index, song in enumerate(songs):
        if not isinstance(song, dict):
            continue
        song_id = song.get("id")
        if isinstance(song_id, str):
            if song_id in seen_ids:
                found.append(
                    (
                        ("songs", index, "id"),
                        f'duplicate id "{song_id}" (first used by songs[{seen_ids[song_id]}]); '
                        "ids are permanent, so give this song a new one",
                    )
                )
            else:
                seen_ids[song_id] = index
        title, artist = song.get("title"), song.get("artist")
        if isinstance(title, str) and isinstance(artist, str):
            key = song_key(title, artist)
            if key in seen_songs:
                found.append(
                    (
                        ("songs", index, "title"),
                        f'duplicate song "{title}" by {artist} (already songs[{seen_songs[key]}]); '
                        "remove one of them",
                    )
                )
            else:
                seen_songs[key] = index
        names = song.get("collections")
        if isinstance(names, list):
            for position, name in enumerate(names):
                if isinstance(name, str) and name not in collection_ids:
                    close = difflib.get_close_matches(name, list(collection_ids), n=1)
                    hint = f'did you mean "{close[0]}"? ' if close else ""
                    found.append(
                        (
                            ("songs", index, "collections", position),
                            f'unknown collection "{name}"; {hint}use one of the ids under '
                            f'"collections" ({known}) or add it there',
                        )
                    )
    return found


def _resolve_bare_dates(data: Any) -> Any:
    """A bare `added` date means midnight in site.timezone, resolved before songs validate."""
    if not isinstance(data, dict) or not isinstance(data.get("songs"), list):
        return data
    site = data.get("site")
    zone_name = site.get("timezone", "Asia/Seoul") if isinstance(site, dict) else None
    try:
        zone = ZoneInfo(zone_name) if isinstance(zone_name, str) else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        return data
    songs = []
    for song in data["songs"]:
        added = song.get("added") if isinstance(song, dict) else None
        if isinstance(added, str) and BARE_DATE.match(added):
            try:
                day = date.fromisoformat(added)
            except ValueError:
                songs.append(song)
                continue
            song = {**song, "added": datetime(day.year, day.month, day.day, tzinfo=zone)}
        songs.append(song)
    return {**data, "songs": songs}


class Catalog(Model):
    schema_url: str | None = Field(None, alias="$schema")
    site: Site
    collections: list[Collection] = Field(min_length=1)
    songs: list[Song] = []

    @model_validator(mode="before")
    @classmethod
    def _bare_dates(cls, data: Any) -> Any:
        return _resolve_bare_dates(data)

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        # catalog.load_catalog runs cross_check on the raw JSON (with positions) first;
        # this covers catalogs built in code.
        problems = cross_check(
            {
                "collections": [{"id": c.id} for c in self.collections],
                "songs": [
                    {"id": s.id, "title": s.title, "artist": s.artist, "collections": s.collections}
                    for s in self.songs
                ],
            }
        )
        if problems:
            path, message = problems[0]
            raise ValueError(f"{'.'.join(map(str, path))}: {message}")
        return self

    def song(self, song_id: str) -> Song:
        for song in self.songs:
            if song.id == song_id:
                return song
        raise KeyError(song_id)

    def newest_first(self) -> list[Song]:
        """Newest `added` first; songs added at the same instant: later in the file is newer."""
        order = sorted(enumerate(self.songs), key=lambda pair: (pair[1].added, pair[0]))
        return [song for _, song in reversed(order)]
