"""The publication: feeds/ is committed, and a build never breaks what subscribers have seen."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cryfeed.build import check_feeds
from cryfeed.catalog import load_catalog
from cryfeed.cli import main
from cryfeed.feeds import json_feeds

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
REAL_URL = "https://songs.fixture.net/cry/"


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def test_the_committed_feeds_are_the_catalog_s() -> None:
    """feeds/ is the last publication: it must be what songs.json renders (run cryfeed feeds)."""
    assert check_feeds(ROOT / "songs.json", ROOT / "feeds") == []


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The fixture catalog under a real address, published once into feeds/."""
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["site"]["url"] = REAL_URL
    catalog = tmp_path / "songs.json"
    catalog.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("feeds", "-c", str(catalog), "--out", str(tmp_path / "feeds"))
    assert result.exit_code == 0, result.output
    return catalog


def edit(catalog: Path, change: Any) -> None:
    data = json.loads(catalog.read_text(encoding="utf-8"))
    change(data)
    catalog.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_song_removed_by_hand_fails_naming_it(published: Path) -> None:
    feeds = published.parent / "feeds"
    before = snapshot(feeds)
    edit(published, lambda data: data["songs"].pop(1))
    result = run("feeds", "-c", str(published), "--out", str(feeds))
    assert result.exit_code == 1
    assert result.stderr == (
        f'{published}:27:12: songs: "beast-on-rainy-days" was published and is gone; put it '
        'back, or remove it for good with: cryfeed remove beast-on-rainy-days --reason "…"\n'
        f"{published}: 1 problem\n"
    )
    assert snapshot(feeds) == before  # nothing written


def test_cryfeed_remove_keeps_a_tombstone(published: Path) -> None:
    feeds = published.parent / "feeds"
    result = run(
        "remove", "beast-on-rainy-days", "--reason", "Added by mistake.", "-c", str(published)
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "removed beast-on-rainy-days: it leaves the feeds, and its page now says why\n"
    )
    catalog = load_catalog(published)
    assert [song.id for song in catalog.songs] == [
        "urban-zakapa-counting-days",
        "jang-deok-cheol-see-you-later",
    ]
    [tombstone] = catalog.removed
    assert (tombstone.id, tombstone.reason) == ("beast-on-rainy-days", "Added by mistake.")
    result = run("feeds", "-c", str(published), "--out", str(feeds))
    assert result.exit_code == 0, result.output
    rss = (feeds / "rss.xml").read_text(encoding="utf-8")
    assert "beast-on-rainy-days" not in rss
    published_catalog = json.loads((feeds / "catalog.json").read_text(encoding="utf-8"))
    assert published_catalog["removed"] == [
        {
            "id": "beast-on-rainy-days",
            "reason": "Added by mistake.",
            "removed": tombstone.removed.isoformat(),
        }
    ]
    # The id can never be used again.
    result = run(
        "add", "--title", "On Rainy Days", "--artist", "BEAST", "--collection", "tearjerkers",
        "--note", "Back again.", "--id", "beast-on-rainy-days", "-c", str(published),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "was removed (removed[0]) and can never be used again" in result.output


def test_remove_names_the_closest_id_and_writes_nothing(published: Path) -> None:
    before = published.read_bytes()
    result = run("remove", "beast-on-rainy-day", "--reason", "x", "-c", str(published))
    assert result.exit_code == 1
    assert result.output == (
        'Error: no song with id "beast-on-rainy-day" in the catalog; '
        'did you mean "beast-on-rainy-days"?\n'
    )
    assert published.read_bytes() == before


def test_a_reason_with_an_undecodable_byte_is_refused_and_writes_nothing(
    published: Path,
) -> None:
    # Python reads a byte that is not UTF-8 in argv as a lone surrogate (U+DCFF for 0xFF).
    before = published.read_bytes()
    result = run(
        "remove", "beast-on-rainy-days", "--reason", "bad \udcff byte", "-c", str(published)
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: --reason: contains U+DCFF, which no feed can carry; remove it\n"
        f"{published}: nothing was removed\n"
    )
    assert published.read_bytes() == before


def test_a_removed_song_keeps_a_page_that_says_why(published: Path) -> None:
    from cryfeed.book import render_book

    assert (
        run(
            "remove", "beast-on-rainy-days", "--reason", "Not a <ballad>.", "-c", str(published)
        ).exit_code
        == 0
    )
    files = render_book(load_catalog(published))
    page = json.loads(files["songs/beast-on-rainy-days.json"])
    assert page["title"] == "Removed: beast-on-rainy-days"
    assert "<strong>Why:</strong> Not a &lt;ballad&gt;." in page["body"]
    assert page["links"] == ["../generated/newest.html"]


def test_a_moved_added_date_is_refused(published: Path) -> None:
    edit(published, lambda data: data["songs"][0].update(added="2026-11-02T09:00:00+09:00"))
    result = run("feeds", "-c", str(published), "--out", str(published.parent / "feeds"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "songs[0].added: was 2026-11-01T00:00:00+09:00 when published; an added date never "
        'moves (readers would see the song as new again); set it back to "2026-11-01T00:00:00+09:00"'
    )


def test_a_new_tag_authority_is_refused(published: Path) -> None:
    edit(published, lambda data: data["site"].update(tag_authority="fixture.net,2027"))
    result = run("feeds", "-c", str(published), "--out", str(published.parent / "feeds"))
    assert result.exit_code == 1
    assert "site.tag_authority: every feed item id would change" in result.stderr
    assert result.stderr.count("every feed item id would change") == 1


def test_a_new_site_address_needs_moved(published: Path) -> None:
    feeds = str(published.parent / "feeds")
    edit(published, lambda data: data["site"].update(url="https://elsewhere.fixture.net/"))
    result = run("feeds", "-c", str(published), "--out", feeds)
    assert result.exit_code == 1
    assert f"site.url: was {REAL_URL} in the last publication" in result.stderr
    result = run("feeds", "-c", str(published), "--out", feeds, "--moved")
    assert result.exit_code == 0, result.output


def test_a_placeholder_publication_binds_nothing(tmp_path: Path) -> None:
    catalog = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", catalog)  # site.url is on fixture.example.org
    assert run("feeds", "-c", str(catalog), "--out", str(tmp_path / "feeds")).exit_code == 0
    edit(catalog, lambda data: data["site"].update(url=REAL_URL, tag_authority="fixture.net,2027"))
    result = run("feeds", "-c", str(catalog), "--out", str(tmp_path / "feeds"))
    assert result.exit_code == 0, result.output


def test_feeds_check_names_every_stale_file_and_the_writer_deletes_them(published: Path) -> None:
    feeds = published.parent / "feeds"
    out = str(feeds)
    assert (
        run("feeds", "-c", str(published), "--out", out, "--check").output
        == f"{out}/: up to date\n"
    )
    edit(published, lambda data: data["collections"].append(
        {"id": "rain", "title": "Rain", "description": "Songs for rainy days."}
    ))  # fmt: skip
    (feeds / "collections" / "gone.xml").write_text("old", encoding="utf-8")
    (feeds / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("feeds", "-c", str(published), "--out", out, "--check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{out}/catalog.json: out of date",
        f"{out}/collections/gone.xml: no longer published",
        f"{out}/collections/rain.json: missing",
        f"{out}/collections/rain.xml: missing",
        f"{out}/feeds.opml: out of date",
        f"Error: {out}/ is stale (5 files); run cryfeed feeds (or cryfeed build) and commit {out}/",
    ]
    result = run("feeds", "-c", str(published), "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(" unchanged, 1 removed)\n")
    assert not (feeds / "collections" / "gone.xml").exists()
    assert (feeds / "notes.txt").read_text(encoding="utf-8") == "mine"  # not ours: kept
    assert run("feeds", "-c", str(published), "--out", out, "--check").exit_code == 0


def test_the_tombstone_time_is_the_site_time(published: Path) -> None:
    from cryfeed.catalog import remove_song

    removed = remove_song(
        published, "beast-on-rainy-days", "x", now=datetime(2026, 11, 24, 3, tzinfo=UTC)
    )
    assert removed.removed.isoformat() == "2026-11-24T12:00:00+09:00"


def test_a_song_only_in_an_index_page_is_still_guarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages of 2 songs: the fixture's oldest two fill catalog/1.json, the newest stays in
    # catalog.json itself.
    monkeypatch.setattr(json_feeds, "CATALOG_PAGE_SIZE", 2)
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["site"]["url"] = REAL_URL
    catalog = tmp_path / "songs.json"
    catalog.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    feeds = tmp_path / "feeds"
    assert run("feeds", "-c", str(catalog), "--out", str(feeds)).exit_code == 0
    index = json.loads((feeds / "catalog.json").read_text(encoding="utf-8"))
    assert [song["id"] for song in index["songs"]] == ["jang-deok-cheol-see-you-later"]
    assert index["pages"] == [REAL_URL + "feeds/catalog/1.json"]
    edit(catalog, lambda data: data["songs"].pop(0))  # urban-zakapa-counting-days, in the page
    result = run("feeds", "-c", str(catalog), "--out", str(feeds))
    assert result.exit_code == 1
    assert '"urban-zakapa-counting-days" was published and is gone' in result.stderr
    (feeds / "catalog" / "1.json").unlink()
    result = run("feeds", "-c", str(catalog), "--out", str(feeds))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {feeds}/catalog/1.json is missing from the last publication; restore it "
        f"with git (git checkout -- {feeds}/catalog/1.json)\n"
    )


def version_2_catalog(site_url: str, tag_authority: str) -> dict[str, Any]:
    """feeds/catalog.json as cryfeed wrote it before the index (version 2): every song in
    full, its item id in feed_id; only what the guard reads is filled in."""
    return {
        "version": 2,
        "site": {"url": site_url},
        "songs": [
            {
                "id": song_id,
                "added": added,
                "feed_id": f"tag:{tag_authority}:song:{song_id}",
            }
            for song_id, added in [
                ("jang-deok-cheol-see-you-later", "2026-11-20T09:00:00+09:00"),
                ("beast-on-rainy-days", "2026-11-20T00:30:00+09:00"),
                ("urban-zakapa-counting-days", "2026-11-01T00:00:00+09:00"),
            ]
        ],
    }


def test_a_version_2_publication_is_read_once_and_upgraded(published: Path) -> None:
    feeds = published.parent / "feeds"
    old = version_2_catalog(REAL_URL, "fixture.net,2027")
    (feeds / "catalog.json").write_text(json.dumps(old), encoding="utf-8")
    result = run("feeds", "-c", str(published), "--out", str(feeds))
    assert result.exit_code == 1  # the fixture's authority is fixture.example.org,2026
    assert "site.tag_authority: every feed item id would change (tag:fixture.net,2027:" in (
        result.stderr
    )
    old = version_2_catalog(REAL_URL, "fixture.example.org,2026")
    (feeds / "catalog.json").write_text(json.dumps(old), encoding="utf-8")
    edit(published, lambda data: data["songs"].pop(1))
    result = run("feeds", "-c", str(published), "--out", str(feeds))
    assert result.exit_code == 1
    assert '"beast-on-rainy-days" was published and is gone' in result.stderr
    edit(published, lambda data: data["songs"].insert(1, old_song()))
    result = run("feeds", "-c", str(published), "--out", str(feeds))
    assert result.exit_code == 0, result.output
    assert json.loads((feeds / "catalog.json").read_text(encoding="utf-8"))["version"] == 3


def old_song() -> dict[str, Any]:
    """The fixture's beast-on-rainy-days, as published."""
    fixture = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    song: dict[str, Any] = next(s for s in fixture["songs"] if s["id"] == "beast-on-rainy-days")
    return song
