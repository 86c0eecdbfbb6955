"""The fast path (catalog/fast.py, models/plain.py): the same catalog, or None and the full path."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cryfeed.catalog import load_catalog, parse_json, validate_data
from cryfeed.catalog.fast import fast_catalog
from cryfeed.catalog.load import decode
from cryfeed.errors import CatalogError
from cryfeed.korean import contains_hangul
from cryfeed.models import _REFUSED_IN_LINE
from cryfeed.models.fields import _released
from cryfeed.models.plain import HANGUL_RANGES, HANJA_RANGES, PLAIN, PLAIN_RANGES

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = Path(__file__).parent.parent / "songs.json"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def characters(ranges: tuple[tuple[int, int], ...]) -> list[str]:
    return [chr(code) for first, last in ranges for code in range(first, last + 1)]


def full_path(raw: bytes) -> Any:
    text = decode(raw, "songs.json")
    return validate_data(parse_json(text, "songs.json"), text, "songs.json", NOW)


# ---------------------------------------------------------------- the plain characters


# Characters that NFC may join to the one before them: second halves of canonical pairs.
COMPOSING = {
    decomposition.split()[1]
    for code in range(sys.maxunicode + 1)
    if (decomposition := unicodedata.decomposition(chr(code)))
    and not decomposition.startswith("<")
    and len(decomposition.split()) == 2
}


def test_plain_characters_are_allowed_and_keep_any_string_nfc() -> None:
    plain = characters(PLAIN_RANGES)
    assert [c for c in plain if _REFUSED_IN_LINE.search(c)] == []
    assert [c for c in plain if unicodedata.normalize("NFC", c) != c] == []
    assert [c for c in plain if unicodedata.combining(c)] == []
    assert [c for c in plain if f"{ord(c):04X}" in COMPOSING] == []
    assert [c for c in plain if 0x1100 <= ord(c) <= 0x11FF] == []  # Hangul jamo compose
    assert [c for c in plain if c.isspace()] == [" "]


def test_hangul_and_hanja_ranges_are_what_the_rules_call_so() -> None:
    assert all(contains_hangul(c) for c in characters(HANGUL_RANGES))
    assert set(characters(HANJA_RANGES)) <= set(characters(PLAIN_RANGES))


# Plain characters, the space, and characters that the rules refuse or change.
TEXT = st.text(
    st.sampled_from(
        [*"aZ09 -:/?#@.", "가", "힣", "ㅂ", "離", "“", "…", "é", "\n", "\t", "\u200b", "\u3164",
         "\u00a0", "\u1161", "\u0301", "\uf900", "\x00", "\u202e", "\ufeff", "\u3000"]
    ),
    max_size=12,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(sorted(PLAIN, key=lambda rule: rule.__name__)))
def test_text_a_pattern_accepts_is_accepted_unchanged_by_its_rule(text: str, rule: Any) -> None:
    pattern, limit = PLAIN[rule]
    if re.fullmatch(pattern, text) and len(text) <= limit:
        assert rule(text) == text


def test_a_release_date_the_pattern_accepts_is_one_the_rule_accepts() -> None:
    pattern, limit = PLAIN[_released]
    dates = [
        f"{year}{month}{day}"
        for year in ("0000", "0001", "0999", "1000", "1999", "2024", "2025", "9999", "\uff12\uff10\uff12\uff14")
        for month in ("", "-00", "-01", "-02", "-09", "-12", "-13")
        for day in ("", "-00", "-01", "-28", "-29", "-30", "-31", "-32")
        if month or not day
    ]
    accepted = [text for text in dates if re.fullmatch(pattern, text) and len(text) <= limit]
    assert [text for text in accepted if _released(text) != text] == []
    assert "2024-02-28" in accepted and "1999" in accepted
    assert "2024-02-29" not in accepted and "0000" not in accepted  # left to the rule


# ---------------------------------------------------------------- the fast path


def test_the_shipped_catalog_takes_the_fast_path_without_python_text_rules() -> None:
    called: list[str] = []

    def watch(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_name in ("_line", "_paragraph", "_clean"):
            called.append(frame.f_code.co_name)

    raw = SHIPPED.read_bytes()
    sys.setprofile(watch)
    try:
        catalog = fast_catalog(raw, NOW)
    finally:
        sys.setprofile(None)
    assert catalog is not None
    assert called == []
    assert catalog == full_path(raw)


def test_bare_dates_are_resolved_as_the_full_path_does() -> None:
    raw = (FIXTURES / "catalog.json").read_bytes()
    assert b'"added": "2026-11-01"' in raw
    catalog = fast_catalog(raw, NOW)
    assert catalog is not None
    assert catalog == full_path(raw)
    assert catalog.songs[0].added.tzinfo is not None


def test_text_the_patterns_refuse_is_still_checked_and_normalized() -> None:
    text = (FIXTURES / "catalog.json").read_text(encoding="utf-8")
    decomposed = text.replace('"title": "Fixture feed"', '"title": "Fixture cafe\u0301"')
    catalog = fast_catalog(decomposed.encode(), NOW)
    assert catalog is not None
    assert catalog.site.title == "Fixture caf\u00e9"
    assert catalog == full_path(decomposed.encode())


FIXTURE = (FIXTURES / "catalog.json").read_text(encoding="utf-8")
DOUBTFUL = {
    "a key given twice": FIXTURE.replace('"title":', '"title": "X", "title":', 1),
    "a key given twice, alike": FIXTURE.replace(
        '"title": "Fixture feed"', '"title": "Fixture feed", "title": "Fixture feed"'
    ),
    "twice, with a space before a colon": FIXTURE.replace(
        '"title":', '"title" : "X", "title" :', 1
    ),
    "a lone surrogate": FIXTURE.replace('"title": "', '"title": "\\ud800', 1),
    "a tab inside a string": FIXTURE.replace('"title": "', '"title": "\t', 1),
    "text after the document": FIXTURE + "x",
    "NaN": FIXTURE.replace('"site": {', '"site": {"feed_limit": NaN,', 1),
    "a byte order mark": "\ufeff" + FIXTURE,
    "a collection listed twice": FIXTURE.replace(
        '"collections": [\n        "tearjerkers"\n',
        '"collections": [\n        "tearjerkers", "tearjerkers"\n',
        1,
    ),
    "a word studied twice": FIXTURE.replace(
        '"word": "있다",\n            "lemma": "있다",\n            "meaning": "to be, to stay",\n'
        '            "pos": "verb"\n          }',
        '"word": "있다",\n            "lemma": "있다",\n            "meaning": "to be, to stay",\n'
        '            "pos": "verb"\n          },\n          {\n'
        '            "word": "있다",\n            "lemma": "있다",\n            "meaning": "to be, to stay",\n'
        '            "pos": "verb"\n          }',
        1,
    ),
    "a duplicate song id": FIXTURE.replace(
        '"id": "beast-on-rainy-days"', '"id": "urban-zakapa-counting-days"'
    ),
}


@pytest.mark.parametrize("text", DOUBTFUL.values(), ids=DOUBTFUL.keys())
def test_any_doubt_takes_the_full_path(text: str, tmp_path: Path) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    assert fast_catalog(raw, NOW) is None
    path = tmp_path / "songs.json"
    path.write_bytes(raw)
    with pytest.raises(CatalogError):
        load_catalog(path, NOW)


def test_a_word_studied_twice_with_two_meanings_is_no_repeat() -> None:
    # Entries are told apart by their word first; the rule itself compares them whole.
    text = FIXTURE.replace('"word": "있다"', '"word": "이별"', 1)
    assert text != FIXTURE
    fast = fast_catalog(text.encode(), NOW)
    assert fast is not None
    assert fast == full_path(text.encode())


# pydantic-core reads numbers and text in JSON a little differently than Python objects:
# both paths must accept (and turn into the same number) or refuse the same values.
@pytest.mark.parametrize(
    "value", ["3", "true", '"50"', "50.0", "50.5", '"5e1"', '" 50"', "1e2", "[50]", '"\uff10"']
)
def test_both_paths_read_a_number_alike(value: str) -> None:
    text = re.sub(r'"feed_limit": [^,\n]+', f'"feed_limit": {value}', FIXTURE, count=1)
    fast = fast_catalog(text.encode(), NOW)
    try:
        full = full_path(text.encode())
    except CatalogError:
        full = None
    assert fast == full

