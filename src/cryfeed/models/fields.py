"""The per-field rules of songs.json: invisible characters, text types (limits: limits.py)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from cryfeed.models.limits import (
    _BIDI,
    _CONTROL,
    _INVISIBLE,
    _JOINERS,
    _UNENCODABLE,
    ADDED_PATTERN,
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_QUOTED_CHARS,
    MAX_SLUG,
    MAX_URL,
    RELEASED_PATTERN,
    SLUG_PATTERN,
    quoted,
    timezone,
)

# Compiled once: the rules run for every song (re.fullmatch looks its cache up each time).
ADDED = re.compile(ADDED_PATTERN)
_RELEASED = re.compile(RELEASED_PATTERN)
_REFUSED_IN_LINE = re.compile(
    f"[{_CONTROL}\t\n\u2028\u2029{_UNENCODABLE}{_BIDI}{_INVISIBLE}{_JOINERS}]"
)
_REFUSED_IN_PARAGRAPH = re.compile(f"[{_CONTROL}{_UNENCODABLE}{_BIDI}{_INVISIBLE}]")
_IS_BIDI = re.compile(f"[{_BIDI}]")
_IS_UNENCODABLE = re.compile(f"[{_UNENCODABLE}]")


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
    # Imported here: loading cryfeed.korean builds the pronunciation engine's tables, which
    # validating does not need (plain Hangul text never gets here: models/plain.py).
    from cryfeed.korean import contains_hangul

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
    if not _RELEASED.fullmatch(value):
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
