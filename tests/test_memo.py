"""The page memo: a render that reuses the last build's song and artist pages gives exactly
the bytes of a fresh render, after an append, an edit, a removal and every kind of change
to what a page shows of the rest of the catalog."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cryfeed.book import PageMemo, render_book
from cryfeed.book.index import BookIndex
from cryfeed.book.memo import MEMO_FILE
from cryfeed.book.song_pages import SongContext, song_context
from cryfeed.build import write_book_sources
from cryfeed.models import Catalog

ROOT = Path(__file__).parent.parent
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "songs.json").read_text(encoding="utf-8"))
    return data


def _oldest_first(data: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(data["songs"], key=lambda s: (datetime.fromisoformat(s["added"]), s["id"]))


def _append(data: dict[str, Any]) -> None:
    song = copy.deepcopy(data["songs"][0])
    song["id"] += "-again"
    song["artist"] = data["songs"][1]["artist"]
    song["artist_ko"] = data["songs"][1].get("artist_ko")
    newest = max(datetime.fromisoformat(s["added"]) for s in data["songs"])
    song["added"] = (newest + timedelta(hours=1)).isoformat()
    data["songs"].append(song)


def _edit_title(data: dict[str, Any]) -> None:
    # Shown on its own page, its neighbours', its artist's and its related songs' pages.
    song = _oldest_first(data)[len(data["songs"]) // 2]
    song["title"] += " Again"


def _remove(data: dict[str, Any]) -> None:
    del data["songs"][len(data["songs"]) // 2]


def _collection_title(data: dict[str, Any]) -> None:
    data["collections"][0]["title"] += " and more"


def _timezone(data: dict[str, Any]) -> None:
    data["site"]["timezone"] = "Pacific/Kiritimati"


def _artist_name(data: dict[str, Any]) -> None:
    # A new artist slug for every song of the artist, and a new artist page.
    artist = data["songs"][0]["artist"]
    for song in data["songs"]:
        if song["artist"] == artist:
            song["artist"] = artist + " Band"


def _first_use(data: dict[str, Any]) -> None:
    """The first song teaching a pattern that a later song teaches too gets another use:
    the later song's guide links follow it (its own data unchanged)."""
    seen: dict[str, dict[str, Any]] = {}
    for song in _oldest_first(data):
        for point in (song.get("study") or {}).get("grammar", []):
            first = seen.setdefault(point["pattern"], point)
            if first is not point:
                first["use"] = "asking" if first.get("use") != "asking" else "wishing"
                return
    raise AssertionError("no pattern taught twice")


def _first_theme(data: dict[str, Any]) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for song in _oldest_first(data):
        for word in (song.get("study") or {}).get("vocabulary", []):
            first = seen.setdefault(word["word"].lower(), word)
            if first is not word:
                first["theme"] = "weather" if first.get("theme") != "weather" else "tears"
                return
    raise AssertionError("no word used twice")


EDITS: dict[str, Edit] = {
    "append": _append,
    "edit-title": _edit_title,
    "remove": _remove,
    "collection-title": _collection_title,
    "timezone": _timezone,
    "artist-name": _artist_name,
    "first-use": _first_use,
    "first-theme": _first_theme,
}


@pytest.mark.parametrize("name", EDITS)
def test_a_memoized_render_is_a_fresh_render(
    name: str, shipped: dict[str, Any], tmp_path: Path
) -> None:
    before = Catalog.model_validate(shipped)
    memo = PageMemo(tmp_path)
    first = render_book(before, memo)
    assert memo.reused == 0
    write_book_sources(tmp_path, first)
    memo.save()

    data = copy.deepcopy(shipped)
    EDITS[name](data)
    after = Catalog.model_validate(data)
    memo = PageMemo(tmp_path)
    memoized = render_book(after, memo)
    fresh = render_book(after)
    assert list(memoized) == list(fresh)
    for source, page in fresh.items():
        assert memoized[source] == page, source
    # The edit changed pages (else this test proves nothing), and pages were reused.
    pages = [s for s in fresh if s.startswith(("songs/", "artists/"))]
    changed = [s for s in pages if first.get(s) != fresh[s]]
    assert changed
    assert 0 < memo.reused <= len(pages) - len(changed)
    # The reused pages are not read again by the writer; the folder ends as a fresh render.
    report = write_book_sources(tmp_path, memoized, memo.on_disk)
    for source, page in fresh.items():
        assert (tmp_path / source).read_bytes() == page, source
    assert sorted(report.written) == sorted(s for s in fresh if first.get(s) != fresh[s])


def test_every_context_field_is_in_the_key(shipped: dict[str, Any], tmp_path: Path) -> None:
    """A field left out of the key would reuse a stale page: each one, changed alone,
    changes the key (fields are found by dataclasses.fields, so new ones are covered)."""
    index = BookIndex.build(Catalog.model_validate(shipped))
    song, other = index.oldest_first[1], index.oldest_first[-1]
    context = song_context(song, index)
    changed: dict[str, Any] = {
        "artist_slug": context.artist_slug + "-x",
        "collections": (*context.collections, ("x", "X")),
        "added": "1999-01-01",
        "related": (*context.related, other),
        "previous": other,
        "following": None,
        "uses": (*context.uses, ("x", "asking")),
        "themes": (*context.themes, ("x", "tears")),
    }
    assert set(changed) == {f.name for f in dataclasses.fields(SongContext)}
    memo = PageMemo(tmp_path, code="code")
    key = memo.key("song", song, context)
    for name, value in changed.items():
        assert getattr(context, name) != value, name
        assert memo.key("song", song, dataclasses.replace(context, **{name: value})) != key, name
    # The song's own data, a related song's data and the code are in it too.
    edited = song.model_copy(update={"note": song.note + "!"})
    assert memo.key("song", edited, context) != key
    assert memo.key("song", song, dataclasses.replace(context, related=(edited,))) != memo.key(
        "song", song, dataclasses.replace(context, related=(song,))
    )
    assert PageMemo(tmp_path, code="other").key("song", song, context) != key


def test_a_key_refuses_what_it_cannot_see_whole(tmp_path: Path) -> None:
    memo = PageMemo(tmp_path, code="code")
    with pytest.raises(TypeError, match="no memo key for object"):
        memo.key("song", object())


def test_a_changed_file_or_code_is_rendered_again(shipped: dict[str, Any], tmp_path: Path) -> None:
    catalog = Catalog.model_validate(shipped)
    memo = PageMemo(tmp_path)
    files = render_book(catalog, memo)
    write_book_sources(tmp_path, files)
    memo.save()
    page = next(s for s in files if s.startswith("songs/"))
    (tmp_path / page).write_bytes(b"edited by hand")
    memo = PageMemo(tmp_path)
    assert render_book(catalog, memo)[page] == files[page]
    assert memo.reused == len([s for s in files if s.startswith(("songs/", "artists/"))]) - 1
    # Another code fingerprint (or --fresh) reuses nothing.
    assert PageMemo(tmp_path, code="other").old == {}
    assert PageMemo(tmp_path, reuse=False).old == {}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[]",
        b'{"format": 1, "code": "code", "pages": []}',
        b'{"pages": {"a": 1}}',
        b"[" * 100_000,  # deeper than the JSON parser recurses
    ],
    ids=["empty", "list", "pages-list", "no-format", "deep"],
)
def test_a_damaged_memo_is_ignored(tmp_path: Path, content: bytes) -> None:
    (tmp_path / MEMO_FILE).parent.mkdir(parents=True)
    (tmp_path / MEMO_FILE).write_bytes(content)
    assert PageMemo(tmp_path, code="code").old == {}


def test_a_reused_page_changed_before_the_writer_is_written_again(
    shipped: dict[str, Any], tmp_path: Path
) -> None:
    # Between the memo's read and the writer (rendering the rest takes seconds), another
    # program may change a reused page: the writer must still leave the rendered bytes.
    catalog = Catalog.model_validate(shipped)
    memo = PageMemo(tmp_path)
    write_book_sources(tmp_path, render_book(catalog, memo))
    memo.save()
    memo = PageMemo(tmp_path)
    files = render_book(catalog, memo)
    page = next(source for source in files if source in memo.on_disk)
    (tmp_path / page).write_bytes(b"changed meanwhile")
    report = write_book_sources(tmp_path, files, memo.on_disk)
    assert (tmp_path / page).read_bytes() == files[page]
    assert page in report.written
