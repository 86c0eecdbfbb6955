"""The pydantic models of songs.json, from Site and Song to the whole Catalog."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

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

from cryfeed.errors import CryfeedError
from cryfeed.models.fields import (
    ADDED,
    CheckKind,
    Fact,
    GrammarUse,
    HangulLine,
    Line,
    Paragraph,
    PartOfSpeech,
    Slug,
    SpeechLevel,
    Url,
    VocabularyTheme,
    _fail,
    _hanja,
    _line,
    _quoted_line,
    _released,
    _timezone,
)
from cryfeed.models.limits import (
    ADDED_PATTERN,
    BARE_DATE,
    FEED_LIMIT_RANGE,
    MAX_BREAKDOWN,
    MAX_COLLECTIONS,
    MAX_EXAMPLES,
    MAX_LANGUAGE,
    MAX_LINE,
    MAX_QUOTED_CHARS,
    MAX_QUOTED_LINES,
    MAX_SONG_GROUPS,
    MAX_SONG_URLS,
    MAX_SONGS,
    MAX_STUDY_ITEMS,
    MAX_TAG_AUTHORITY,
    MAX_TIMEZONE,
    MAX_VOCABULARY,
    RELEASED_PATTERN,
    TIMEZONE_PATTERN,
    quoted,
)
from cryfeed.models.rules import _resolve_bare_dates, cross_check


def _no_repeats(items: list[Any]) -> list[Any]:
    """A list names each thing once; two links (or sources) to one address count as a repeat."""
    if len(items) < 2:
        return items
    # Quick: two equal entries agree on the field that names them (_TOLD_APART_BY; for
    # Link and Source the URL, which is what makes them repeats), so all-different names
    # mean no repeats. Hashing whole models is slow, and a grammar point is dumped to JSON.
    name = _TOLD_APART_BY.get(type(items[0]))
    told_apart = [getattr(item, name) for item in items] if name else items
    try:
        if len(set(told_apart)) == len(items):
            return items
    except TypeError:  # unhashable: the full check below
        pass
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        key = item.url if isinstance(item, Link | Source) else item
        try:
            first = seen.setdefault(key, index)
        except TypeError:  # a model holding a list (a grammar point's examples)
            key = item.model_dump_json()
            first = seen.setdefault(key, index)
        if first != index:
            shown = quoted(key) if isinstance(key, str) else "this entry"
            raise _fail(
                "repeated",
                f"{shown} is listed twice (first at [{first}]); remove one",
                index=index,
            )
    return items


# Editors flag repeats through the schema; the validator also catches repeated link URLs.
NoRepeats = AfterValidator(_no_repeats)
UNIQUE = {"uniqueItems": True}


class Model(BaseModel):
    """Frozen and strict about keys: a typo in songs.json must not pass silently."""

    # Built on first use: a valid catalog is read by catalog/fast.py's own validator, so
    # `cryfeed validate` never needs the models' validators (18 of them, each with its own
    # copy of the nested ones) nor pydantic's plugin lookup (issue 17: start-up).
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Author(Model):
    name: Line
    url: Url | None = None


class Site(Model):
    title: Line
    description: Paragraph
    url: Url = Field(description="Absolute base URL of the published book, ending in /.")
    language: str = Field(
        "en", pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", max_length=MAX_LANGUAGE
    )
    author: Author
    timezone: Annotated[
        str,
        AfterValidator(_timezone),
        WithJsonSchema(
            {"type": "string", "pattern": TIMEZONE_PATTERN, "maxLength": MAX_TIMEZONE}
        ),
    ] = Field("Asia/Seoul", description="An IANA time zone name, like Asia/Seoul.")
    tag_authority: str = Field(
        pattern=r"^(?:[A-Za-z0-9._%+-]+@)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+,\d{4}(?:-\d{2}(?:-\d{2})?)?$",
        max_length=MAX_TAG_AUTHORITY,
        description="RFC 4151 tag authority (domain,date); feed item ids never change with url.",
    )
    feed_limit: int = Field(
        50,
        ge=FEED_LIMIT_RANGE[0],
        le=FEED_LIMIT_RANGE[1],
        # Strict: pydantic's lax mode would take true, "50" and 50.0 for a count.
        strict=True,
        description="How many of the newest songs each feed lists.",
    )
    websub_hub: Url | None = Field(
        None,
        description="A WebSub hub to announce new songs to (optional): every feed names it, "
        "and `cryfeed ping` notifies it after a deploy.",
    )

    @field_validator("url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        if not value.endswith("/"):
            shown = quoted(value)
            raise _fail("url_slash", f'{shown} must end with "/"; write {shown[:-1]}/"')
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
    ko: Annotated[
        str,
        AfterValidator(_quoted_line),
        WithJsonSchema({"type": "string", "maxLength": MAX_QUOTED_CHARS}),
    ]
    literal: Line
    natural: Line
    note: Paragraph | None = None


class Example(Model):
    """An example sentence of our own, with its translation and speech level."""

    ko: HangulLine
    en: Line
    level: SpeechLevel


class Mistake(Model):
    """A mistake learners commonly make with a grammar point, corrected."""

    wrong: HangulLine
    right: HangulLine
    why: Line


class Vocabulary(Model):
    word: HangulLine
    lemma: HangulLine | None = None
    meaning: Line
    pos: PartOfSpeech
    hanja: Annotated[Line, AfterValidator(_hanja)] | None = Field(
        None, description="The Chinese characters of a Sino-Korean word, where certain."
    )
    example: Example | None = Field(None, description="A short sentence of our own using it.")
    theme: VocabularyTheme | None = None

    @property
    def word_rr(self) -> str:
        from cryfeed.korean import romanize  # the pronunciation engine: only when asked

        return romanize(self.word)


class Grammar(Model):
    pattern: Line
    meaning: Line
    explanation: Paragraph
    use: GrammarUse | None = Field(None, description="What the pattern does, for the chapter.")
    examples: Annotated[
        list[Example], Field(max_length=MAX_EXAMPLES, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    mistake: Mistake | None = None


class SelfCheck(Model):
    kind: CheckKind | None = None
    question: Line
    answer: Paragraph


class Study(Model):
    title_level: SpeechLevel | None = Field(
        None, description="Speech level of the Korean title; null when it has no ending."
    )
    # Repeats are allowed here only: a title may say the same word twice.
    title_breakdown: list[Morpheme] = Field([], max_length=MAX_BREAKDOWN)
    lines: Annotated[
        list[QuotedLine], Field(max_length=MAX_QUOTED_LINES, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    vocabulary: Annotated[
        list[Vocabulary], Field(max_length=MAX_VOCABULARY, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    grammar: Annotated[
        list[Grammar], Field(max_length=MAX_STUDY_ITEMS, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    culture: Paragraph | None = None
    check: Annotated[
        list[SelfCheck], Field(max_length=MAX_STUDY_ITEMS, json_schema_extra=UNIQUE), NoRepeats
    ] = []


def _parse_added(value: Any, info: ValidationInfo) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and ADDED.fullmatch(value):
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
        shown = quoted(value) if isinstance(value, str) else "this value"
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


class Source(Model):
    """A public page about the song, and which of its facts that page states."""

    url: Url
    facts: Annotated[
        list[Fact], Field(max_length=len(Fact.__args__), json_schema_extra=UNIQUE), NoRepeats
    ] = []


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
    collections: Annotated[
        list[Slug],
        Field(min_length=1, max_length=MAX_SONG_GROUPS, json_schema_extra=UNIQUE),
        NoRepeats,
    ]
    moods: Annotated[
        list[Slug], Field(max_length=MAX_SONG_GROUPS, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    note: Paragraph = Field(description="The curator's note, in our own words.")
    links: Annotated[
        list[Link], Field(max_length=MAX_SONG_URLS, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    sources: Annotated[
        list[Source], Field(max_length=MAX_SONG_URLS, json_schema_extra=UNIQUE), NoRepeats
    ] = []
    study: Study | None = None

    @property
    def title_rr(self) -> str | None:
        """The Korean title in Revised Romanization, capitalized like a title."""
        from cryfeed.korean import romanize  # the pronunciation engine: only when asked

        return romanize(self.title_ko, capitalize=True) if self.title_ko else None

    # No artist_rr: names keep the spelling their owners chose (the `artist` field), and the
    # standard writes names without sound changes (3-4), which romanize() cannot know.


class Removed(Model):
    """A tombstone: a published song taken out on purpose. Its id can never be used again,
    and its page stays, saying why it went (written by `cryfeed remove`)."""

    id: Slug
    reason: Line
    removed: Annotated[
        datetime,
        BeforeValidator(_parse_added),
        WithJsonSchema({"type": "string", "pattern": ADDED_PATTERN}),
    ] = Field(description="When it was removed: RFC 3339 with offset.")


class Catalog(Model):
    schema_url: Annotated[
        str, AfterValidator(_line), WithJsonSchema({"type": "string", "maxLength": MAX_LINE})
    ] | None = Field(None, alias="$schema")
    site: Site
    collections: list[Collection] = Field(min_length=1, max_length=MAX_COLLECTIONS)
    songs: list[Song] = Field([], max_length=MAX_SONGS)
    removed: list[Removed] = Field([], max_length=MAX_SONGS)

    @model_validator(mode="before")
    @classmethod
    def _bare_dates(cls, data: Any) -> Any:
        return _resolve_bare_dates(data)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Catalog:
        context = info.context if isinstance(info.context, dict) else {}
        if context.get("cross_checked"):
            return self  # catalog.validate_data ran cross_check on the raw JSON, with positions
        problems = cross_check(
            {
                "collections": [{"id": c.id} for c in self.collections],
                "songs": [
                    {"id": s.id, "title": s.title, "artist": s.artist, "collections": s.collections}
                    for s in self.songs
                ],
                "removed": [{"id": r.id} for r in self.removed],
            }
        )
        if problems:
            path, message = problems[0]
            raise ValueError(f"{'.'.join(map(str, path))}: {message}")
        return self

    def song(self, song_id: str) -> Song:
        """The song with `song_id`, or a CryfeedError naming the closest id."""
        for song in self.songs:
            if song.id == song_id:
                return song
        close = difflib.get_close_matches(song_id, [song.id for song in self.songs], n=1)
        hint = (
            f'did you mean "{close[0]}"?' if close else "run cryfeed validate to list the catalog"
        )
        raise CryfeedError(f"no song with id {quoted(song_id)} in the catalog; {hint}")

    def newest_first(self) -> list[Song]:
        """Newest `added` first; songs added at the same instant: later in the file is newer."""
        order = sorted(enumerate(self.songs), key=lambda pair: (pair[1].added, pair[0]))
        return [song for _, song in reversed(order)]


# The field that tells the entries of a list apart in _no_repeats (equal entries share it).
_TOLD_APART_BY: dict[type[Model], str] = {
    Link: "url",
    Source: "url",
    QuotedLine: "ko",
    Vocabulary: "word",
    Grammar: "pattern",
    SelfCheck: "question",
    Example: "ko",
}
