"""validate's cache (catalog/cache.py): the same verdict as without it, and used when it can be."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click.testing
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryfeed.cachedir import CACHE_FOLDER
from cryfeed.catalog.cache import (
    CACHE_FILE,
    Counts,
    Verdict,
    _library_key,
    _read_cache,
    cached_verdict,
    code_key,
    cut,
    validate_catalog,
)
from cryfeed.cli import main
from cryfeed.errors import CatalogError

ROOT = Path(__file__).parent.parent
SHIPPED: dict[str, Any] = json.loads((ROOT / "songs.json").read_text(encoding="utf-8"))
SONGS = len(SHIPPED["songs"])
COLLECTIONS = len(SHIPPED["collections"])
# The newest song's date is a bare date: midnight in site.timezone (Asia/Seoul, 15:00 UTC
# the day before), half a day before NOW, so the site's time zone decides if it is valid.
NOW = datetime(2026, 12, 31, 0, 30, tzinfo=UTC)
BASE: dict[str, Any] = copy.deepcopy(SHIPPED)
BASE["songs"][-1]["added"] = "2026-12-31"


def canonical(data: Any) -> str:
    """What `cryfeed fmt` writes."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path, data: Any) -> Path:
    path = folder / "songs.json"
    path.write_text(data if isinstance(data, str) else canonical(data), encoding="utf-8")
    return path


def outcome(path: Path, cache: bool, now: datetime = NOW) -> str:
    """validate's verdict: the counts, or every problem as the CLI prints them."""
    try:
        return f"OK {validate_catalog(path, now, cache=cache)}"
    except CatalogError as error:
        return f"problems:\n{error}"


def same_verdict(path: Path, now: datetime = NOW) -> str:
    """The verdict, checked to be the same with the cache and without it."""
    without = outcome(path, cache=False, now=now)
    assert outcome(path, cache=True, now=now) == without
    return without


def warm(folder: Path, data: Any = BASE) -> Path:
    path = write(folder, data)
    assert cached_verdict(path, NOW) == Verdict(Counts(len(data["songs"]), COLLECTIONS), SONGS)
    return path


def test_the_shipped_catalog_cold_warm_and_without_a_cache(tmp_path: Path) -> None:
    path = write(tmp_path, SHIPPED)
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), SONGS)
    assert (tmp_path / CACHE_FOLDER / CACHE_FILE).is_file()
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), 0)
    assert validate_catalog(path, NOW, cache=False) == Counts(SONGS, COLLECTIONS)
    assert validate_catalog(path, NOW) == Counts(SONGS, COLLECTIONS)


def test_no_cache_reads_and_writes_no_cache(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    assert validate_catalog(path, NOW, cache=False) == Counts(SONGS, COLLECTIONS)
    assert not (tmp_path / CACHE_FOLDER).exists()


def _edit_song(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def edit(data: dict[str, Any]) -> Any:
        data["songs"][index][key] = value
        return data

    return edit


def _append_twin(changes: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    def edit(data: dict[str, Any]) -> Any:
        data["songs"].append({**copy.deepcopy(data["songs"][0]), **changes})
        return data

    return edit


def _site(key: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def edit(data: dict[str, Any]) -> Any:
        data["site"][key] = value
        return data

    return edit


def _drop_collection(data: dict[str, Any]) -> Any:
    data["collections"] = [c for c in data["collections"] if c["id"] != "tearjerkers"]
    return data


def _reverse(data: dict[str, Any]) -> Any:
    data["songs"].reverse()
    return data


def _drop_song(data: dict[str, Any]) -> Any:
    del data["songs"][5]
    return data


def _same_length_edit(data: dict[str, Any]) -> Any:
    note = data["songs"][7]["note"]
    data["songs"][7]["note"] = ("x" if note[0] != "x" else "y") + note[1:]
    return data


def _two_for_one(data: dict[str, Any]) -> Any:
    # Song 6 is replaced by two songs that, with the line between them, are exactly as long
    # in the file: cut where songs last ended, they would look like one changed song.
    pieces = cut(canonical(data).encode())
    assert pieces is not None
    target = len(pieces.songs[6])
    plain = {k: v for k, v in data["songs"][6].items() if k != "study"}
    first = {**plain, "id": "first-of-two", "title": "First of two", "note": "n"}
    second = {**plain, "id": "second-of-two", "title": "Second of two", "note": "n"}
    data["songs"][6:7] = [first, second]
    pieces = cut(canonical(data).encode())
    assert pieces is not None
    missing = target - len(pieces.songs[6]) - len(b"\n    },\n") - len(pieces.songs[7])
    first["note"] += "n" * (missing // 2)
    second["note"] += "n" * (missing - missing // 2)
    return data


def _compact(data: dict[str, Any]) -> Any:
    return json.dumps(data, ensure_ascii=False)


def _repeated_key(data: dict[str, Any]) -> Any:
    text = canonical(data)
    first = f'      "id": "{data["songs"][3]["id"]}",\n'
    return text.replace(first, first + '      "title": "Twice",\n', 1)


def _tombstone(song_id: str) -> Callable[[dict[str, Any]], Any]:
    def edit(data: dict[str, Any]) -> Any:
        data["removed"] = [
            {"id": song_id, "reason": "Taken down.", "removed": "2026-12-01T00:00:00+00:00"}
        ]
        return data

    return edit


def _tombstones(*song_ids: str) -> Callable[[dict[str, Any]], Any]:
    def edit(data: dict[str, Any]) -> Any:
        data["removed"] = [
            {"id": song_id, "reason": "Taken down.", "removed": "2026-12-01T00:00:00+00:00"}
            for song_id in song_ids
        ]
        return data

    return edit


APPENDED = {"id": "a-new-song", "title": "A new song", "added": "2026-12-30T00:00:00+00:00"}

# name: (edit, valid, songs validated afresh through the cache; None: the cache steps aside)
MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], Any], bool, int | None]] = {
    "unchanged": (lambda data: data, True, 0),
    "one song appended": (_append_twin(APPENDED), True, 1),
    "one song edited": (_edit_song(7, "note", "A note of our own, edited."), True, 1),
    "one song edited, its length kept": (_same_length_edit, True, 1),
    "two songs where one was, as long": (_two_for_one, True, 2),
    "one song made invalid": (_edit_song(3, "released", "2019-13"), False, None),
    "a new song takes a cached song's id": (
        _append_twin({"title": "Another title", "added": "2026-12-30T00:00:00+00:00"}),
        False,
        None,
    ),
    "a new song repeats a cached song's title and artist": (
        _append_twin({"id": "a-twin", "title": SHIPPED["songs"][0]["title"].upper()}),
        False,
        None,
    ),
    "an edited song takes another's id": (
        _edit_song(9, "id", SHIPPED["songs"][2]["id"]), False, None
    ),
    "a collection cached songs use is removed": (_drop_collection, False, None),
    "the time zone puts a bare date in the future": (
        _site("timezone", "America/New_York"), False, None
    ),
    "the time zone changes, all still valid": (_site("timezone", "Asia/Tokyo"), True, SONGS),
    "feed_limit changed": (_site("feed_limit", 10), True, SONGS),
    "feed_limit out of range": (_site("feed_limit", 0), False, None),
    "songs reordered": (_reverse, True, 0),
    "a song deleted": (_drop_song, True, 0),
    "not in canonical form": (_compact, True, None),
    "a key given twice in a cached song": (_repeated_key, False, None),
    "a removed song's id still used": (_tombstone(SHIPPED["songs"][4]["id"]), False, None),
    "a song removed for good": (_tombstone("long-gone"), True, SONGS),
    "two songs removed for good": (_tombstones("long-gone", "gone-too"), True, SONGS),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_after_a_change_the_cache_gives_the_verdict_without_it(tmp_path: Path, name: str) -> None:
    edit, valid, validated = MUTATIONS[name]
    path = warm(tmp_path)
    changed = edit(copy.deepcopy(BASE))
    write(tmp_path, changed)
    found = cached_verdict(path, NOW)  # with the cache the unchanged file left
    verdict = same_verdict(path)
    assert verdict.startswith("OK" if valid else "problems:"), verdict
    if validated is None:
        assert found is None
    else:
        assert found is not None
        assert (verdict, found.validated) == (f"OK {found.counts}", validated)
        assert cached_verdict(path, NOW) == Verdict(found.counts, 0)  # now known


@pytest.mark.parametrize("removed", [1, 2])
def test_with_songs_removed_for_good_an_appended_song_alone_is_validated(
    tmp_path: Path, removed: int
) -> None:
    with_tombstones = _tombstones(*("gone-one", "gone-two")[:removed])(copy.deepcopy(BASE))
    path = warm(tmp_path, with_tombstones)
    appended = _append_twin(APPENDED)(copy.deepcopy(with_tombstones))
    write(tmp_path, appended)
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS + 1, COLLECTIONS), 1)
    reused = _append_twin({**APPENDED, "id": "gone-one", "title": "Back"})(with_tombstones)
    write(tmp_path, reused)
    assert cached_verdict(path, NOW) is None
    assert "was removed (removed[0])" in same_verdict(path)


def test_a_failed_validation_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    path = warm(tmp_path)
    cache = tmp_path / CACHE_FOLDER / CACHE_FILE
    before = cache.read_bytes()
    write(tmp_path, _edit_song(3, "released", "2019-13")(copy.deepcopy(BASE)))
    assert same_verdict(path).startswith("problems:")
    assert cache.read_bytes() == before


def test_the_clock_going_back_means_every_song_is_checked_again(tmp_path: Path) -> None:
    # Validated at NOW; a day earlier the newest song's midnight (Seoul) is still ahead.
    path = warm(tmp_path)
    earlier = NOW - timedelta(days=1)
    assert cached_verdict(path, earlier) is None
    assert "is in the future" in same_verdict(path, earlier)
    assert cached_verdict(path, NOW + timedelta(days=1)) == Verdict(Counts(SONGS, COLLECTIONS), 0)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"",
        lambda data: b"\x00" * 100,
        lambda data: data.replace(b"cache 1", b"cache 9", 1),
    ],
    ids=["truncated", "one bit flipped", "empty", "zeros", "another format"],
)
def test_a_damaged_cache_is_ignored_and_made_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    path = warm(tmp_path)
    cache = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache.write_bytes(damage(cache.read_bytes()))
    assert _read_cache(cache) is None
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), SONGS)
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), 0)


def test_a_cache_made_by_other_code_is_not_used(tmp_path: Path) -> None:
    path = warm(tmp_path)
    file = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache = _read_cache(file)
    assert cache is not None and cache.code == code_key()
    file.write_bytes(dataclasses.replace(cache, code=b"other code").encode())
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), SONGS)


def _same_id(songs: dict[bytes, list[Any]]) -> dict[bytes, list[Any]]:
    first = next(iter(songs.values()))
    return {key: [first[0], *fact[1:]] for key, fact in songs.items()}


@pytest.mark.parametrize(
    "forge",
    [
        lambda cache: dataclasses.replace(cache, songs=_same_id(cache.songs)),
        lambda cache: dataclasses.replace(cache, head={}),
        lambda cache: dataclasses.replace(
            cache, songs={key: ["too", "short"] for key in cache.songs}
        ),
    ],
    ids=["every song with one id", "no head", "facts of another shape"],
)
def test_cached_facts_are_what_the_cross_checks_see(
    tmp_path: Path, forge: Callable[[Any], Any]
) -> None:
    # Not a shortcut that skips them: a cache whose facts are wrong (which the digest cannot
    # catch when the cache is written so) makes validate take the full path, never crash.
    path = warm(tmp_path)
    file = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache = _read_cache(file)
    assert cache is not None
    file.write_bytes(forge(cache).encode())
    assert cached_verdict(path, NOW) is None
    assert same_verdict(path) == f"OK {Counts(SONGS, COLLECTIONS)}"


def test_the_library_key_changes_with_a_version_or_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "cryfeed_test_library"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "cryfeed_test_library-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    first = _library_key("cryfeed_test_library")
    (tmp_path / "cryfeed_test_library-1.0.dist-info").rename(
        tmp_path / "cryfeed_test_library-1.1.dist-info"
    )
    second = _library_key("cryfeed_test_library")
    (package / "__init__.py").write_text("VERSION = 2\n", encoding="utf-8")
    third = _library_key("cryfeed_test_library")
    # A module in a subfolder (pydantic keeps its rules in pydantic/_internal).
    (package / "_internal").mkdir()
    (package / "_internal" / "rules.py").write_text("STRICT = False\n", encoding="utf-8")
    fourth = _library_key("cryfeed_test_library")
    (package / "_internal" / "rules.py").write_text("STRICT = True\n", encoding="utf-8")
    os.utime(package / "_internal" / "rules.py", ns=(0, 10**18))
    fifth = _library_key("cryfeed_test_library")
    assert len({first, second, third, fourth, fifth}) == 5
    assert _library_key("cryfeed_no_such_library") != first


def test_the_cut_finds_each_song() -> None:
    raw = canonical(SHIPPED).encode()
    pieces = cut(raw)
    assert pieces is not None
    assert len(pieces.songs) == SONGS
    assert pieces.document(pieces.songs) == raw
    expected = [json.dumps(song, indent=2, ensure_ascii=False) for song in SHIPPED["songs"]]
    as_cut = [json.loads(song.tobytes().decode() + "\n    }") for song in pieces.songs]
    assert [json.dumps(song, indent=2, ensure_ascii=False) for song in as_cut] == expected


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(SHIPPED, indent=4, ensure_ascii=False),
        json.dumps(SHIPPED, indent=2, ensure_ascii=False).replace("\n", "\r\n"),
        "\ufeff" + canonical(SHIPPED),
        canonical({**SHIPPED, "songs": []}),
        canonical({"songs": SHIPPED["songs"][:2], **{k: v for k, v in SHIPPED.items() if k != "songs"}}),
    ],
    ids=["indent 4", "CRLF", "BOM", "no songs", "songs first"],
)
def test_files_not_shaped_as_fmt_writes_them_take_the_full_path(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    same_verdict(path)
    assert cached_verdict(path, NOW) is None


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_a_bad_catalogs_message_is_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path, SHIPPED)
    assert run("validate", "-c", str(path)).exit_code == 0
    bad = copy.deepcopy(SHIPPED)
    bad["songs"][3]["released"] = "2019-13"
    bad["songs"].append({**copy.deepcopy(SHIPPED["songs"][0]), "title": "Taken"})
    write(tmp_path, bad)
    cached, fresh = run("validate", "-c", str(path)), run("validate", "--no-cache", "-c", str(path))
    assert (cached.exit_code, fresh.exit_code) == (1, 1)
    assert cached.output == fresh.output
    assert "2019-13" in cached.output and "duplicate id" in cached.output


def test_validate_works_where_no_cache_can_be_made(tmp_path: Path) -> None:
    # A file where the folder would go fails as a read-only project would (tests run as root).
    path = write(tmp_path, SHIPPED)
    (tmp_path / CACHE_FOLDER).write_text("not a folder", encoding="utf-8")
    for _ in range(2):
        result = run("validate", "-c", str(path))
        assert (result.exit_code, result.output) == (0, f"{path}: OK (54 songs, 14 collections)\n")
    assert (tmp_path / CACHE_FOLDER).read_text(encoding="utf-8") == "not a folder"


# ---------------------------------------------------------------- the property

EDITS: dict[str, list[Any]] = {
    "id": [SHIPPED["songs"][0]["id"], SHIPPED["songs"][1]["id"], "a-fresh-id", "Not A Slug"],
    "title": [SHIPPED["songs"][0]["title"], "A fresh title", "", "\u202etitle"],
    "artist": [SHIPPED["songs"][0]["artist"], SHIPPED["songs"][1]["artist"], "Someone"],
    "collections": [["tearjerkers"], ["no-such-collection"], [], ["ballads", "ballads"]],
    "added": ["2026-12-31", "2099-01-01T00:00:00+00:00", "2026-11-20T09:00:00+09:00", "soon"],
    "released": [None, "2019", "2019-13"],
    "note": ["A note of our own.", "\x00"],
}
HEADS: list[tuple[str, Any]] = [
    ("timezone", "Asia/Seoul"),
    ("timezone", "America/New_York"),
    ("timezone", "Nowhere/Town"),
    ("feed_limit", 7),
    ("feed_limit", 5000),
]


@st.composite
def changed_catalogs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A few shipped songs, and that catalog changed: songs dropped, repeated, moved, added
    from the rest of the catalog, or edited; the site or the collections changed; songs
    removed for good (tombstones), in both or only in the changed one."""
    indices = st.sampled_from(range(SONGS))
    base = copy.deepcopy(BASE)
    base["songs"] = [BASE["songs"][i] for i in draw(st.lists(indices, min_size=1, max_size=4))]
    base["songs"] = list({song["id"]: song for song in base["songs"]}.values())
    pool = [*base["songs"], *(BASE["songs"][i] for i in draw(st.lists(indices, max_size=2)))]
    songs = copy.deepcopy(draw(st.lists(st.sampled_from(pool), max_size=6)))
    for _ in range(draw(st.integers(0, 2))):
        if songs:
            song = draw(st.sampled_from(songs))
            key = draw(st.sampled_from(sorted(EDITS)))
            song[key] = draw(st.sampled_from(EDITS[key]))
    changed = {**copy.deepcopy(base), "songs": songs}
    if draw(st.booleans()):
        key, value = draw(st.sampled_from(HEADS))
        changed["site"][key] = value
    if draw(st.booleans()):
        changed["collections"] = changed["collections"][draw(st.integers(1, 3)) :]
    if draw(st.booleans()):
        gone = draw(st.lists(st.sampled_from(["long-gone", *EDITS["id"][:2]]), max_size=3))
        gone = draw(st.sampled_from([gone, list(dict.fromkeys(gone))]))  # repeats too
        tombstones = _tombstones(*gone)
        changed = tombstones(changed)
        in_use = {song["id"] for song in base["songs"]} & set(gone)
        if len(set(gone)) == len(gone) and not in_use and draw(st.booleans()):
            base = tombstones(base)  # still valid: the cache knows the tombstones too
    return base, changed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_catalogs())
def test_the_cache_never_changes_a_verdict(catalogs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, changed = catalogs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = write(folder, base)
        assert cached_verdict(path, NOW) is not None  # every base is valid: now cached
        write(folder, changed)
        found = cached_verdict(path, NOW)  # with the cache the base left
        verdict = same_verdict(path)
        assert found is None or verdict == f"OK {found.counts}"


# ------------------------------------------------ pieces that are not songs (review rev18b)


def _last_song_spills(data: dict[str, Any]) -> str:
    """`data` with its last song's note written after the array's closing line: the line
    that would end the last song and the songs array closes its links (not as fmt writes)."""
    data = copy.deepcopy(data)
    last = data["songs"][-1]
    note = last.pop("note")
    last.pop("study", None)
    last["links"] = [{"kind": "video", "url": f"https://example.com/{last['id']}"}]
    text = canonical(data)
    links_end = "\n        }\n      ]\n    }\n  ]"
    assert text.count(links_end) == 1
    spilled = f'\n    }}\n  ],\n      "note": {json.dumps(note)}\n   }}\n  ]'
    return text.replace(links_end, spilled)


def test_a_song_that_ends_after_the_songs_last_line_is_not_cached(tmp_path: Path) -> None:
    # Once cached, its piece (which is not a whole song) could be followed by a new song that
    # the tail completes: the file would then put the new song inside its links.
    path = write(tmp_path, _last_song_spills(BASE))
    assert same_verdict(path) == f"OK {Counts(SONGS, COLLECTIONS)}"
    assert not (tmp_path / CACHE_FOLDER / CACHE_FILE).exists()
    pieces = cut(path.read_bytes())
    assert pieces is not None
    added = copy.deepcopy(BASE)
    added["songs"].append({**copy.deepcopy(BASE["songs"][0]), "id": "q-song", "title": "Q"})
    appended = cut(_last_song_spills(added).encode())
    assert appended is not None
    path.write_bytes(pieces.document([*pieces.songs, appended.songs[-1]]))
    assert same_verdict(path).startswith("problems:")


def _collections_after_songs(data: dict[str, Any]) -> str:
    """The collections after the songs, the last two songs on one line between them, and a
    second collection named as the last song: the cut takes the collections for songs."""
    songs = copy.deepcopy(data["songs"])
    first = copy.deepcopy(data["collections"][0])
    for song in songs:
        song["collections"] = [first["id"]]
    named = {"id": songs[-1]["id"], "title": "Named as a song", "description": "Two ids."}
    head = {key: value for key, value in data.items() if key not in ("songs", "collections")}
    text = canonical({**head, "songs": songs, "collections": [first, named]})
    joint = f'\n    }},\n    {{\n      "id": "{songs[-1]["id"]}"'
    assert text.count(joint) == 2  # the songs', then the collections'
    return text.replace(joint, f'\n    }}, {{\n      "id": "{songs[-1]["id"]}"', 1)


def test_a_collection_taken_for_a_song_is_not_cached(tmp_path: Path) -> None:
    # Once cached, the collection's piece stands for the last song: moved before it, the file
    # has a collection among its songs.
    path = write(tmp_path, _collections_after_songs(BASE))
    assert same_verdict(path) == f"OK {Counts(SONGS, 2)}"
    assert not (tmp_path / CACHE_FOLDER / CACHE_FILE).exists()
    pieces = cut(path.read_bytes())
    assert pieces is not None
    path.write_bytes(pieces.document([*pieces.songs[:-2], pieces.songs[-1], pieces.songs[-2]]))
    assert same_verdict(path).startswith("problems:")


@pytest.mark.parametrize("valid", [True, False])
def test_a_catalog_read_from_a_pipe_is_read_once(tmp_path: Path, valid: bool) -> None:
    # A pipe gives its bytes once: read for the cache, the full path would find it empty.
    data = SHIPPED if valid else _edit_song(3, "released", "2019-13")(copy.deepcopy(SHIPPED))
    text = _compact(data)  # not as fmt writes it: the cache steps aside, the full path runs

    def validate(*options: str) -> tuple[int, str, str]:
        command = [sys.executable, "-m", "cryfeed", "validate", *options, "-c", "/dev/stdin"]
        done = subprocess.run(command, input=text, capture_output=True, text=True, cwd=tmp_path)
        return done.returncode, done.stdout, done.stderr

    fresh = validate("--no-cache")
    assert fresh[0] == (0 if valid else 1)
    assert validate() == fresh


@pytest.mark.parametrize("lengths", [["x"], [1.5], [None, 3]])
def test_a_cache_whose_lengths_are_not_numbers_is_ignored(
    tmp_path: Path, lengths: list[Any]
) -> None:
    # Written so, with its digest: the cut adds the lengths up (it crashed on a TypeError).
    path = warm(tmp_path)
    file = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache = _read_cache(file)
    assert cache is not None
    file.write_bytes(dataclasses.replace(cache, lengths=lengths).encode())
    assert cached_verdict(path, NOW) == Verdict(Counts(SONGS, COLLECTIONS), SONGS)


@pytest.mark.parametrize("kind", ["a pipe", "the zero device"])
def test_a_cache_that_is_no_file_is_ignored_at_once(tmp_path: Path, kind: str) -> None:
    # A pipe nobody writes to would block the read for ever, /dev/zero never end it.
    path = write(tmp_path, SHIPPED)
    (tmp_path / CACHE_FOLDER).mkdir()
    cache = tmp_path / CACHE_FOLDER / CACHE_FILE
    if kind == "a pipe":
        os.mkfifo(cache)
    else:
        cache.symlink_to("/dev/zero")
    command = [sys.executable, "-m", "cryfeed", "validate", "-c", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    said = f"{path}: OK ({SONGS} songs, {COLLECTIONS} collections)\n"
    assert (done.returncode, done.stdout) == (0, said)


def test_a_time_zone_the_machine_no_longer_knows_is_not_taken_from_the_cache(
    tmp_path: Path,
) -> None:
    # The time zone database is not cryfeed's code: without it (no system zoneinfo, no tzdata
    # package), "Asia/Seoul" is no time zone, and the cache knew the head as valid.
    path = write(tmp_path, SHIPPED)
    assert run("validate", "-c", str(path)).exit_code == 0
    without_zones = "import sys; sys.modules['tzdata'] = None; from cryfeed.cli import main; main()"

    def validate(*options: str) -> tuple[int, str, str]:
        command = [sys.executable, "-c", without_zones, "validate", *options, "-c", str(path)]
        environment = {**os.environ, "PYTHONTZPATH": ""}
        done = subprocess.run(command, capture_output=True, text=True, env=environment)
        return done.returncode, done.stdout, done.stderr

    fresh = validate("--no-cache")
    assert fresh[0] == 1 and "is not an IANA time zone" in fresh[2]
    assert validate() == fresh
