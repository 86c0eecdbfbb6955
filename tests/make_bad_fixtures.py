"""Regenerate tests/fixtures/bad/*.json, one file per kind of bad input: python tests/make_bad_fixtures.py"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "fixtures"
BASE = json.loads((HERE / "catalog.json").read_text(encoding="utf-8"))


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def edit(change: Callable[[dict[str, Any]], None]) -> str:
    data = json.loads(json.dumps(BASE))
    change(data)
    return dumps(data)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


def _del(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return change


def _rename(path: str, old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        items = list(target.items())
        target.clear()
        target.update((new if key == old else key, value) for key, value in items)

    return change


def _duplicate_song(data: dict[str, Any]) -> None:
    copy = json.loads(json.dumps(data["songs"][0]))
    copy["id"] = "counting-days-again"
    copy["title"] = "COUNTING DAYS"
    data["songs"].append(copy)


def _long_quote(data: dict[str, Any]) -> None:
    data["songs"][2]["study"]["lines"][0]["ko"] = "가" * 81


def _five_quotes(data: dict[str, Any]) -> None:
    line = data["songs"][2]["study"]["lines"][0]
    data["songs"][2]["study"]["lines"] = [line] * 5


def _twin(data: dict[str, Any]) -> None:
    # A no-break space and fullwidth letters: looks like songs[0], compares different.
    copy = json.loads(json.dumps(data["songs"][0]))
    copy["id"] = "counting-days-twin"
    copy["title"] = "\uff23ounting\u00a0Days"
    data["songs"].append(copy)


def _repeated_link(data: dict[str, Any]) -> None:
    link = {"kind": "video", "url": "https://example.org/v"}
    data["songs"][1]["links"] = [link, {**link, "kind": "official"}]


def _deep(text: str) -> str:
    return text.replace('"feed_limit": 3', '"feed_limit": ' + "[" * 2000 + "]" * 2000)


VALID = dumps(BASE)

BAD: dict[str, str] = {
    "empty_file": "",
    "trailing_comma": VALID.replace('"feed_limit": 3\n', '"feed_limit": 3,\n'),
    "missing_quote": VALID.replace('"title": "Fixture feed"', '"title": "Fixture feed'),
    "bad_escape": VALID.replace("A small catalog for tests.", "A small \\q catalog."),
    "top_level_array": "[\n  1,\n  2\n]\n",
    "missing_field": edit(_del("songs.1.artist")),
    "unknown_key": edit(_rename("songs.0", "title", "titel")),
    "duplicate_id": edit(_set("songs.1.id", "urban-zakapa-counting-days")),
    "duplicate_song": edit(_duplicate_song),
    "unknown_collection": edit(_set("songs.2.collections", ["male-ballads", "sad-songs"])),
    "bad_released": edit(_set("songs.0.released", "2019-13")),
    "bad_added": edit(_set("songs.1.added", "20 Nov 2026")),
    "future_added": edit(_set("songs.1.added", "2099-01-01T00:00:00+09:00")),
    "non_hangul_title_ko": edit(_set("songs.2.title_ko", "Stay with me")),
    "control_character": edit(_set("songs.0.note", "A bell \u0007 rings.")),
    "lone_surrogate": VALID.replace("A fixture note about rain.", "A fixture \\ud800 note."),
    "long_quote": edit(_long_quote),
    "too_many_quotes": edit(_five_quotes),
    "relative_url": edit(_set("songs.0.sources.0.url", "/source/page")),
    "wrong_type": edit(_set("site.feed_limit", "fifty")),
    "bidi_title": edit(_set("songs.0.title", "Counting \u202eDays")),
    "invisible_artist": edit(_set("songs.1.artist", "BEAST\u200b")),
    "visual_twin": edit(_twin),
    "long_note": edit(_set("songs.0.note", "Rain. " * 667)),
    "long_title": edit(_set("collections.0.title", "Ballads " * 26)),
    "too_many_moods": edit(_set("songs.0.moods", [f"mood-{n}" for n in range(11)])),
    "repeated_collection": edit(
        _set("songs.2.collections", ["male-ballads", "tearjerkers", "male-ballads"])
    ),
    "repeated_link": edit(_repeated_link),
    "feed_limit_too_big": edit(_set("site.feed_limit", 5000)),
    "site_url_not_http": edit(_set("site.url", "ftp://fixture.example.org/cry/")),
    "invisible_in_url": edit(_set("songs.0.sources.0.url", "https://example.org/\u200bpage")),
    "unknown_timezone": edit(_set("site.timezone", "Asia")),
    "deep_nesting": _deep(VALID),
    "huge_number": VALID.replace('"feed_limit": 3', '"feed_limit": ' + "9" * 5000),
    "not_a_number": VALID.replace('"feed_limit": 3', '"feed_limit": NaN'),
    # The key is written with an escape; the message still points at its value.
    "escaped_key": VALID.replace('"language": "en"', '"lang\\u0075age": "English"'),
    "duplicate_key": VALID.replace(
        '"album": "Fiction and Fact",', '"album": "Fiction and Fact",\n      "album": null,'
    ),
}

# NFD Hangul is valid: it is accepted and normalized to NFC on load.
NFD = edit(_set("songs.2.title_ko", unicodedata.normalize("NFD", "있어줘요")))


def main() -> None:
    folder = HERE / "bad"
    folder.mkdir(exist_ok=True)
    for name, text in BAD.items():
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    (folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    (folder / "not_utf8.json").write_bytes(
        VALID.replace("A small catalog", "A sm\u00e9ll catalog").encode("latin-1", "replace")
    )
    (folder / "utf16.json").write_bytes(VALID.encode("utf-16"))
    (HERE / "nfd_hangul.json").write_text(NFD, encoding="utf-8")


if __name__ == "__main__":
    main()
