"""A real feed reader: newsboat (non-interactive) subscribed to feeds served on 127.0.0.1.

What a subscriber relies on: after a reload every song is there once with the right
title, link and date; a rebuild with no change announces nothing; appending one song
announces exactly that one. The feeds are rebuilt with the real command line
(`python -m cryfeed feeds`) into the folder the test server serves.

Expected values come from tests/fixtures/catalog.json and the README's rules (title
format, tag URIs, dates from `added`), not from cryfeed's own functions.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from e2e_harness import Served, find_program, serve

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).parent.parent / "fixtures" / "catalog.json"
SITE_URL = "https://fixture.example.org/cry/"
TAG = "tag:fixture.example.org,2026:song:"

# Item titles as the README promises them: "Title — Artist", a Korean title with its
# romanization.
TITLES = {
    "urban-zakapa-counting-days": "Counting Days — Urban Zakapa",
    "beast-on-rainy-days": "On Rainy Days — BEAST",
    "jang-deok-cheol-see-you-later": "See you later (있어줘요, Isseojwoyo) — Jang Deok Cheol",
    "e2e-fixture-farewell": "Fixture Farewell (안녕, Annyeong) — The Fixtures",
}
NEW_SONG = {
    "id": "e2e-fixture-farewell",
    "title": "Fixture Farewell",
    "title_ko": "안녕",
    "artist": "The Fixtures",
    "artist_ko": None,
    "released": None,
    "album": None,
    "added": "2026-11-21T08:00:00+09:00",
    "collections": ["tearjerkers"],
    "moods": ["longing"],
    "note": "Appended by the feed reader test.",
    "links": [],
    "sources": [],
}


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    url: str
    date: int  # unix time
    unread: bool
    feed: str


def expected_date(added: str, timezone: str) -> int:
    """`added` as unix time; a bare date is midnight in the site's time zone."""
    moment = datetime.fromisoformat(added)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return int(moment.timestamp())


def expected_items(catalog_path: Path) -> dict[str, tuple[str, str, int]]:
    """guid -> (title, link, date) for every song of the catalog."""
    data = json.loads(catalog_path.read_text(encoding="utf-8"))
    timezone = data["site"]["timezone"]
    return {
        TAG + song["id"]: (
            TITLES[song["id"]],
            f"{SITE_URL}songs/{song['id']}.html",
            expected_date(song["added"], timezone),
        )
        for song in data["songs"]
    }


def append_song(catalog_path: Path, song: Mapping[str, object]) -> None:
    data = json.loads(catalog_path.read_text(encoding="utf-8"))
    data["songs"].append(song)
    catalog_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def rebuild_feeds(catalog_path: Path, site: Path, wait: bool = True) -> None:
    """`cryfeed feeds` into the served folder, exactly as a maintainer would run it.

    HTTP dates have whole seconds: a feed rewritten in the second the reader last fetched
    it is answered 304 Not Modified to the reader's If-Modified-Since (seen here: the
    appended song went missing), so `wait` lets that second pass first.
    """
    if wait:
        time.sleep(1.1)
    result = subprocess.run(
        [sys.executable, "-m", "cryfeed", "feeds", "-c", str(catalog_path), "--out", str(site / "feeds")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


class Newsboat:
    """newsboat with its own home, urls file, config and cache; never the user's."""

    CONFIG = "reload-threads 1\nuse-proxy no\ndownload-retries 1\ndownload-timeout 20\n"

    def __init__(self, program: str, home: Path) -> None:
        self.program = program
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.urls = home / "urls"
        self.cache = home / "cache.db"
        self.config = home / "config"
        self.config.write_text(self.CONFIG, encoding="utf-8")
        self.urls.touch()

    def run(self, *arguments: str) -> str:
        # No proxy variables reach newsboat: it talks to 127.0.0.1 and nothing else.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home)}
        env |= {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb"}
        command = [self.program, "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config)]
        result = subprocess.run(
            [*command, *arguments], env=env, capture_output=True, text=True, timeout=120
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"newsboat {' '.join(arguments)} failed:\n{output}"
        assert "error" not in output.lower(), f"newsboat {' '.join(arguments)} reported:\n{output}"
        return output

    def subscribe(self, *urls: str) -> None:
        self.urls.write_text("".join(url + "\n" for url in urls), encoding="utf-8")

    def reload(self) -> str:
        """Fetch every feed, then return newsboat's own `print-unread` line."""
        return self.run("-x", "reload", "print-unread").strip()

    def items(self) -> list[Item]:
        with contextlib.closing(sqlite3.connect(self.cache)) as db:
            rows = db.execute(
                "SELECT guid, title, url, pubDate, unread, feedurl FROM rss_item "
                "WHERE deleted = 0 ORDER BY pubDate"
            ).fetchall()
        return [Item(g, t, u, d, bool(n), f) for g, t, u, d, n, f in rows]

    def mark_all_read(self) -> None:
        """What a reader does when the user reads everything (newsboat's `A` key)."""
        with contextlib.closing(sqlite3.connect(self.cache)) as db, db:
            # (sqlite3's own context manager commits but never closes: closing() does.)
            db.execute("UPDATE rss_item SET unread = 0")


def unread(reader: Newsboat) -> list[str]:
    return [item.guid for item in reader.items() if item.unread]


def check_items(items: list[Item], expected: dict[str, tuple[str, str, int]]) -> None:
    found = {item.guid: (item.title, item.url, item.date) for item in items}
    assert found == expected
    assert len(items) == len(found), "an item is in the reader twice"


def unread_line(count: int) -> str:
    return f"{count} unread articles"


@pytest.fixture(scope="module")
def newsboat() -> str:
    return find_program("newsboat", "CRYFEED_NEWSBOAT")


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the fixture catalog and the site folder its feeds are built into."""
    catalog_path = tmp_path / "songs.json"
    shutil.copy(FIXTURE, catalog_path)
    site = tmp_path / "site"
    rebuild_feeds(catalog_path, site, wait=False)
    return catalog_path, site


def subscribe_and_follow(
    reader: Newsboat, served: Served, catalog_path: Path, items_in_feed: int
) -> None:
    """Reload, read everything, rebuild unchanged, append one song: the subscriber's year."""
    first = expected_items(catalog_path)
    assert reader.reload() == unread_line(len(first))
    check_items(reader.items(), first)

    reader.mark_all_read()
    rebuild_feeds(catalog_path, served.root)
    assert reader.reload() == unread_line(0), "a rebuild with no change announced something"
    check_items(reader.items(), first)

    append_song(catalog_path, NEW_SONG)
    rebuild_feeds(catalog_path, served.root)
    announced = reader.reload()
    new = TAG + NEW_SONG["id"]  # type: ignore[operator]
    assert unread(reader) == [new], f"{announced}; requests: {served.requests}"
    # newsboat says "1 unread articles": its wording, not ours.
    assert announced == unread_line(1)
    # The oldest song left the feed (feed_limit 3) but stays in the reader, unchanged.
    check_items(reader.items(), expected_items(catalog_path))
    assert served.errors() == []
    assert len(reader.items()) == items_in_feed + 1


@pytest.mark.parametrize("feed", ["rss.xml", "atom.xml"])
def test_reader_gets_each_song_once_and_only_new_ones_after(
    newsboat: str, published: tuple[Path, Path], tmp_path: Path, feed: str
) -> None:
    catalog_path, site = published
    with serve(site) as served:
        reader = Newsboat(newsboat, tmp_path / "home")
        reader.subscribe(f"{served.url}feeds/{feed}")
        subscribe_and_follow(reader, served, catalog_path, items_in_feed=3)
        assert {item.feed for item in reader.items()} == {f"{served.url}feeds/{feed}"}
        assert ("GET", f"/feeds/{feed}", 200) in served.requests


def test_subscribing_to_every_feed_from_the_opml_announces_each_song_once(
    newsboat: str, published: tuple[Path, Path], tmp_path: Path
) -> None:
    """feeds.opml imported into the reader: a song in several feeds is still one item."""
    catalog_path, site = published
    with serve(site) as served:
        reader = Newsboat(newsboat, tmp_path / "home")
        reader.urls.unlink()
        assert "finished" in reader.run("-i", str(site / "feeds" / "feeds.opml"))
        subscribed = reader.urls.read_text(encoding="utf-8").split()
        assert subscribed == [
            f"{SITE_URL}feeds/rss.xml",
            f"{SITE_URL}feeds/collections/tearjerkers.xml",
            f"{SITE_URL}feeds/collections/male-ballads.xml",
        ]
        # The OPML names the published site; point the reader at the test server.
        reader.subscribe(*(url.replace(SITE_URL, served.url) for url in subscribed))
        subscribe_and_follow(reader, served, catalog_path, items_in_feed=3)
        fetched = {path for _, path, status in served.requests if status == 200}
        assert fetched == {"/feeds/rss.xml", "/feeds/collections/tearjerkers.xml", "/feeds/collections/male-ballads.xml"}
