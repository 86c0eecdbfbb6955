"""The feeds memo: a run that keeps the last run's feed files leaves exactly the files a fresh
render makes, after every kind of change to the catalog, to the files or to the memo."""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cryfeed import urls
from cryfeed.build import build
from cryfeed.cachedir import ensure_cache_folder
from cryfeed.catalog import load_catalog
from cryfeed.cli import main
from cryfeed.feed_memo import MEMO_FILE, FeedMemo, write_outputs
from cryfeed.feeds import Output, feed_outputs, json_feeds, render_feeds
from cryfeed.models import Catalog

# benchmarks/ is a script folder, not a package: its catalogs grown from the shipped songs.
sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import grown

ROOT = Path(__file__).parent.parent
Edit = Callable[[dict[str, Any]], None]


def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "songs.json").read_text(encoding="utf-8"))
    return data


def grown_data() -> dict[str, Any]:
    """200 songs, 12 to a feed: 16 archive pages in the main feed, pages in most
    collections (and, with the index's page size made 40 below, 5 index pages)."""
    data = grown.grow(200)
    data["site"]["feed_limit"] = 12
    return data


BASES: dict[str, Callable[[], dict[str, Any]]] = {"shipped": shipped_data, "grown": grown_data}


@pytest.fixture(autouse=True)
def small_index_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # The index's full pages hold 1,000 songs; 40 gives the grown catalog pages to keep.
    monkeypatch.setattr(json_feeds, "CATALOG_PAGE_SIZE", 40)


def _newest(data: dict[str, Any]) -> datetime:
    return max(datetime.fromisoformat(song["added"]) for song in data["songs"])


def _append(data: dict[str, Any], count: int = 1) -> None:
    for number in range(1, count + 1):
        data["songs"].append(grown.appended(data, number))


def _append_a_page(data: dict[str, Any]) -> None:
    """Enough songs that the main feed's archive gets one more complete page."""
    limit = data["site"]["feed_limit"]
    _append(data, limit - len(data["songs"]) % limit)


def _oldest(data: dict[str, Any]) -> dict[str, Any]:
    song: dict[str, Any] = min(data["songs"], key=lambda s: datetime.fromisoformat(s["added"]))
    return song


def _edit_old_song(data: dict[str, Any]) -> None:
    # The oldest song sits in the first archive page of each of its feeds.
    _oldest(data)["note"] += " Edited."


def _collection_title(data: dict[str, Any]) -> None:
    data["collections"][1]["title"] += " and more"


def _drop_a_collection(data: dict[str, Any]) -> None:
    song = next(s for s in reversed(data["songs"]) if len(s["collections"]) > 1)
    song["collections"] = song["collections"][1:]


def _site_title(data: dict[str, Any]) -> None:
    data["site"]["title"] += " (again)"


def _feed_limit(data: dict[str, Any]) -> None:
    data["site"]["feed_limit"] += 3  # every archive page cut anew; some go


def _bare_date(data: dict[str, Any]) -> None:
    # A bare `added` date is midnight in site.timezone: the timezone edit moves this song.
    song = _oldest(data)
    song["added"] = song["added"][:10]


def _timezone(data: dict[str, Any]) -> None:
    data["site"]["timezone"] = "Pacific/Kiritimati"


def _remove(data: dict[str, Any]) -> None:
    """As `cryfeed remove` does: the song goes, a tombstone stays."""
    song = data["songs"].pop(len(data["songs"]) // 2)
    removed = (_newest(data) + timedelta(hours=1)).isoformat()
    data.setdefault("removed", []).append({"id": song["id"], "reason": "A test.", "removed": removed})


def _tombstone_reason(data: dict[str, Any]) -> None:
    data["removed"][-1]["reason"] = "Another reason."


EDITS: dict[str, Edit] = {
    "append": _append,
    "append-a-page": _append_a_page,
    "edit-old-song": _edit_old_song,
    "collection-title": _collection_title,
    "drop-a-collection": _drop_a_collection,
    "site-title": _site_title,
    "feed-limit": _feed_limit,
    "timezone": _timezone,
    "remove": _remove,
    "tombstone-reason": _tombstone_reason,
}
SITE_EDITS = {"site-title", "feed-limit", "timezone"}
# What an edit needs in the catalog before it.
PREPARE: dict[str, Edit] = {"timezone": _bare_date, "tombstone-reason": _remove}


def write_catalog(path: Path, data: dict[str, Any]) -> Catalog:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_catalog(path)


def run(catalog_path: Path, catalog: Catalog, out: Path, code: str = "code") -> FeedMemo:
    """One `cryfeed feeds` as build.write_feeds runs it (the memo's code fixed, so that a
    change to cryfeed's sources while the tests run cannot matter)."""
    folder = ensure_cache_folder(catalog_path)
    assert folder is not None
    memo = FeedMemo(folder, out, code=code)
    write_outputs(out, feed_outputs(catalog), memo)
    # The next run comes a second later, as a user's would. Without this, on a kernel whose
    # file times tick every 4-10 ms, files written in the memo's own tick would be "racy"
    # and rendered again, and the exact `kept` counts below would fail now and then
    # (test_racy_entries_are_rendered_again covers that rule itself).
    saved = (folder / MEMO_FILE).stat().st_mtime_ns
    os.utime(folder / MEMO_FILE, ns=(saved, saved + 1_000_000_000))
    return memo


def on_disk(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def assert_fresh(out: Path, catalog: Catalog) -> dict[str, bytes]:
    """out holds exactly what a fresh render of catalog makes: every file, byte for byte,
    and nothing else."""
    fresh = render_feeds(catalog)
    found = on_disk(out)
    assert sorted(found) == sorted(fresh)
    for path, data in fresh.items():
        assert found[path] == data, path
    return fresh


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("base", BASES)
def test_a_memo_assisted_run_is_a_fresh_run(base: str, edit: str, tmp_path: Path) -> None:
    data = BASES[base]()
    if edit in PREPARE:
        PREPARE[edit](data)
    catalog_path, out = tmp_path / "songs.json", tmp_path / "feeds"
    before = write_catalog(catalog_path, data)
    first = run(catalog_path, before, out)
    assert first.kept == 0
    old = assert_fresh(out, before)

    data = copy.deepcopy(data)
    EDITS[edit](data)
    after = write_catalog(catalog_path, data)
    memo = run(catalog_path, after, out)
    new = assert_fresh(out, after)
    # The edit changed files (else this proves nothing), and the others were kept (every
    # file's key holds the whole site: a site edit renders everything).
    changed = [path for path in new if old.get(path) != new[path]]
    assert changed
    assert memo.kept <= len(new) - len(changed)
    assert (memo.kept == 0) == (edit in SITE_EDITS)
    # And the run after that keeps every file.
    assert run(catalog_path, after, out).kept == len(new)


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, Catalog, Path]:
    """The grown catalog's feeds, written once with a memo."""
    catalog_path, out = tmp_path / "songs.json", tmp_path / "feeds"
    catalog = write_catalog(catalog_path, grown_data())
    run(catalog_path, catalog, out)
    return catalog_path, catalog, out


def test_a_hand_edited_file_is_restored(written: tuple[Path, Catalog, Path]) -> None:
    catalog_path, catalog, out = written
    files = on_disk(out)
    page = out / urls.archive_file(urls.RSS_FILE, 1)
    # The same size, and the mtime set back: the ctime still tells.
    status = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<TITLE>", 1))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    edited = out / urls.song_json_file(catalog.songs[0].id)
    edited.write_bytes(b"{}\n")
    memo = run(catalog_path, catalog, out)
    assert memo.kept == len(files) - 2
    assert_fresh(out, catalog)


def test_a_deleted_or_extra_file_is_restored_or_removed(
    written: tuple[Path, Catalog, Path],
) -> None:
    catalog_path, catalog, out = written
    files = on_disk(out)
    (out / urls.ATOM_FILE).unlink()
    (out / urls.collection_rss("gone")).write_bytes(b"<rss/>")  # a feed file no longer made
    (out / "notes.txt").write_bytes(b"not a feed file")  # never touched
    memo = run(catalog_path, catalog, out)
    assert memo.kept == len(files) - 1
    (out / "notes.txt").unlink()
    assert_fresh(out, catalog)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[]",
        b'{"format": 1, "code": "code", "out": "x", "files": []}',
        b'{"files": {"rss.xml": 1}}',
        b"[" * 100_000,  # deeper than the JSON parser recurses
    ],
    ids=["empty", "list", "files-list", "no-format", "deep"],
)
def test_a_damaged_memo_is_ignored(
    written: tuple[Path, Catalog, Path], content: bytes
) -> None:
    catalog_path, catalog, out = written
    (catalog_path.parent / ".cryfeed-cache" / MEMO_FILE).write_bytes(content)
    assert run(catalog_path, catalog, out).kept == 0
    assert_fresh(out, catalog)


def test_damaged_entries_are_rendered_again(written: tuple[Path, Catalog, Path]) -> None:
    catalog_path, catalog, out = written
    memo_file = catalog_path.parent / ".cryfeed-cache" / MEMO_FILE
    data = json.loads(memo_file.read_bytes())
    entries = sorted(data["files"])
    data["files"][entries[0]][2] = "not a time"
    data["files"][entries[1]] = data["files"][entries[1]][:4]
    memo_file.write_text(json.dumps(data))
    assert run(catalog_path, catalog, out).kept == len(entries) - 2
    assert_fresh(out, catalog)


def test_a_memo_of_other_code_or_another_folder_keeps_nothing(
    written: tuple[Path, Catalog, Path],
) -> None:
    catalog_path, catalog, out = written
    folder = catalog_path.parent / ".cryfeed-cache"
    assert FeedMemo(folder, out, code="code").old
    assert FeedMemo(folder, out, code="code", reuse=False).old == {}  # build --fresh
    assert run(catalog_path, catalog, out, code="other code").kept == 0
    assert_fresh(out, catalog)
    # Another output folder: its files are written and the memo then describes it.
    elsewhere = out.parent / "public"
    assert run(catalog_path, catalog, elsewhere, code="other code").kept == 0
    assert_fresh(elsewhere, catalog)


def test_racy_entries_are_rendered_again(written: tuple[Path, Catalog, Path]) -> None:
    """Files whose mtime is not older than the memo file (git's "racily clean" entries: a
    change in the same clock tick would keep every stat) are rendered and compared again."""
    catalog_path, catalog, out = written
    memo_file = catalog_path.parent / ".cryfeed-cache" / MEMO_FILE
    entries = json.loads(memo_file.read_bytes())["files"]
    racy = sorted(entries, key=lambda path: entries[path][2])[-3:]
    newest = max(entries[path][2] for path in racy)
    oldest = min(entries[path][2] for path in racy)
    os.utime(memo_file, ns=(newest, oldest))  # the memo saved in the tick of the last three
    assert run(catalog_path, catalog, out).kept == len(entries) - len(
        [path for path in entries if entries[path][2] >= oldest]
    )
    assert_fresh(out, catalog)


def test_the_key_holds_every_input(written: tuple[Path, Catalog, Path], tmp_path: Path) -> None:
    """Each element of an output's inputs changes its key; the code and the path do too;
    an object the key cannot see whole is refused."""
    _, catalog, _ = written
    memo = FeedMemo(tmp_path, tmp_path / "feeds", code="code", reuse=False)
    outputs = feed_outputs(catalog)
    other = catalog.model_copy(update={"site": catalog.site.model_copy(update={"title": "X"})})
    replaced = {output.path: output for output in feed_outputs(other)}
    for output in outputs:
        key = memo.key(output)
        assert FeedMemo(tmp_path, tmp_path, code="other", reuse=False).key(output) != key
        # Every output shows the site (its title, or its address through the links).
        assert memo.key(replaced[output.path]) != key, output.path
    with pytest.raises(TypeError, match="no memo key for object"):
        memo.key(Output(path="x", inputs=(object(),), render=bytes))


def test_the_cli_writes_through_the_memo(tmp_path: Path) -> None:
    catalog_path = tmp_path / "songs.json"
    data = shipped_data()
    write_catalog(catalog_path, data)
    runner = CliRunner()
    args = ["feeds", "-c", str(catalog_path), "--out", str(tmp_path / "feeds")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert (tmp_path / ".cryfeed-cache" / MEMO_FILE).is_file()
    _append(data)
    after = write_catalog(catalog_path, data)
    second = runner.invoke(main, args)
    total = len(render_feeds(after))
    # One new song: its own document, the index, and the subscription documents of the
    # main feed and of its collections.
    changed = 1 + 1 + 3 + 2 * len(set(data["songs"][-1]["collections"]))
    assert second.output == (
        f"{(tmp_path / 'feeds').as_posix()}/: {total} files "
        f"({changed} written, {total - changed} unchanged)\n"
    )
    assert_fresh(tmp_path / "feeds", after)
    check = runner.invoke(main, [*args[:3], "--out", str(tmp_path / "feeds"), "--check"])
    assert check.exit_code == 0, check.output


def test_build_writes_the_feeds_through_the_memo(project: Path) -> None:
    """`cryfeed build` keeps the feed files the memo vouches for and leaves exactly a fresh
    render's feeds."""
    catalog_path, out = project / "songs.json", project / "feeds"
    build(catalog_path, html=False)
    memo_file = project / ".cryfeed-cache" / MEMO_FILE
    first = json.loads(memo_file.read_bytes())["files"]
    data = json.loads(catalog_path.read_text(encoding="utf-8"))
    song = copy.deepcopy(data["songs"][0])
    song.update(id=song["id"] + "-again", title=song["title"] + " again")
    song["added"] = "2026-11-28T12:00:00+09:00"  # after the fixture's songs (bare dates)
    data["songs"].append(song)
    after = write_catalog(catalog_path, data)
    build(catalog_path, html=False)
    fresh = assert_fresh(out, after)
    second = json.loads(memo_file.read_bytes())["files"]
    assert sorted(second) == sorted(fresh)
    kept = [path for path in first if second.get(path) == first[path]]
    assert 0 < len(kept) < len(first)
    # --fresh renders every file; the writer leaves the unchanged ones as they are.
    build(catalog_path, html=False, fresh=True)
    assert json.loads(memo_file.read_bytes())["files"] == second
    assert_fresh(out, after)
