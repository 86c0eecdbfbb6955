"""RFC 5005 archives: a reader walking prev-archive from any feed backfills every song once."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree

from cryfeed.feeds import render_feeds
from cryfeed.models import Catalog

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = "{http://purl.org/syndication/history/1.0}"
FEEDS = "https://fixture.example.org/cry/feeds/"
SUBSCRIPTIONS = [
    "rss.xml",
    "atom.xml",
    "feed.json",
    "collections/tearjerkers.xml",
    "collections/tearjerkers.json",
    "collections/male-ballads.xml",
    "collections/male-ballads.json",
]


def catalog_of(count: int) -> Catalog:
    """The fixture catalog (feed_limit 3) grown to `count` songs, one appended each hour."""
    data: dict[str, Any] = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    template = data["songs"][0]
    start = datetime(2026, 11, 21, 0, tzinfo=UTC)  # after the fixture's newest song
    grown = list(data["songs"])
    for number in range(count - len(grown)):
        song = copy.deepcopy(template)
        song["id"] = f"grown-song-{number}"
        song["title"] = f"Grown song {number}"
        song["added"] = (start + timedelta(hours=number)).isoformat()
        # Every third song also in male-ballads, so the collections have histories of their own.
        song["collections"] = ["tearjerkers", "male-ballads"] if number % 3 == 0 else ["tearjerkers"]
        grown.append(song)
    data["songs"] = grown
    return Catalog.model_validate(data, context={"now": NOW})


def ids_and_links(path: str, data: bytes) -> tuple[list[str], dict[str, str], bool]:
    """The item ids of one document, its RFC 5005 links, and whether it says it is an archive."""
    if path.endswith(".json"):
        document = json.loads(data)
        links = {"prev-archive": document["next_url"]} if "next_url" in document else {}
        return [item["id"] for item in document["items"]], links, False
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    root = etree.fromstring(data)
    parent = root.find("channel") if root.tag == "rss" else root
    assert parent is not None
    links = {
        link.get("rel", ""): link.get("href", "")
        for link in parent.findall(f"{ATOM}link") + parent.findall("link")
        if link.get("rel") in {"current", "prev-archive", "next-archive"}
    }
    archive = parent.find(f"{HISTORY}archive") is not None
    return [entry.id for entry in parsed.entries], links, archive


def walk(files: dict[str, bytes], subscription: str) -> tuple[list[str], list[list[str]]]:
    """A reader's backfill: the subscription document, then prev-archive to the oldest page."""
    current, links, archive = ids_and_links(subscription, files[subscription])
    assert not archive, subscription
    pages: list[list[str]] = []
    seen: set[str] = set()
    newer: str | None = None
    while "prev-archive" in links:
        path = links["prev-archive"].removeprefix(FEEDS)
        assert path not in seen, f"{path}: the prev-archive chain loops"
        seen.add(path)
        ids, page_links, archive = ids_and_links(path, files[path])
        if not path.endswith(".json"):
            assert archive, f"{path} lacks fh:archive"
            assert page_links["current"] == FEEDS + subscription
            if newer is not None:
                assert page_links["next-archive"] == FEEDS + newer
        pages.append(ids)
        newer, links = path, page_links
    return current, pages


@pytest.mark.parametrize("count", [3, 4, 11, 12, 40])
def test_archives_and_the_feed_hold_every_song_exactly_once(count: int) -> None:
    catalog = catalog_of(count)
    files = render_feeds(catalog)
    tag = f"tag:{catalog.site.tag_authority}:song:"
    newest = catalog.newest_first()
    members = {
        "": [tag + s.id for s in newest],
        "tearjerkers": [tag + s.id for s in newest if "tearjerkers" in s.collections],
        "male-ballads": [tag + s.id for s in newest if "male-ballads" in s.collections],
    }
    for subscription in SUBSCRIPTIONS:
        collection = subscription.removeprefix("collections/").rpartition(".")[0]
        expected = members[collection if subscription.startswith("collections/") else ""]
        current, pages = walk(files, subscription)
        assert current == expected[:3], subscription  # the newest feed_limit, newest first
        archived = [song for page in pages for song in page]
        # Each song sits in one archive page only; pages are full (3) and go back in time.
        assert len(archived) == len(set(archived)), subscription
        assert all(len(page) == 3 for page in pages), subscription
        assert archived == expected[len(expected) % 3 :], subscription
        # The songs no page holds yet are few enough for the subscription feed to hold them.
        assert set(expected) - set(archived) <= set(current), subscription
        assert set(current) | set(archived) == set(expected), subscription


def test_appending_never_changes_the_songs_of_a_published_page() -> None:
    before = render_feeds(catalog_of(11))
    for count in range(12, 17):
        after = render_feeds(catalog_of(count))
        for path, data in before.items():
            if not path.startswith("archive/"):
                continue
            old_ids, old_links, _ = ids_and_links(path, data)
            new_ids, new_links, _ = ids_and_links(path, after[path])
            assert new_ids == old_ids, path
            # The only change a page ever sees: a link to the newer page once one exists.
            assert {k: v for k, v in new_links.items() if k != "next-archive"} == {
                k: v for k, v in old_links.items() if k != "next-archive"
            }, path
        before = after


def test_archives_are_byte_identical_across_renders() -> None:
    assert render_feeds(catalog_of(40)) == render_feeds(catalog_of(40))


def test_archive_pages_are_valid_rss_and_atom() -> None:
    files = render_feeds(catalog_of(12))
    rss = etree.fromstring(files["archive/rss/2.xml"])
    channel = rss.find("channel")
    assert rss.get("version") == "2.0" and channel is not None
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == FEEDS + "archive/rss/2.xml"
    atom = etree.fromstring(files["archive/atom/2.xml"])
    assert atom.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert atom.findtext(f"{ATOM}{required}"), required
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://fixture.example.org/cry/",
        "self": FEEDS + "archive/atom/2.xml",
        "current": FEEDS + "atom.xml",
        "prev-archive": FEEDS + "archive/atom/1.xml",
        "next-archive": FEEDS + "archive/atom/3.xml",
    }
    # The feed's date is the newest song of the page, not of the whole catalog.
    assert atom.findtext(f"{ATOM}updated") == max(
        e.findtext(f"{ATOM}updated") or "" for e in atom.findall(f"{ATOM}entry")
    )


def test_json_feed_pages_chain_with_next_url() -> None:
    files = render_feeds(catalog_of(12))
    chain = []
    path: str | None = "feed.json"
    while path is not None:
        document = json.loads(files[path])
        assert document["feed_url"] == FEEDS + path
        chain.append(path)
        next_url = document.get("next_url")
        path = next_url.removeprefix(FEEDS) if next_url else None
    assert chain == [
        "feed.json",
        "archive/feed/4.json",
        "archive/feed/3.json",
        "archive/feed/2.json",
        "archive/feed/1.json",
    ]
