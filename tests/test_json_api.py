"""The static JSON API: a paged index (catalog.json) and one document per song, none too big."""

from __future__ import annotations

import copy
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cryfeed.feeds import (
    CATALOG_PAGE_SIZE,
    documents,
    feed_specs,
    render_catalog_json,
    render_json_feed,
)
from cryfeed.feeds.spec import _Items
from cryfeed.models import Catalog

# benchmarks/ is a script folder, not a package: its catalogs grown from the shipped songs.
sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import grown

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FEEDS = "https://fixture.example.org/cry/feeds/"
# What a client may have to download in one piece (issue 17).
LARGEST_JSON = 2_000_000


def fixture_grown_to(count: int) -> dict[str, Any]:
    """The fixture catalog grown to `count` songs, one added each hour after its newest."""
    data: dict[str, Any] = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    template = data["songs"][0]
    start = datetime(2026, 11, 21, 0, tzinfo=UTC)
    for number in range(count - len(data["songs"])):
        song = copy.deepcopy(template)
        song["id"] = f"grown-song-{number}"
        song["title"] = f"Grown song {number}"
        song["added"] = (start + timedelta(minutes=number)).isoformat()
        data["songs"].append(song)
    return data


def build(data: dict[str, Any]) -> Catalog:
    return Catalog.model_validate(data, context={"now": NOW})


@pytest.fixture(scope="module")
def paged() -> dict[str, Any]:
    return fixture_grown_to(2 * CATALOG_PAGE_SIZE + 7)


def test_the_index_is_cut_into_full_pages_that_never_change(paged: dict[str, Any]) -> None:
    catalog = build(paged)
    files = render_catalog_json(catalog)
    index = json.loads(files["catalog.json"])
    assert index["pages"] == [FEEDS + "catalog/1.json", FEEDS + "catalog/2.json"]
    assert len(index["songs"]) == 7  # the songs after the last full page
    pages = [json.loads(files[f"catalog/{number}.json"]) for number in (1, 2)]
    assert [page["page"] for page in pages] == [1, 2]
    assert all(len(page["songs"]) == CATALOG_PAGE_SIZE for page in pages)
    assert all(page["catalog"] == FEEDS + "catalog.json" for page in pages)
    # Newest first across the index, then the pages from the newest back: every song once.
    listed = [s["id"] for s in index["songs"] + pages[1]["songs"] + pages[0]["songs"]]
    assert listed == [song.id for song in catalog.newest_first()]
    assert {f"songs/{song.id}.json" for song in catalog.songs} <= set(files)

    appended = copy.deepcopy(paged)
    song = copy.deepcopy(appended["songs"][-1])
    song.update(id="one-more", title="One more", added="2026-11-25T09:00:00+09:00")
    appended["songs"].append(song)
    after = render_catalog_json(build(appended))
    assert after["catalog/1.json"] == files["catalog/1.json"]
    assert after["catalog/2.json"] == files["catalog/2.json"]
    assert json.loads(after["catalog.json"])["songs"][0]["id"] == "one-more"
    changed = {name for name in files if after[name] != files[name]}
    assert changed == {"catalog.json"}  # no other song's document changes


def test_no_json_file_a_client_downloads_is_over_2_mb_at_10000_songs() -> None:
    """The grown catalog of the benchmarks (real study notes, Hangul), at the issue's size."""
    catalog = Catalog.model_validate(grown.grow(10_000))
    files = render_catalog_json(catalog)
    items = _Items(catalog)
    for spec in feed_specs(catalog):  # JSON Feed subscriptions and archive pages
        for path, document in documents(catalog.site, spec, spec.json_file).items():
            files[path] = render_json_feed(catalog, spec, items, path=path, document=document)
    sizes = {name: len(data) for name, data in files.items()}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < LARGEST_JSON, f"{largest}: {sizes[largest]:,} bytes"
    assert sum(1 for name in files if name.startswith("songs/")) == 10_000
    assert len(json.loads(files["catalog.json"])["pages"]) == 10
