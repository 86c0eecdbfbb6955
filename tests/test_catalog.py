"""Loading and validating songs.json: exact messages with line, column and JSON path."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from cryfeed.catalog import canonical_text, load_catalog, load_raw
from cryfeed.cli import main
from cryfeed.errors import CatalogError

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

# One fixture file per kind of bad input (regenerate: python tests/make_bad_fixtures.py),
# with every problem it must report, as line:column: path: message.
EXPECTED: list[tuple[str, list[str]]] = [
    ("bad_added", [
        '64:16: songs[1].added: "20 Nov 2026" is not RFC 3339 with an offset; write it like "2026-11-20T09:00:00+09:00", or a bare date like "2026-11-20"',
    ]),
    ("bad_escape", [
        '5:29: invalid escape "\\q"; write a backslash as "\\\\"',
    ]),
    ("bad_released", [
        '34:19: songs[0].released: "2019-13" is not a real date; fix the month or day, or use null',
    ]),
    ("bom", [
        '1:1: starts with a byte order mark (BOM); save as UTF-8 without BOM',
    ]),
    ("control_character", [
        '43:15: songs[0].note: contains the control character U+0007; remove it',
    ]),
    ("duplicate_id", [
        '57:13: songs[1].id: duplicate id "urban-zakapa-counting-days" (first used by songs[0]); ids are permanent, so give this song a new one',
    ]),
    ("duplicate_key", [
        '64:7: songs[1].album: key "album" appears twice in this object; keep one',
    ]),
    ("duplicate_song", [
        '182:16: songs[3].title: duplicate song "COUNTING DAYS" by Urban Zakapa (already songs[0]); remove one of them',
    ]),
    ("empty_file", [
        '1:1: the file is empty; it must hold a JSON object with "site", "collections" and "songs"',
    ]),
    ("future_added", [
        '64:16: songs[1].added: 2099-01-01T00:00:00+09:00 is in the future; use the time the song was added',
    ]),
    ("lone_surrogate", [
        '73:15: songs[1].note: contains U+D800, which no feed can carry; remove it',
    ]),
    ("long_quote", [
        '118:19: songs[2].study.lines[0].ko: quotes 81 characters; a quoted line may have at most 80 (quotation policy: quote less, or link to the official video)',
    ]),
    ("missing_field", [
        '56:5: songs[1]: missing required field "artist"; add it',
    ]),
    ("missing_quote", [
        '4:28: a string runs into a line break: add the missing closing double quote (or write a line break inside text as \\n)',
    ]),
    ("non_hangul_title_ko", [
        '85:19: songs[2].title_ko: "Stay with me" contains no Hangul; write it in Korean script, or use null if unknown',
    ]),
    ("not_utf8", [
        '5:25: byte 0xE9 is not UTF-8; save the file as UTF-8',
    ]),
    ("relative_url", [
        '47:18: songs[0].sources[0].url: "/source/page" is not an absolute http(s) URL; write it in full, like "https://example.org/page"',
    ]),
    ("too_many_quotes", [
        '116:18: songs[2].study.lines: quotes 5 lines; at most 4 quoted lines per song (quotation policy: keep the few lines you discuss)',
    ]),
    ("top_level_array", [
        '1:1: the top level must be an object with "site", "collections" and "songs", not a list',
    ]),
    ("trailing_comma", [
        '13:20: trailing comma: JSON allows no comma before a closing bracket; remove it',
    ]),
    ("unknown_collection", [
        '93:9: songs[2].collections[1]: unknown collection "sad-songs"; use one of the ids under "collections" (male-ballads, tearjerkers) or add it there',
    ]),
    ("unknown_key", [
        '28:5: songs[0]: missing required field "title"; add it',
        '30:7: songs[0].titel: unknown key "titel"; did you mean "title"?',
    ]),
    ("wrong_type", [
        '13:19: site.feed_limit: must be a whole number, not text',
    ]),
    # Hardening (issue 12): invisible text, limits, JSON that Python's parser cannot take.
    ("bidi_title", [
        '30:16: songs[0].title: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which reorders the text around it on screen; remove it',
    ]),
    ("invisible_artist", [
        '60:17: songs[1].artist: contains the invisible character U+200B ZERO WIDTH SPACE; remove it (one-line fields allow no invisible characters)',
    ]),
    ("visual_twin", [
        '182:16: songs[3].title: duplicate song "\uff23ounting\\xa0Days" by Urban Zakapa (already songs[0]); remove one of them',
    ]),
    ("long_note", [
        '43:15: songs[0].note: is 4002 characters long; at most 4000 allowed; shorten it',
    ]),
    ("long_title", [
        '18:16: collections[0].title: is 208 characters long; at most 200 allowed; shorten it',
    ]),
    ("too_many_moods", [
        '40:16: songs[0].moods: has 11 items; at most 10 allowed; keep the ones that matter most',
    ]),
    ("repeated_collection", [
        '94:9: songs[2].collections[2]: "male-ballads" is listed twice (first at [0]); remove one',
    ]),
    ("repeated_link", [
        '79:9: songs[1].links[1]: "https://example.org/v" is listed twice (first at [0]); remove one',
    ]),
    ("feed_limit_too_big", [
        '13:19: site.feed_limit: must be less than or equal to 1000',
    ]),
    ("site_url_not_http", [
        '6:12: site.url: "ftp://fixture.example.org/cry/" is not an absolute http(s) URL; write it in full, like "https://example.org/page"',
    ]),
    ("invisible_in_url", [
        '47:18: songs[0].sources[0].url: contains the invisible character U+200B ZERO WIDTH SPACE; remove it (one-line fields allow no invisible characters)',
    ]),
    ("unknown_timezone", [
        '11:17: site.timezone: "Asia" is not an IANA time zone; use a name like "Asia/Seoul"',
        '36:16: songs[0].added: "2026-11-01" is a bare date and the site time zone is unknown; add a time and an offset',
    ]),
    ("deep_nesting", [
        '13:81: lists and objects nest more than 64 levels deep here (songs.json needs 6); remove the extra brackets',
    ]),
    ("huge_number", [
        '13:19: a number with 5000 digits; numbers in songs.json are small (feed_limit is 1 to 1000)',
    ]),
    ("not_a_number", [
        '13:19: NaN is not a JSON number; write a number such as 50',
    ]),
    ("escaped_key", [
        '7:22: site.language: "English" is not a language tag; use a BCP 47 tag like "en" or "ko"',
    ]),
    ("utf16", [
        '1:1: the file is UTF-16 or UTF-32; save it as UTF-8',
    ]),
]


def test_every_bad_fixture_is_covered() -> None:
    assert sorted(p.stem for p in BAD.glob("*.json")) == sorted(name for name, _ in EXPECTED)


@pytest.mark.parametrize(("name", "problems"), EXPECTED, ids=[name for name, _ in EXPECTED])
def test_bad_input_is_reported_exactly(name: str, problems: list[str]) -> None:
    path = BAD / f"{name}.json"
    result = CliRunner().invoke(main, ["validate", "-c", str(path)])
    assert result.exit_code == 1
    count = len(problems)
    expected = [f"{path}:{problem}" for problem in problems]
    expected.append(f"{path}: {count} problem{'s' * (count != 1)}")
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", [name for name, _ in EXPECTED])
def test_validation_never_writes(name: str, tmp_path: Path) -> None:
    path = tmp_path / "songs.json"
    shutil.copy(BAD / f"{name}.json", path)
    before = path.read_bytes()
    add = ["add", "--title", "T", "--artist", "A", "--collection", "tearjerkers", "--note", "n"]
    for command in (["fmt"], add):
        result = CliRunner().invoke(main, [*command, "-c", str(path)])
        assert result.exit_code == 1, result.output
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "songs.json"
    ]  # no temp file left behind either


def test_fixture_is_valid() -> None:
    catalog = load_catalog(FIXTURES / "catalog.json", now=NOW)
    assert [s.id for s in catalog.songs] == [
        "urban-zakapa-counting-days",
        "beast-on-rainy-days",
        "jang-deok-cheol-see-you-later",
    ]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("true", "must be a whole number, not true/false"),
        ('"3"', "must be a whole number, not text"),
        ("3.0", "must be a whole number, not 3.0; write 3"),
        ("2.5", "must be a whole number, not a fraction (2.5)"),
        ("1e300", "is too large for a whole number; write one such as 50"),
        ("5000.0", "must be a whole number from 1 to 1000, not 5000.0"),
        ("-0.0", "must be a whole number from 1 to 1000, not -0.0"),
    ],
)
def test_feed_limit_is_a_whole_number_and_nothing_pydantic_would_coerce(
    given: str, problem: str, tmp_path: Path
) -> None:
    path = tmp_path / "songs.json"
    text = (FIXTURES / "catalog.json").read_text(encoding="utf-8")
    assert text.count('"feed_limit": 3\n') == 1
    path.write_text(text.replace('"feed_limit": 3\n', f'"feed_limit": {given}\n'), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-c", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:13:19: site.feed_limit: {problem}",
        f"{path}: 1 problem",
    ]


def test_bare_date_is_midnight_in_site_timezone() -> None:
    catalog = load_catalog(FIXTURES / "catalog.json", now=NOW)
    added = catalog.songs[0].added
    assert added.isoformat() == "2026-11-01T00:00:00+09:00"
    assert added.astimezone(UTC) == datetime(2026, 10, 31, 15, 0, tzinfo=UTC)


def test_future_is_judged_by_the_injected_clock() -> None:
    early = datetime(2026, 11, 19, 23, 0, tzinfo=UTC)  # before the 09:00 KST song
    with pytest.raises(CatalogError) as caught:
        load_catalog(FIXTURES / "catalog.json", now=early)
    assert [p.path for p in caught.value.problems] == ["songs[2].added"]


def test_nfd_hangul_is_accepted_and_normalized() -> None:
    raw = (FIXTURES / "nfd_hangul.json").read_text(encoding="utf-8")
    assert "있어줘요" not in raw  # the file really holds decomposed jamo
    catalog = load_catalog(FIXTURES / "nfd_hangul.json", now=NOW)
    assert catalog.songs[2].title_ko == "있어줘요"


def test_newest_first_breaks_ties_by_file_order() -> None:
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["songs"][0]["added"] = data["songs"][2]["added"]
    path_text = json.dumps(data)
    from cryfeed.catalog import validate_data

    catalog = validate_data(data, path_text, "songs.json", NOW)
    newest = [s.id for s in catalog.newest_first()]
    # songs[0] and songs[2] share an instant: the later one in the file is newer.
    assert newest == [
        "jang-deok-cheol-see-you-later",
        "urban-zakapa-counting-days",
        "beast-on-rainy-days",
    ]


def test_all_problems_at_once_sorted_by_position(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["songs"][2]["released"] = "soon"
    data["songs"][0]["sources"] = [{"url": "ftp://x"}]
    data["site"]["url"] = "https://fixture.example.org/cry"
    path = tmp_path / "songs.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, now=NOW)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["site.url", "songs[0].sources[0].url", "songs[2].released"]
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_canonical_text_of_fixture_is_identity() -> None:
    text, data = load_raw(FIXTURES / "catalog.json")
    assert canonical_text(data) == text
