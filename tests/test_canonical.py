"""canonical_text: the text cryfeed fmt and add write, whichever serializer writes it."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cryfeed.catalog import canonical_text, format_catalog, load_raw
from cryfeed.catalog.canonical import _order
from cryfeed.models import Catalog

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import grown  # noqa: E402


def standard_library(data: Any) -> str:
    """What canonical_text wrote before it used pydantic-core: the reference."""
    return json.dumps(_order(data, Catalog, set()), indent=2, ensure_ascii=False) + "\n"


def test_the_shipped_catalog_is_canonical_and_written_as_the_standard_library_writes_it() -> None:
    text, data = load_raw(ROOT / "songs.json")
    assert canonical_text(data) == standard_library(data) == text


def test_a_grown_catalog_with_hangul_everywhere_is_written_the_same_way() -> None:
    data = grown.grow(300)
    assert canonical_text(data) == standard_library(data)


# Text of every kind a string can hold: controls, quotes, backslashes, line and paragraph
# separators, DEL, non-characters, astral characters, decomposed Hangul.
TEXT = st.text(
    st.characters()  # lone surrogates too: an undecodable byte of a command line
    | st.sampled_from(list('"\\\x00\x1f\x7f\u2028\u2029\ufeff\U0001f622\u1100\u1161')),
    max_size=30,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_any_json_without_floats_is_written_as_the_standard_library_writes_it(value: Any) -> None:
    data = {"site": {"title": "t"}, "extra": value, "songs": [value]}
    assert canonical_text(data) == standard_library(data)


def test_floats_keep_the_standard_library_spelling() -> None:
    data = {"site": {"feed_limit": 1e300}, "songs": [{"x": 0.5}]}
    assert canonical_text(data) == standard_library(data)
    assert '"feed_limit": 1e+300' in canonical_text(data)


def test_keys_follow_the_models_and_text_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "이별")
    data = {"songs": [{"title_ko": decomposed, "id": "a", "zz": 1, "title": "T"}], "site": {}}
    text = canonical_text(data)
    assert list(json.loads(text)) == ["site", "songs"]
    song = json.loads(text)["songs"][0]
    assert list(song)[-1] == "zz" and list(song).index("id") < list(song).index("title")
    assert song["title_ko"] == "이별" != decomposed


def test_fmt_on_text_the_fast_path_leaves_to_the_full_one_writes_the_same(
    tmp_path: Path,
) -> None:
    """Space before a colon sends the file down the full path (its own parser and dict
    type); the canonical text is the same."""
    shipped = (ROOT / "songs.json").read_text(encoding="utf-8")
    path = tmp_path / "songs.json"
    odd = shipped.replace('"title": ', '"title" : ').replace(
        "이별", unicodedata.normalize("NFD", "이별")
    )
    assert odd != shipped
    path.write_text(odd, encoding="utf-8")
    assert format_catalog(path) is True
    assert path.read_text(encoding="utf-8") == shipped
    assert format_catalog(path) is False
