"""Invisible text, visual twins, size limits and `cryfeed add`'s flags: the hardening rules."""

from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from cryfeed.catalog import ADD_FLAGS, MAX_FILE_BYTES, load_catalog, schema_text, validate_data
from cryfeed.cli import main
from cryfeed.errors import CatalogError
from cryfeed.models import (
    _REFUSED_IN_LINE,
    _REFUSED_IN_PARAGRAPH,
    MAX_LINE,
    MAX_SONGS,
    Catalog,
    fold,
    quoted,
    song_key,
)

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", path)
    return path


# ---------------------------------------------------------------- invisible characters


def test_every_format_character_is_refused_in_one_line_fields() -> None:
    # The refused ranges are written out by hand; this holds them to Python's Unicode data.
    format_characters = [
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    ]
    assert len(format_characters) > 150
    assert [c for c in format_characters if not _REFUSED_IN_LINE.match(c)] == []


def test_notes_keep_what_emoji_need_and_refuse_the_rest() -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # ZWJ sequence
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # tags
    heart = "\u2764\ufe0f"  # variation selector 16
    for text in (family, flag, heart, "\u200c"):
        assert _REFUSED_IN_PARAGRAPH.search(text) is None, ascii(text)
        assert _REFUSED_IN_LINE.search(text) is not None, ascii(text)
    for refused in ("\u202e", "\u2066", "\u200b", "\ufeff", "\u00ad", "\u3164", "\u2060"):
        assert _REFUSED_IN_PARAGRAPH.search(f"a{refused}b") is not None, ascii(refused)


def test_plain_text_in_many_scripts_is_not_refused() -> None:
    for text in ("있어줘요", "Café crème", "東京", "Ελληνικά", "Русский", "עברית", "\u0627 \u0628", "—…“”"):
        assert _REFUSED_IN_LINE.search(text) is None, text


@pytest.mark.parametrize(
    ("title", "twin"),
    [
        ("Counting Days", "COUNTING DAYS"),
        ("Counting Days", "Counting\u00a0Days"),  # no-break space
        ("Counting Days", "Counting  Days "),  # spaces
        ("Counting Days", "\uff23ounting Days"),  # fullwidth C
        ("Counting Days", "Counting\u200b Days"),  # zero-width space
        ("Counting Days", "Counting Days\ufeff"),  # BOM
        ("있어줘요", "있어줘요\u3164"),  # Hangul filler
        ("있어줘요", unicodedata.normalize("NFD", "있어줘요")),
        ("Straße", "STRASSE"),  # full case folding
    ],
)
def test_visual_twins_fold_to_one_key(title: str, twin: str) -> None:
    assert fold(title) == fold(twin)
    assert song_key(title, "Urban Zakapa") == song_key(twin, "urban\u3000zakapa")


def test_different_titles_stay_different() -> None:
    assert fold("Counting Days") != fold("Counting Day")
    assert fold("있어줘요") != fold("있어 줘요")


def test_quoted_values_are_escaped_and_shortened_in_messages() -> None:
    assert quoted("plain") == '"plain"'
    assert quoted("a\u202eb\u00a0c\x00") == '"a\\u202eb\\xa0c\\x00"'
    assert quoted("x" * 500) == '"' + "x" * 59 + '…"'


# ---------------------------------------------------------------- limits


def test_a_file_over_the_limit_is_refused_before_parsing(catalog: Path) -> None:
    with catalog.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk or memory used
    result = run("validate", "-c", str(catalog))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {catalog}: larger than 192 MiB, the most a catalog may be (20,000 songs with "
        "study notes take about 150 MiB); check that --catalog names songs.json\n"
    )


def test_too_many_songs_are_refused() -> None:
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    song = data["songs"][1]
    data["songs"] = [{**song, "id": f"s{n}", "title": f"S{n}"} for n in range(MAX_SONGS + 1)]
    with pytest.raises(CatalogError) as caught:
        validate_data(data, json.dumps(data, indent=1), "songs.json", NOW)
    messages = [p.message for p in caught.value.problems]
    assert messages == [f"has {MAX_SONGS + 1} items; at most {MAX_SONGS} allowed; keep the ones that matter most"]


def test_the_schema_carries_the_limits() -> None:
    schema = json.loads(schema_text())
    definitions = schema["$defs"]
    assert definitions["Song"]["properties"]["title"]["maxLength"] == MAX_LINE
    assert definitions["Song"]["properties"]["collections"]["uniqueItems"] is True
    assert definitions["Song"]["properties"]["collections"]["maxItems"] == 10
    assert definitions["Site"]["properties"]["feed_limit"]["maximum"] == 1000
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    changes: list[Callable[[dict[str, Any]], None]] = [
        lambda d: d["songs"][0].update(title="x" * (MAX_LINE + 1)),
        lambda d: d["songs"][0].update(collections=["tearjerkers", "tearjerkers"]),
        lambda d: d["site"].update(feed_limit=0),
        lambda d: d["site"].update(timezone="Asia/../Seoul"),
        lambda d: d["songs"][0].update(sources=["ftp://example.org/"]),
        lambda d: d["songs"][0].update(title="Counting \u202eDays"),
        lambda d: d["songs"][0].update(note="A \ufeff note"),
    ]
    for change in changes:
        broken = json.loads(json.dumps(data))
        change(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_a_catalog_built_in_code_is_still_cross_checked() -> None:
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["songs"][1]["title"] = "COUNTING\u00a0DAYS"
    data["songs"][1]["artist"] = "URBAN ZAKAPA"
    with pytest.raises(ValueError, match="duplicate song"):
        Catalog.model_validate(data, context={"now": NOW})


def test_odd_time_zone_names_never_reach_the_file_system(catalog: Path) -> None:
    data = json.loads(catalog.read_text(encoding="utf-8"))
    for name in ("Asia", "Asia/", "../etc/passwd", "a" * 5000, "Asia/Seoul\x00"):
        data["site"]["timezone"] = name
        catalog.write_text(json.dumps(data, indent=2), encoding="utf-8")
        result = run("validate", "-c", str(catalog))
        assert result.exit_code == 1
        assert "is not an IANA time zone" in result.stderr
        assert "Traceback" not in result.output


def test_shipped_catalog_still_loads() -> None:
    catalog = load_catalog(Path(__file__).parent.parent / "songs.json")
    assert len(catalog.songs) > 50


# ---------------------------------------------------------------- cryfeed add's flags


def test_every_add_flag_is_an_option_of_add() -> None:
    command = main.commands["add"]
    options = {opt for param in command.params if isinstance(param, click.Option) for opt in param.opts}
    assert set(ADD_FLAGS.values()) <= options


def test_add_refuses_invisible_text_and_repeats_by_flag_name(catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "Lonely\u202e night", "--artist", "BEN\u200b",
                 "--collection", "tearjerkers", "--collection", "tearjerkers",
                 "--note", "x" * 4001, "--link", "https://example.org/v", "--link", "audio=https://example.org/v")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: --title: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which reorders the text around it on screen; remove it",
        "--artist: contains the invisible character U+200B ZERO WIDTH SPACE; remove it (one-line fields allow no invisible characters)",
        '--collection: "tearjerkers" is listed twice (first at [0]); remove one',
        "--note: is 4001 characters long; at most 4000 allowed; shorten it",
        '--link: "https://example.org/v" is listed twice (first at [0]); remove one',
        f"{catalog}: nothing was added",
    ]
    assert catalog.read_bytes() == before


def test_add_refuses_a_visual_twin(catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "Counting\u00a0Days", "--artist", "Urban Zakapa",
                 "--collection", "tearjerkers", "--note", "n")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: {catalog}: "Counting\\xa0Days" by Urban Zakapa is already in the catalog '
        "(songs[0], id urban-zakapa-counting-days); nothing was added\n"
    )
    assert catalog.read_bytes() == before


def test_add_refuses_a_bad_id_flag(catalog: Path) -> None:
    result = run("add", "-c", str(catalog), "--title", "T", "--artist", "A", "--id", "Not A Slug",
                 "--collection", "tearjerkers", "--note", "n")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'Error: --id: "Not A Slug" is not a valid id; use lowercase ASCII letters, digits and '
        'single dashes, like "jang-deok-cheol-see-you-later"'
    )


# ---------------------------------------------------------------- JSON that once broke a command

FEED_LIMIT = '"feed_limit": 3'


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ('"\\ud800": 3', "3:11: site: contains U+D800, which no feed can carry; remove it"),
        (
            '"a/b~c": 3',
            '13:5: site["a/b~c"]: unknown key "a/b~c"; allowed: title, description, url, '
            "language, author, timezone, tag_authority, feed_limit, websub_hub",
        ),
        (
            '"feed_limit": 1e308',
            "13:19: site.feed_limit: is too large for a whole number; write one such as 50",
        ),
        (
            '"feed_limit": 1e999',
            '13:19: "1e999" is too large to be a number; write a number such as 50',
        ),
        ('"feed_limit": -Infinity', "13:19: -Infinity is not a JSON number; write a number such as 50"),
        (
            '"feed_limit": ' + "[" * 900 + "]" * 900,
            "13:19: site.feed_limit: must be a whole number, not a list",
        ),
    ],
)
def test_odd_json_gets_a_message(catalog: Path, replacement: str, message: str) -> None:
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace(FEED_LIMIT, replacement), encoding="utf-8")
    result = run("validate", "-c", str(catalog))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{catalog}:{message}", f"{catalog}: 1 problem"]


def test_add_refuses_a_song_past_the_catalog_limit(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cryfeed.catalog.add

    monkeypatch.setattr(cryfeed.catalog.add, "MAX_SONGS", 3)  # the fixture holds 3 songs
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "T", "--artist", "A",
                 "--collection", "tearjerkers", "--note", "n")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {catalog}: already holds 3 songs, the most a catalog may hold; nothing was added\n"
    )
    assert catalog.read_bytes() == before


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_text_folds_as_any_other_text(text: str) -> None:
    # fold() takes a shortcut for ASCII; a zero-width space sends the same text the long way.
    assert fold(text) == fold(text + "\u200b")
