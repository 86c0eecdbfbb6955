"""Plain text that the per-field rules accept unchanged, as patterns pydantic-core checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic_core import CoreSchema, core_schema

from cryfeed.models.fields import (
    _hangul,
    _hanja,
    _http_url,
    _line,
    _paragraph,
    _quoted_line,
    _released,
)
from cryfeed.models.limits import (
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_QUOTED_CHARS,
    MAX_URL,
)

# Why: the rules of fields.py are Python functions, and a 10,000-song catalog has some
# 700,000 strings; calling Python for each took most of the validation time (issue 17).
# Nearly every string is plain: printable ASCII, Hangul, hanja, kana and common
# punctuation. Such a string has no character the rules refuse and is already NFC, so a
# pattern (run in Rust by pydantic-core) can accept it as it is; any other string still
# goes through its Python rule (catalog/fast.py tries the pattern first).
#
# Every character here is a starter that is NFC on its own and composes with nothing before
# it, so any string of them is NFC; none is refused in a one-line field, and only the
# space is whitespace. tests/test_limits.py checks all three against unicodedata.
PLAIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),  # printable ASCII
    (0xA1, 0xAC),  # Latin-1 punctuation (not U+00A0, a space; not U+00AD, invisible)
    (0xAE, 0x17F),  # Latin-1 and Latin Extended-A letters, precomposed
    (0x2010, 0x2027),  # dashes, quotation marks, bullets, ellipsis
    (0x2030, 0x205E),  # per mille, primes, guillemets, reference mark
    (0x2190, 0x21FF),  # arrows
    (0x2600, 0x26FF),  # symbols: stars, hearts, notes
    (0x3001, 0x3029),  # CJK punctuation and brackets (not U+3000, a space)
    (0x3030, 0x303F),  # (not U+302A-U+302F, combining tone marks)
    (0x3041, 0x3096),  # hiragana, precomposed (not U+3099-U+309A, combining marks)
    (0x30A1, 0x30FF),  # katakana
    (0x3131, 0x3163),  # Hangul compatibility jamo (not U+3164, the invisible filler)
    (0x3165, 0x318E),
    (0x3400, 0x4DBF),  # CJK ideographs, extension A
    (0x4E00, 0x9FFF),  # CJK ideographs (not the compatibility ones: NFC changes them)
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xFF01, 0xFF60),  # fullwidth forms (not the halfwidth Hangul filler)
)
# Hangul that contains_hangul finds; the hanja that _hanja allows and NFC keeps.
HANGUL_RANGES = ((0x3131, 0x3163), (0x3165, 0x318E), (0xAC00, 0xD7A3))
HANJA_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _class(ranges: tuple[tuple[int, int], ...], *, without_space: bool = False) -> str:
    """A regex character class as \\uXXXX escapes, read alike by Rust's regex and Python's re."""
    parts = []
    for first, last in ranges:
        if without_space and first == 0x20:
            first = 0x21
        parts.append(f"\\u{first:04X}-\\u{last:04X}")
    return "[" + "".join(parts) + "]"


_ANY = _class(PLAIN_RANGES)
_SEEN = _class(PLAIN_RANGES, without_space=True)  # not blank: something besides spaces
_HANGUL = _class(HANGUL_RANGES)
# Notes may also hold line breaks and tabs; leading ones are blank too.
LINE_PATTERN = f"^ *{_SEEN}{_ANY}*$"
PARAGRAPH_PATTERN = f"^[ \\t\\n]*{_SEEN}[{_ANY[1:-1]}\\t\\n]*$"
HANGUL_LINE_PATTERN = f"^{_ANY}*{_HANGUL}{_ANY}*$"
HANJA_PATTERN = f"^{_class(HANJA_RANGES)}+$"
# An absolute http(s) URL of printable ASCII: a host without / ? # @, then any path.
_HOST = "[\\u0021-\\u0022\\u0024-\\u002E\\u0030-\\u003E\\u0041-\\u007E]"
URL_PATTERN = f"^https?://{_HOST}+(?:[/?#][\\u0021-\\u007E]*)?$"

# A release date that is certainly real: ASCII digits, a year from 0001, a month from 01 to
# 12 and a day up to 28 (later days, and other digits, are left to the rule itself).
RELEASED_PLAIN_PATTERN = (
    "^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    "(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-8]))?)?$"
)

# The rule each pattern stands for, with the length limit the rule checks first.
PLAIN: dict[Callable[[str], str], tuple[str, int]] = {
    _line: (LINE_PATTERN, MAX_LINE),
    _paragraph: (PARAGRAPH_PATTERN, MAX_PARAGRAPH),
    _hangul: (HANGUL_LINE_PATTERN, MAX_LINE),  # HangulLine: _hangul after _line
    _quoted_line: (HANGUL_LINE_PATTERN, MAX_QUOTED_CHARS),
    _hanja: (HANJA_PATTERN, MAX_LINE),  # hanja: _hanja after _line
    _http_url: (URL_PATTERN, MAX_URL),
    _released: (RELEASED_PLAIN_PATTERN, len("YYYY-MM-DD")),
}


def plain_schema(rule: Any) -> CoreSchema | None:
    """A str schema (pattern and length) accepting plain text that `rule` returns unchanged."""
    found = PLAIN.get(rule) if callable(rule) else None
    if found is None:
        return None
    pattern, limit = found
    return core_schema.str_schema(pattern=pattern, max_length=limit)
