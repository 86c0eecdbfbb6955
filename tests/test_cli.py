"""The maintainer's commands, run in-process with exact outputs: validate, fmt, add, schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from cryfeed.catalog import NewSong, add_song
from cryfeed.cli import main
from cryfeed.errors import CryfeedError, OutputError

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", path)
    return path


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"cryfeed {name} has no help text"
        assert run(name, "--help").exit_code == 0


def test_validate_ok(catalog: Path) -> None:
    result = run("validate", "-c", str(catalog))
    assert result.exit_code == 0
    assert result.output == f"{catalog}: OK (3 songs, 2 collections)\n"


def test_validate_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    result = run("validate", "-c", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: no such file; run cryfeed in the folder that holds songs.json, "
        "or pass its path with --catalog\n"
    )


def test_fmt_on_canonical_file_changes_nothing(catalog: Path) -> None:
    before = catalog.stat().st_mtime_ns
    result = run("fmt", "-c", str(catalog))
    assert result.exit_code == 0
    assert result.output == f"{catalog}: already canonical\n"
    assert catalog.stat().st_mtime_ns == before
    assert run("fmt", "--check", "-c", str(catalog)).exit_code == 0


def test_fmt_canonicalizes_without_touching_data(catalog: Path) -> None:
    data = json.loads(catalog.read_text(encoding="utf-8"))
    song = data["songs"][2]
    data["songs"][2] = dict(reversed(list(song.items())))  # keys out of model order
    song["title_ko"] = unicodedata.normalize("NFD", song["title_ko"])
    messy = json.dumps(data, indent=4, ensure_ascii=True)  # \\u escapes, no final newline
    catalog.write_text(messy, encoding="utf-8")

    check = run("fmt", "--check", "-c", str(catalog))
    assert check.exit_code == 1
    assert check.stderr == f"{catalog}: would be reformatted; run cryfeed fmt\n"
    assert catalog.read_text(encoding="utf-8") == messy

    result = run("fmt", "-c", str(catalog))
    assert result.exit_code == 0
    assert result.output == f"{catalog}: reformatted\n"
    # Same bytes as the canonical fixture: key order, NFC, real UTF-8, 2 spaces, newline.
    assert catalog.read_text(encoding="utf-8") == (FIXTURES / "catalog.json").read_text(
        encoding="utf-8"
    )


def test_fmt_keeps_bare_dates_and_song_order(catalog: Path) -> None:
    run("fmt", "-c", str(catalog))
    data = json.loads(catalog.read_text(encoding="utf-8"))
    assert data["songs"][0]["added"] == "2026-11-01"
    assert next(s["id"] for s in data["songs"]) == "urban-zakapa-counting-days"


def test_add_appends_one_song(catalog: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    result = run(
        "add", "-c", str(catalog),
        "--title", "Lonely night", "--title-ko", "혼술하고 싶은 밤",
        "--artist", "BEN", "--artist-ko", "벤", "--released", "2020-12",
        "--collection", "tearjerkers", "--mood", "loneliness",
        "--note", "A night alone with a drink and a memory.",
        "--link", "video=https://example.org/v", "--source", "https://example.org/s",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "ben-lonely-night\n"
    data = json.loads(catalog.read_text(encoding="utf-8"))
    new = data["songs"][-1]
    assert list(new) == [
        "id", "title", "title_ko", "artist", "artist_ko", "released", "album", "added",
        "collections", "moods", "note", "links", "sources",
    ]  # fmt: skip
    assert new["links"] == [{"kind": "video", "url": "https://example.org/v"}]
    added = datetime.fromisoformat(new["added"])
    assert added.utcoffset() == timedelta(hours=9)  # now, in the site's time zone
    assert before <= added <= datetime.now(UTC)
    assert run("fmt", "--check", "-c", str(catalog)).exit_code == 0
    assert run("validate", "-c", str(catalog)).exit_code == 0


def test_add_makes_unique_ids_from_hangul(catalog: Path) -> None:
    hangul = run("add", "-c", str(catalog), "--title", "있어줘요", "--artist", "장덕철",
                 "--collection", "tearjerkers", "--note", "Again.")  # fmt: skip
    assert hangul.exit_code == 0, hangul.output
    assert hangul.output == "jangdeokcheol-isseojwoyo\n"  # romanized artist, then title
    # Another song whose slug is the fixture's urban-zakapa-counting-days gets a suffix.
    taken = run("add", "-c", str(catalog), "--title", "Counting Days!", "--artist", "Urban-Zakapa",
                "--collection", "tearjerkers", "--note", "Again.")  # fmt: skip
    assert taken.exit_code == 0, taken.output
    assert taken.output == "urban-zakapa-counting-days-2\n"


def test_add_refuses_duplicate_song(catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "counting days",
                 "--artist", "URBAN ZAKAPA", "--collection", "tearjerkers", "--note", "x")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: {catalog}: "counting days" by URBAN ZAKAPA is already in the catalog '
        "(songs[0], id urban-zakapa-counting-days); nothing was added\n"
    )
    assert catalog.read_bytes() == before


def test_add_with_bad_flags_changes_nothing(catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "Typo", "--artist", "Someone",
                 "--collection", "tearjerker", "--released", "2019-14",
                 "--title-ko", "Typo", "--note", "x")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: --title-ko: "Typo" contains no Hangul; write it in Korean script, '
        "or use null if unknown\n"
        '--released: "2019-14" is not a real date; fix the month or day, or use null\n'
        '--collection: unknown collection "tearjerker"; did you mean "tearjerkers"? use one of the ids under '
        '"collections" (male-ballads, tearjerkers) or add it there\n'
        f"{catalog}: nothing was added\n"
    )
    assert catalog.read_bytes() == before


def test_add_without_required_flags_is_a_usage_error(catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("add", "-c", str(catalog), "--title", "Only a title")
    assert result.exit_code == 2
    assert "missing --artist, --collection, --note (required to add a song)" in result.output
    assert catalog.read_bytes() == before


def test_add_to_invalid_catalog_refuses(tmp_path: Path) -> None:
    path = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "bad" / "trailing_comma.json", path)
    before = path.read_bytes()
    result = run("add", "-c", str(path), "--title", "T", "--artist", "A",
                 "--collection", "tearjerkers", "--note", "n")  # fmt: skip
    assert result.exit_code == 1
    assert f"{path}:13:20: trailing comma" in result.stderr
    assert path.read_bytes() == before


def test_crash_mid_write_keeps_old_file(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = catalog.read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OutputError, match="the old file is unchanged"):
        add_song(catalog, NewSong(title="T", artist="A", note="n", collections=["tearjerkers"]))
    assert catalog.read_bytes() == before
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["songs.json", "songs.json.lock"]


def test_concurrent_adds_both_land(catalog: Path) -> None:
    command = [sys.executable, "-m", "cryfeed", "add", "-c", str(catalog),
               "--collection", "tearjerkers", "--note", "n"]  # fmt: skip
    processes = [
        subprocess.Popen(
            [*command, "--title", f"Song {n}", "--artist", f"Artist {n}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
    titles = [s["title"] for s in json.loads(catalog.read_text(encoding="utf-8"))["songs"]]
    assert sorted(titles[3:]) == ["Song 0", "Song 1", "Song 2", "Song 3"]


def test_add_library_error_is_cryfeed_error(catalog: Path) -> None:
    with pytest.raises(CryfeedError):
        add_song(catalog, NewSong(title="T", artist="A", note="n", collections=["nope"]))


def test_schema_writes_and_checks(catalog: Path) -> None:
    schema_path = catalog.with_name("songs.schema.json")
    check = run("schema", "--check", "-c", str(catalog))
    assert check.exit_code == 1
    assert check.stderr == f"{schema_path}: out of date; run cryfeed schema\n"
    result = run("schema", "-c", str(catalog))
    assert result.output == f"{schema_path}: written\n"
    again = run("schema", "--check", "-c", str(catalog))
    assert again.exit_code == 0
    assert again.output == f"{schema_path}: up to date\n"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = json.loads(catalog.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)  # editors see the same rules
    data["songs"][0]["titel"] = data["songs"][0].pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_shipped_catalog_is_valid_canonical_and_schema_current() -> None:
    shipped = ROOT / "songs.json"
    for args in (["validate"], ["fmt", "--check"], ["schema", "--check"]):
        result = run(*args, "-c", str(shipped))
        assert result.exit_code == 0, result.output
    data = json.loads(shipped.read_text(encoding="utf-8"))
    assert data["$schema"] == "./songs.schema.json"
    schema = json.loads((ROOT / "songs.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("flag", "link"),
    [
        ("https://youtu.be/x?t=10", {"kind": "video", "url": "https://youtu.be/x?t=10"}),
        ("youtube.com/watch?v=1", {"kind": "video", "url": "youtube.com/watch?v=1"}),
        ("official=https://example.org/a=b", {"kind": "official", "url": "https://example.org/a=b"}),
    ],
)
def test_link_flag_parsing(flag: str, link: dict[str, str]) -> None:
    from cryfeed.cli import _parse_link

    assert _parse_link(flag) == link


def test_bare_link_without_scheme_is_refused_as_a_url(catalog: Path) -> None:
    result = run("add", "-c", str(catalog), "--title", "T", "--artist", "A",
                 "--collection", "tearjerkers", "--note", "n", "--link", "youtube.com/watch?v=1")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'Error: --link: "youtube.com/watch?v=1" is not an absolute http(s) URL; '
        'write it in full, like "https://example.org/page"'
    )


def test_unwritable_folder_is_a_message_not_a_traceback(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    before = catalog.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as an unwritable folder would
    result = run("add", "-c", str(catalog), "--title", "T", "--artist", "A",
                 "--collection", "tearjerkers", "--note", "n")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {catalog}: Permission denied\n"
    assert catalog.read_bytes() == before
