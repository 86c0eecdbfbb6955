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

from cryfeed.errors import CryfeedError
from cryfeed.korean import contains_hangul, romanize

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RELEASED_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
# RFC 3339 with an explicit offset, or a bare date that means midnight in site.timezone.
ADDED_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}))?$"
)
# An IANA name is ASCII words joined by "/"; checked before the tz database is opened, so a
# long or odd name never reaches the file system (ZoneInfo("Asia") opens a folder).
TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$"
BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Limits, each with its reason (the README's maintainer guide lists them too).
MAX_QUOTED_LINES = 4  # quotation policy
MAX_QUOTED_CHARS = 80  # quotation policy
MAX_SLUG = 80  # ids name files and URLs; 80 keeps them readable
# A title, name, gloss or question is one line in a feed reader or one table cell; the
# longest in the shipped catalog has 73 characters.
MAX_LINE = 200
# A note, description, explanation or answer is a paragraph or two (about 600 words), and
# every note goes into every feed item. The longest shipped one has 332 characters.
MAX_PARAGRAPH = 4000
# The longest address that browsers, crawlers and feed readers all handle (sitemaps: 2,048).
MAX_URL = 2000
MAX_LANGUAGE = 35  # BCP 47 asks software to handle tags of at least 35 characters
MAX_TAG_AUTHORITY = 255  # a domain name (at most 253 characters) and a date
MAX_TIMEZONE = 64  # the longest IANA name has 32 characters
# Every collection has its own feed, page and OPML entry; past 100 they stop being a guide.
MAX_COLLECTIONS = 100
# Twice the 10,000 songs that the builds are measured with (benchmarks/).
MAX_SONGS = 20_000
MAX_SONG_GROUPS = 10  # collections or moods of one song: in more, it is in none in particular
MAX_SONG_URLS = 20  # links or sources of one song
MAX_BREAKDOWN = 30  # morphemes of one title
MAX_VOCABULARY = 50  # words studied on one song page
MAX_STUDY_ITEMS = 20  # grammar points or self-check questions on one song page
MAX_EXAMPLES = 10  # example sentences of one grammar point
FEED_LIMIT_RANGE = (1, 1000)  # items per feed: at least one; past 1,000 readers time out

# Control characters hide in copied text and break feeds (XML 1.0 forbids most of them).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Lone surrogates (from "\ud800" escapes) and U+FFFE/U+FFFF: XML cannot carry them at all.
_UNENCODABLE = "\ud800-\udfff\ufffe\uffff"
# Bidirectional controls reorder what a reader sees around them ("Trojan Source",
# CVE-2021-42574): refused everywhere, notes included.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters: the other format characters (Unicode category Cf) and
# default-ignorable code points (Hangul fillers, tags), as of Unicode 14;
# tests/test_limits.py checks the list against unicodedata. They make one title look like
# another while comparing different, so one-line fields refuse them all.
_INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b\u2060-\u2064\u206a-\u206f\u3164\ufeff\ufff9-\ufffb\uffa0"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e001f\U000e0080-\U000e00ff\U000e01f0-\U000e0fff"
)
# What emoji sequences and some scripts genuinely need (ZWNJ, ZWJ, variation selectors,
# emoji tag characters): kept in notes, refused in one-line fields.
_JOINERS = "\u200c\u200d\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef"
_REFUSED_IN_LINE = re.compile(
    f"[{_CONTROL}\t\n\u2028\u2029{_UNENCODABLE}{_BIDI}{_INVISIBLE}{_JOINERS}]"
)
_REFUSED_IN_PARAGRAPH = re.compile(f"[{_CONTROL}{_UNENCODABLE}{_BIDI}{_INVISIBLE}]")
_IS_BIDI = re.compile(f"[{_BIDI}]")
_IS_UNENCODABLE = re.compile(f"[{_UNENCODABLE}]")
# In a message, whatever a reader could not see or tell apart from a plain space is escaped.
_SHOWN_ESCAPED = re.compile(
    f"[{_CONTROL}\t\n\u2028\u2029{_UNENCODABLE}{_BIDI}{_INVISIBLE}{_JOINERS}"
    "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
MAX_SHOWN = 60


def quoted(value: str) -> str:
    """A value quoted for a message: invisible characters escaped, long text shortened."""
    if len(value) > MAX_SHOWN:
        value = value[: MAX_SHOWN - 1] + "…"
    if not (value.isascii() and value.isprintable()):
        value = _SHOWN_ESCAPED.sub(lambda m: ascii(m.group())[1:-1], value)
    return f'"{value}"'


def _fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    # The message travels as context, so braces in quoted input are never formatted.
    return PydanticCustomError(kind, "{message}", {"message": message, **context})


def character_name(char: str) -> str:
    """A code point and its Unicode name, for messages: U+202E RIGHT-TO-LEFT OVERRIDE."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _refused(char: str, multiline: bool) -> PydanticCustomError:
    code = f"U+{ord(char):04X}"
    if ord(char) < 0xA0 or char in "\u2028\u2029":
        hint = "remove it" if multiline else "remove it (line breaks belong only in notes)"
        return _fail("control_character", f"contains the control character {code}; {hint}")
    if _IS_UNENCODABLE.match(char):
        return _fail("noncharacter", f"contains {code}, which no feed can carry; remove it")
    if _IS_BIDI.match(char):
        return _fail(
            "invisible_character",
            f"contains the invisible character {character_name(char)}, which reorders "
            "the text around it on screen; remove it",
        )
    where = "" if multiline else " (one-line fields allow no invisible characters)"
    return _fail(
        "invisible_character",
        f"contains the invisible character {character_name(char)}; remove it{where}",
    )


def _clean(value: str, multiline: bool) -> str:
    if value.isascii() and value.isprintable():
        return value  # the common case, checked in C: no control character, already NFC
    found = (_REFUSED_IN_PARAGRAPH if multiline else _REFUSED_IN_LINE).search(value)
    if found:
        raise _refused(found.group(), multiline)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


def _at_most(limit: int, value: str) -> str:
    # Checked here, not with Field(max_length): pydantic-core's own length check refuses a
    # lone surrogate with a message of its own, before _clean can name the character.
    if len(value) > limit:
        raise _fail(
            "string_too_long",
            f"is {len(value)} characters long; at most {limit} allowed; shorten it",
            max_length=limit,
        )
    return value


def first_refused(text: str, multiline: bool = False) -> str | None:
    """The first character a one-line field (or, multiline, a paragraph) refuses, if any."""
    found = (_REFUSED_IN_PARAGRAPH if multiline else _REFUSED_IN_LINE).search(text)
    return found.group() if found else None


def _line(value: str) -> str:
    return _not_blank(_clean(_at_most(MAX_LINE, value), multiline=False))


def _paragraph(value: str) -> str:
    return _not_blank(_clean(_at_most(MAX_PARAGRAPH, value), multiline=True))


def _quoted_line(value: str) -> str:
    return _hangul(_not_blank(_clean(_at_most(MAX_QUOTED_CHARS, value), multiline=False)))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _fail("blank", "must not be empty; write some text or remove the field")
    return value


def _hangul(value: str) -> str:
    if not contains_hangul(value):
        raise _fail(
            "not_hangul",
            f"{quoted(value)} contains no Hangul; write it in Korean script, "
            "or use null if unknown",
        )
    return value


# A regex instead of urlsplit: this runs for every link of every song (10,000-song target).
_HTTP_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?")


def _http_url(value: str) -> str:
    _at_most(MAX_URL, value)
    if not (value.isascii() and value.isprintable()):
        _clean(value, multiline=False)  # an invisible character would hide the real address
    if not _HTTP_URL.fullmatch(value):
        raise _fail(
            "url",
            f"{quoted(value)} is not an absolute http(s) URL; "
            'write it in full, like "https://example.org/page"',
        )
    return value


def _released(value: str) -> str:
    if not re.fullmatch(RELEASED_PATTERN, value):
        raise _fail(
            "released",
            f"{quoted(value)} is not YYYY, YYYY-MM or YYYY-MM-DD; "
            "use null if the date is unknown",
        )
    year, month, day = (int(p) for p in ([*value.split("-"), "1", "1"])[:3])
    try:
        date(year, month, day)
    except ValueError:
        raise _fail(
            "released", f"{quoted(value)} is not a real date; fix the month or day, or use null"
        ) from None
    return value


def timezone(name: str) -> ZoneInfo | None:
    """The IANA time zone called `name`, or None if there is none."""
    if len(name) > MAX_TIMEZONE or not re.fullmatch(TIMEZONE_PATTERN, name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _timezone(value: str) -> str:
    if timezone(value) is None:
        raise _fail(
            "timezone",
            f'{quoted(value)} is not an IANA time zone; use a name like "Asia/Seoul"',
        )
    return value


# One validator per field, not a chain: it runs for every text of every song.
def _schema_class(characters: str) -> str:
    """A regex character class as \\uXXXX escapes, for the JSON Schema (ECMA-262 regex).

    Only the Basic Multilingual Plane: without the "u" flag ECMA-262 regexes see a
    character beyond it as two surrogates, so those ranges are left to the models.
    """
    out, index = "", 0
    while index < len(characters):
        if index + 2 < len(characters) and characters[index + 1] == "-":
            first, last, index = characters[index], characters[index + 2], index + 3
        else:
            first = last = characters[index]
            index += 1
        if ord(last) <= 0xFFFF and not 0xD800 <= ord(first) <= 0xDFFF:
            out += f"\\u{ord(first):04x}" + (f"-\\u{ord(last):04x}" if last != first else "")
    return out


# Editors flag invisible characters too (those in the Basic Multilingual Plane).
_LINE_SCHEMA_PATTERN = (
    f"^[^{_schema_class(_CONTROL + _BIDI + _INVISIBLE + _JOINERS)}\\t\\n\\u2028\\u2029]*$"
)
_PARAGRAPH_SCHEMA_PATTERN = f"^[^{_schema_class(_CONTROL + _BIDI + _INVISIBLE)}]*$"
Line = Annotated[
    str,
    AfterValidator(_line),
    WithJsonSchema({"type": "string", "maxLength": MAX_LINE, "pattern": _LINE_SCHEMA_PATTERN}),
]
Paragraph = Annotated[
    str,
    AfterValidator(_paragraph),
    WithJsonSchema(
        {"type": "string", "maxLength": MAX_PARAGRAPH, "pattern": _PARAGRAPH_SCHEMA_PATTERN}
    ),
]
HangulLine = Annotated[Line, AfterValidator(_hangul)]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            "pattern": "^https?://[^\\s/]+",
            "maxLength": MAX_URL,
        }
    ),
]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=MAX_SLUG)]


def _no_repeats(items: list[Any]) -> list[Any]:
    """A list names each thing once; two links (or sources) to one address count as a repeat."""
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


# The four speech levels a learner meets in songs (the "Speech levels in songs" chapter):
# formal 합쇼체 (-ㅂ니다), polite 해요체 (-아/어요), casual 해체 (반말: -아/어, -지, -야) and
# plain 해라체 (the written style: -다, -는다, -자, -냐, -라).
SpeechLevel = Literal["formal", "polite", "casual", "plain"]
# What a grammar point does, and the theme of a word: the groups of the "grammar of
# longing" and "words of sorrow" chapters, a fixed set so the chapters stay tidy.
GrammarUse = Literal[
    "asking", "wishing", "regretting", "remembering", "imagining", "requesting",
    "describing", "connecting", "stating",
]  # fmt: skip
VocabularyTheme = Literal[
    "parting", "tears", "memory", "time", "weather", "body", "love", "feeling", "people",
    "place", "other",
]  # fmt: skip
# The facts of a song a source page can support (the other fields are our own words).
Fact = Literal["title", "title_ko", "artist", "artist_ko", "released", "album"]
CheckKind = Literal["recognition", "production", "context"]
# Hanja: CJK ideographs only (the basic block and extension A, and compatibility ideographs).
_HANJA = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _hanja(value: str) -> str:
    if not _HANJA.fullmatch(value):
        raise _fail(
            "not_hanja",
            f"{quoted(value)} is not hanja; write the Chinese characters only (離別), or null",
        )
    return value


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
        return romanize(self.title_ko, capitalize=True) if self.title_ko else None

    # No artist_rr: names keep the spelling their owners chose (the `artist` field), and the
    # standard writes names without sound changes (3-4), which romanize() cannot know.


_INVISIBLE_ANYWHERE = re.compile(f"[{_BIDI}{_INVISIBLE}{_JOINERS}]")
_WHITESPACE_RUN = re.compile(r"\s+")


def fold(text: str) -> str:
    """What a reader sees: invisible characters removed, case and width folded (NFKC),
    every run of spaces one space, so that visual twins compare equal."""
    text = _INVISIBLE_ANYWHERE.sub("", text)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _WHITESPACE_RUN.sub(" ", text).strip()


def song_key(title: str, artist: str) -> tuple[str, str]:
    """Two songs are the same song when title and artist look the same (see `fold`)."""
    return fold(title), fold(artist)


Loc = tuple[str | int, ...]
Found = list[tuple[Loc, str]]


def _first_seen(seen: dict[Any, int], key: Any, index: int) -> int | None:
    """The index that first used `key`, or None (and remember `index`) if this is the first."""
    first = seen.setdefault(key, index)
    return None if first == index else first


def _check_collection_ids(collections: Any, found: Found) -> dict[str, int]:
    ids: dict[str, int] = {}
    if not isinstance(collections, list):
        return ids
    for index, collection in enumerate(collections):
        name = collection.get("id") if isinstance(collection, dict) else None
        if isinstance(name, str) and (first := _first_seen(ids, name, index)) is not None:
            found.append(
                (
                    ("collections", index, "id"),
                    f"duplicate collection id {quoted(name)} "
                    f"(first used by collections[{first}]); rename one",
                )
            )
    return ids


def _check_song_collections(index: int, names: Any, ids: dict[str, int], found: Found) -> None:
    if not isinstance(names, list):
        return
    known = ", ".join(sorted(ids)) or "none defined"
    # Past the limit the list is refused anyway; do not look up thousands of names.
    for position, name in enumerate(names[:MAX_SONG_GROUPS]):
        if isinstance(name, str) and name not in ids:
            close = difflib.get_close_matches(name, list(ids), n=1)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            found.append(
                (
                    ("songs", index, "collections", position),
                    f"unknown collection {quoted(name)}; {hint}use one of the ids under "
                    f'"collections" ({known}) or add it there',
                )
            )


def cross_check(data: Any) -> Found:
    """Rules that span entries; works on raw JSON so it runs even when one song is invalid."""
    found: Found = []
    if not isinstance(data, dict):
        return found
    collection_ids = _check_collection_ids(data.get("collections"), found)
    songs = data.get("songs")
    if not isinstance(songs, list):
        return found
    seen_ids: dict[str, int] = {}
    seen_songs: dict[tuple[str, str], int] = {}
    for index, song in enumerate(songs):
        if not isinstance(song, dict):
            continue
        song_id, title, artist = song.get("id"), song.get("title"), song.get("artist")
        first = _first_seen(seen_ids, song_id, index) if isinstance(song_id, str) else None
        if isinstance(song_id, str) and first is not None:
            found.append(
                (
                    ("songs", index, "id"),
                    f"duplicate id {quoted(song_id)} (first used by songs[{first}]); "
                    "ids are permanent, so give this song a new one",
                )
            )
        if (
            isinstance(title, str)
            and isinstance(artist, str)
            and (first := _first_seen(seen_songs, song_key(title, artist), index)) is not None
        ):
            found.append(
                (
                    ("songs", index, "title"),
                    f"duplicate song {quoted(title)} by {quoted(artist)[1:-1]} "
                    f"(already songs[{first}]); remove one of them",
                )
            )
        _check_song_collections(index, song.get("collections"), collection_ids, found)
    _check_removed(data.get("removed"), seen_ids, found)
    return found


def _check_removed(removed: Any, song_ids: dict[str, int], found: Found) -> None:
    """A removed id is never used again, by a song or by a second tombstone."""
    if not isinstance(removed, list):
        return
    seen: dict[str, int] = {}
    for index, tombstone in enumerate(removed):
        song_id = tombstone.get("id") if isinstance(tombstone, dict) else None
        if not isinstance(song_id, str):
            continue
        first = _first_seen(seen, song_id, index)
        if first is not None:
            found.append(
                (("removed", index, "id"), f"{quoted(song_id)} is already removed[{first}]; "
                 "remove one of them")
            )  # fmt: skip
        if song_id in song_ids:
            found.append(
                (
                    ("songs", song_ids[song_id], "id"),
                    f"{quoted(song_id)} was removed (removed[{index}]) and can never be used "
                    "again: readers have seen it go; give this song a new id",
                )
            )


def _resolve_bare_dates(data: Any) -> Any:
    """A bare `added` date means midnight in site.timezone, resolved before songs validate."""
    if not isinstance(data, dict) or not isinstance(data.get("songs"), list):
        return data
    site = data.get("site")
    zone_name = site.get("timezone", "Asia/Seoul") if isinstance(site, dict) else None
    zone = timezone(zone_name) if isinstance(zone_name, str) else None
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
