"""Feeds: golden files, structure with lxml, feedparser round trips, JSON Feed schema, escaping.

One long module on purpose: nearly every test reads the same rendered fixture feeds (the
module-scoped `files`), and the sections below follow the formats.

Golden files live in tests/golden/feeds/ (every file `cryfeed feeds` writes for the fixture
catalog). After an intended change to the output, regenerate them with one command and
review the diff (the test fails after regenerating, so a regenerating run is never green):

    CRYFEED_REGENERATE=1 .venv/bin/pytest tests/test_feeds.py -k golden
"""

from __future__ import annotations

import copy
import email.utils
import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import feedgen.entry
import feedgen.feed
import feedparser
import jsonschema
import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError

from cryfeed.build import write_feeds
from cryfeed.catalog import load_catalog
from cryfeed.cli import main
from cryfeed.feeds import (
    Document,
    FeedSpec,
    documents,
    feed_specs,
    item_title,
    render_feeds,
    xml_feeds,
)
from cryfeed.feeds.spec import _Items
from cryfeed.models import Catalog, Link, first_refused

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden" / "feeds"
# Written from the JSON Feed 1.1 specification for these tests (see its $comment).
JSON_FEED_SCHEMA = Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://fixture.example.org/cry/"
TAG = "tag:fixture.example.org,2026:song:"

# The fixture's songs, newest first; "beast" was added at 00:30 in Seoul (the day before in UTC)
# and "counting days" on a bare date (midnight in Seoul).
NEWEST_FIRST = [
    "jang-deok-cheol-see-you-later",
    "beast-on-rainy-days",
    "urban-zakapa-counting-days",
]
EXPECTED_FILES = {
    "rss.xml",
    "atom.xml",
    "feed.json",
    "collections/tearjerkers.xml",
    "collections/tearjerkers.json",
    "collections/male-ballads.xml",
    "collections/male-ballads.json",
    "feeds.opml",
    # The static JSON API: the index (3 songs: no full page yet) and one document per song.
    "catalog.json",
    "songs/jang-deok-cheol-see-you-later.json",
    "songs/beast-on-rainy-days.json",
    "songs/urban-zakapa-counting-days.json",
    # The fixture's 3 songs fill one archive page of the main feed (feed_limit 3).
    "archive/rss/1.xml",
    "archive/atom/1.xml",
    "archive/feed/1.json",
}


def fixture_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    return data


def build(data: dict[str, Any]) -> Catalog:
    return Catalog.model_validate(data, context={"now": NOW})


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_feeds(load_catalog(FIXTURES / "catalog.json", now=NOW))


def xml(data: bytes) -> etree._Element:
    # A strict parser: any well-formedness problem raises.
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, recover=False))


def rss_items(data: bytes) -> list[etree._Element]:
    return list(xml(data).iterfind("channel/item"))


def atom_entries(data: bytes) -> list[etree._Element]:
    return list(xml(data).iterfind(f"{ATOM}entry"))


def json_schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(JSON_FEED_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


# ---------------------------------------------------------------- golden files


def test_golden_files(files: dict[str, bytes]) -> None:
    if os.environ.get("CRYFEED_REGENERATE"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, data in files.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        pytest.fail(f"regenerated {len(files)} golden files in {GOLDEN}; review the diff")
    stored = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert stored == set(files), "golden files out of date; regenerate (see the module docstring)"
    for relative, data in files.items():
        assert data == (GOLDEN / relative).read_bytes(), (
            f"{relative} differs from its golden file; if intended, regenerate them "
            "(see the module docstring) and review the diff"
        )


def test_every_file_is_rendered(files: dict[str, bytes]) -> None:
    assert set(files) == EXPECTED_FILES


def test_rendering_is_deterministic(files: dict[str, bytes]) -> None:
    again = render_feeds(load_catalog(FIXTURES / "catalog.json", now=NOW))
    assert again == files


def test_no_wall_clock_or_feedgen_version(files: dict[str, bytes]) -> None:
    catalog = load_catalog(FIXTURES / "catalog.json", now=NOW)
    instants = {song.added.astimezone(UTC) for song in catalog.songs}
    for relative, data in files.items():
        assert b"feedgen" not in data, relative
        if not relative.endswith(".xml"):
            continue
        root = xml(data)
        for element in root.iter("lastBuildDate", "pubDate"):
            assert email.utils.parsedate_to_datetime(element.text or "") in instants, relative
        for element in root.iter(f"{ATOM}updated", f"{ATOM}published"):
            assert datetime.fromisoformat(element.text or "") in instants, relative
    for name in ("rss.xml", "collections/tearjerkers.xml"):
        generator = xml(files[name]).find("channel/generator")
        assert generator is not None and generator.text == "cryfeed" and not generator.attrib
    generator = xml(files["atom.xml"]).find(f"{ATOM}generator")
    assert generator is not None and generator.text == "cryfeed"
    assert "version" not in generator.attrib


class _AnyDatetime(type):
    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, datetime)


class _FrozenClock(datetime, metaclass=_AnyDatetime):
    """What feedgen sees as `datetime`: its now() is a date no song has."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return datetime(1999, 12, 31, 23, 59, tzinfo=UTC)


def test_feedgen_now_never_reaches_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # feedgen stamps now() on the feed and on every entry; each must be overwritten.
    monkeypatch.setattr(feedgen.feed, "datetime", _FrozenClock)
    monkeypatch.setattr(feedgen.entry, "datetime", _FrozenClock)
    files = render_feeds(load_catalog(FIXTURES / "catalog.json", now=NOW))
    for relative, data in files.items():
        assert b"1999" not in data and b"Dec 31" not in data, relative


# ---------------------------------------------------------------- RSS structure


def test_rss_channel(files: dict[str, bytes]) -> None:
    channel = xml(files["rss.xml"]).find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Fixture feed"
    assert channel.findtext("link") == BASE
    assert channel.findtext("description") == "A small catalog for tests."
    assert channel.findtext("language") == "en"
    links = channel.findall(f"{ATOM}link")
    assert [(link.get("rel"), link.get("href")) for link in links] == [
        ("self", BASE + "feeds/rss.xml"),
        ("prev-archive", BASE + "feeds/archive/rss/1.xml"),  # RFC 5005: the history
    ]
    # The newest `added` (09:00 in Seoul) in RFC 822, in UTC.
    assert channel.findtext("lastBuildDate") == "Fri, 20 Nov 2026 00:00:00 +0000"
    assert channel.findtext("pubDate") == "Fri, 20 Nov 2026 00:00:00 +0000"


def test_rss_items_newest_first_with_permanent_guids(files: dict[str, bytes]) -> None:
    items = rss_items(files["rss.xml"])
    guids = [item.find("guid") for item in items]
    assert [g.text for g in guids if g is not None] == [TAG + i for i in NEWEST_FIRST]
    assert all(g is not None and g.get("isPermaLink") == "false" for g in guids)
    assert [item.findtext("link") for item in items] == [
        f"{BASE}songs/{i}.html" for i in NEWEST_FIRST
    ]
    assert [item.findtext("title") for item in items] == [
        "See you later (있어줘요, Isseojwoyo) — Jang Deok Cheol",
        "On Rainy Days — BEAST",
        "Counting Days — Urban Zakapa",
    ]
    assert [[c.text for c in item.findall("category")] for item in items] == [
        ["Ballads by male artists"],
        ["Tear-jerkers", "Ballads by male artists"],
        ["Tear-jerkers"],
    ]


def test_dates_are_converted_to_utc(files: dict[str, bytes]) -> None:
    dates = [item.findtext("pubDate") for item in rss_items(files["rss.xml"])]
    assert dates == [
        "Fri, 20 Nov 2026 00:00:00 +0000",
        "Thu, 19 Nov 2026 15:30:00 +0000",  # 00:30 in Seoul on the 20th: the 19th in UTC
        "Sat, 31 Oct 2026 15:00:00 +0000",  # bare date 2026-11-01: midnight in Seoul
    ]
    for text in dates:
        assert text is not None and email.utils.parsedate_to_datetime(text).tzinfo is not None
    updated = [e.findtext(f"{ATOM}updated") for e in atom_entries(files["atom.xml"])]
    assert updated == [
        "2026-11-20T00:00:00+00:00",
        "2026-11-19T15:30:00+00:00",
        "2026-10-31T15:00:00+00:00",
    ]
    parsed = feedparser.parse(files["rss.xml"])
    beast = next(e for e in parsed.entries if e.id == TAG + "beast-on-rainy-days")
    assert tuple(beast.published_parsed)[:6] == (2026, 11, 19, 15, 30, 0)
    items = json.loads(files["feed.json"])["items"]
    assert items[1]["date_published"] == "2026-11-19T15:30:00+00:00"


def test_rss_description_is_escaped_html_with_absolute_links(files: dict[str, bytes]) -> None:
    raw = files["rss.xml"].decode("utf-8")
    assert "<![CDATA[" not in raw
    assert "&lt;p&gt;A fixture note about rain.&lt;/p&gt;" in raw
    for item in rss_items(files["rss.xml"]):
        description = item.findtext("description")
        assert description
        hrefs = [a.get("href") for a in lxml.html.fragment_fromstring(description, "div").iter("a")]
        assert hrefs, "every summary links at least to the song's page"
        assert all(h and h.startswith("https://") for h in hrefs)
        assert item.findtext("link") in hrefs


def test_every_url_in_every_feed_is_absolute(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        if not name.endswith((".xml", ".opml")):
            continue
        root = xml(data)
        for element in root.iter():
            for attribute in ("href", "xmlUrl", "htmlUrl", "domain", "scheme"):
                value = element.get(attribute)
                assert value is None or value.startswith("https://"), (name, attribute, value)
            if etree.QName(element).localname == "link" and element.text:
                assert element.text.startswith("https://"), (name, element.text)


def test_rss_limit_drops_the_oldest() -> None:
    data = fixture_data()
    data["site"]["feed_limit"] = 2
    files = render_feeds(build(data))
    guids = [item.findtext("guid") for item in rss_items(files["rss.xml"])]
    assert guids == [TAG + i for i in NEWEST_FIRST[:2]]
    assert len(atom_entries(files["atom.xml"])) == 2
    assert len(json.loads(files["feed.json"])["items"]) == 2


def test_same_instant_later_in_the_file_is_newer() -> None:
    data = fixture_data()
    for song in data["songs"]:
        song["added"] = "2026-11-20T09:00:00+09:00"
    guids = [item.findtext("guid") for item in rss_items(render_feeds(build(data))["rss.xml"])]
    assert guids == [TAG + s["id"] for s in reversed(data["songs"])]


# ---------------------------------------------------------------- Atom


def test_atom_feed(files: dict[str, bytes]) -> None:
    feed = xml(files["atom.xml"])
    assert feed.findtext(f"{ATOM}id") == "tag:fixture.example.org,2026:feed"
    assert feed.findtext(f"{ATOM}title") == "Fixture feed"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00+00:00"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Test Curator"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": BASE,
        "self": BASE + "feeds/atom.xml",
        "prev-archive": BASE + "feeds/archive/atom/1.xml",
    }
    entries = atom_entries(files["atom.xml"])
    assert [e.findtext(f"{ATOM}id") for e in entries] == [TAG + i for i in NEWEST_FIRST]
    for entry in entries:
        assert entry.findtext(f"{ATOM}published") == entry.findtext(f"{ATOM}updated")
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"


# ---------------------------------------------------------------- collections and OPML


def test_collection_feeds_hold_only_their_songs(files: dict[str, bytes]) -> None:
    expected = {
        "tearjerkers": ["beast-on-rainy-days", "urban-zakapa-counting-days"],
        "male-ballads": ["jang-deok-cheol-see-you-later", "beast-on-rainy-days"],
    }
    for collection, ids in expected.items():
        rss = xml(files[f"collections/{collection}.xml"])
        assert [i.findtext("guid") for i in rss.iterfind("channel/item")] == [TAG + i for i in ids]
        self_link = rss.find(f"channel/{ATOM}link")
        assert self_link is not None
        assert self_link.get("href") == f"{BASE}feeds/collections/{collection}.xml"
        assert rss.findtext("channel/link") == f"{BASE}collections/{collection}.html"
        feed = json.loads(files[f"collections/{collection}.json"])
        assert feed["feed_url"] == f"{BASE}feeds/collections/{collection}.json"
        assert [item["id"] for item in feed["items"]] == [TAG + i for i in ids]
    # A collection feed's date is the newest of its own songs.
    tearjerkers = xml(files["collections/tearjerkers.xml"])
    assert tearjerkers.findtext("channel/lastBuildDate") == "Thu, 19 Nov 2026 15:30:00 +0000"


def test_empty_collection_has_a_fixed_date() -> None:
    data = fixture_data()
    data["collections"].append({"id": "empty", "title": "Empty", "description": "None yet."})
    files = render_feeds(build(data))
    channel = xml(files["collections/empty.xml"]).find("channel")
    assert channel is not None and channel.find("item") is None
    # The tag authority's date, never the wall clock.
    assert channel.findtext("lastBuildDate") == "Thu, 01 Jan 2026 00:00:00 +0000"


def test_opml_lists_every_rss_feed(files: dict[str, bytes]) -> None:
    opml = xml(files["feeds.opml"])
    assert opml.get("version") == "2.0"
    outlines = opml.findall("body/outline")
    rss_files = sorted(
        n for n in files if n.endswith(".xml") and n != "atom.xml" and not n.startswith("archive/")
    )
    assert sorted(o.get("xmlUrl", "") for o in outlines) == sorted(
        BASE + "feeds/" + n for n in rss_files
    )
    assert all(o.get("type") == "rss" and o.get("text") for o in outlines)


# ---------------------------------------------------------------- JSON


def test_json_feeds_match_the_schema(files: dict[str, bytes]) -> None:
    validator = json_schema_validator()
    for name in ("feed.json", "collections/tearjerkers.json", "collections/male-ballads.json"):
        document = json.loads(files[name])
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, f"{name}: {errors[0].message}"
    feed = json.loads(files["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == BASE + "feeds/feed.json"
    assert feed["home_page_url"] == BASE
    assert feed["language"] == "en"
    first = feed["items"][0]
    assert list(first) == [
        "id",
        "url",
        "title",
        "content_html",
        "summary",
        "date_published",
        "tags",
    ]
    assert first["tags"] == ["Ballads by male artists"]


@pytest.mark.parametrize(
    "broken",
    [
        {"items": None},  # no items
        {"version": "https://jsonfeed.org/version/1"},  # another version
        {"home_page_url": "fixture.example.org/cry/"},  # not an absolute URL
        {"items": [{"id": "a"}]},  # no content
        {"items": [{"id": "a", "content_html": "x", "date_published": "2026-11-20"}]},
        {"items": [{"id": "a", "content_text": "x", "tags": "one"}]},
        {"items": [{"id": "a", "content_text": "x", "updated": "2026-11-20T09:00:00Z"}]},
        {"authors": [{}]},  # an author with nothing to say
        {"link": "https://e.org/"},  # unknown key (extensions start with _)
    ],
)
def test_the_schema_catches_a_broken_feed(broken: dict[str, Any]) -> None:
    validator = json_schema_validator()
    good: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "x",
        "home_page_url": "https://e.org/",
        "_extension": {"anything": True},
        "items": [{"id": "a", "content_text": "x", "date_published": "2026-11-20T09:00:00+09:00"}],
    }
    assert validator.is_valid(good)
    document = {**good, **broken}
    if broken == {"items": None}:
        del document["items"]
    assert not validator.is_valid(document)


def is_json_api(name: str) -> bool:
    """catalog.json, its pages and the song documents: not feeds."""
    return name == "catalog.json" or name.startswith(("songs/", "catalog/"))


def test_catalog_json_is_an_index(files: dict[str, bytes]) -> None:
    document = json.loads(files["catalog.json"])
    assert list(document) == [
        "version",
        "site",
        "feeds",
        "collections",
        "removed",
        "pages",
        "songs",
    ]
    assert document["version"] == 3
    assert document["site"]["tag_authority"] == "fixture.example.org,2026"
    assert document["pages"] == []  # 3 songs fill no page of CATALOG_PAGE_SIZE
    assert [s["id"] for s in document["songs"]] == NEWEST_FIRST
    entry = document["songs"][0]
    assert entry == {
        "id": "jang-deok-cheol-see-you-later",
        "title": "See you later",
        "title_ko": "있어줘요",
        "title_rr": "Isseojwoyo",
        "artist": "Jang Deok Cheol",
        "artist_ko": "장덕철",
        "released": "2019",
        "added": "2026-11-20T09:00:00+09:00",
        "collections": ["male-ballads"],
        "moods": ["regret"],
        "url": BASE + "songs/jang-deok-cheol-see-you-later.html",
        "json": BASE + "feeds/songs/jang-deok-cheol-see-you-later.json",
    }
    assert document["songs"][2]["added"] == "2026-11-01T00:00:00+09:00"  # bare date resolved
    # One song per line, so appending a song is a one-line diff.
    lines = files["catalog.json"].decode("utf-8").splitlines()
    assert sum(1 for line in lines if line.startswith('    {"id": ')) == 3


def test_each_song_has_its_own_document(files: dict[str, bytes]) -> None:
    index = json.loads(files["catalog.json"])
    for entry in index["songs"]:
        relative = entry["json"].removeprefix(BASE + "feeds/")
        assert json.loads(files[relative])["id"] == entry["id"]
    song = json.loads(files["songs/jang-deok-cheol-see-you-later.json"])
    assert list(song) == [
        "version",
        "id",
        "title",
        "title_ko",
        "title_rr",
        "title_pronunciation",
        "artist",
        "artist_ko",
        "released",
        "album",
        "added",
        "collections",
        "moods",
        "note",
        "links",
        "sources",
        "url",
        "feed_id",
        "catalog",
        "study",
    ]
    assert song["version"] == 3
    assert song["title_rr"] == "Isseojwoyo"
    assert song["title_pronunciation"] == "이써줘요"
    assert song["url"] == BASE + "songs/jang-deok-cheol-see-you-later.html"
    assert song["feed_id"] == TAG + "jang-deok-cheol-see-you-later"
    assert song["catalog"] == BASE + "feeds/catalog.json"
    assert song["added"] == "2026-11-20T09:00:00+09:00"
    beast = json.loads(files["songs/beast-on-rainy-days.json"])
    assert "study" not in beast
    assert list(beast["links"][0]) == list(Link.model_fields)  # the model's field order
    counting = json.loads(files["songs/urban-zakapa-counting-days.json"])
    assert counting["sources"] == [
        {"url": "https://example.org/source", "facts": ["title", "artist", "released"]}
    ]


# ---------------------------------------------------------------- appending one song


NEW_SONG = {
    "id": "new-song",
    "title": "A new song",
    "title_ko": None,
    "artist": "Someone",
    "artist_ko": None,
    "released": None,
    "album": None,
    "added": "2026-11-21T08:00:00+09:00",
    "collections": ["tearjerkers"],
    "moods": [],
    "note": "Newly added.",
    "links": [],
    "sources": [],
}


def item_bytes(name: str, data: bytes) -> list[bytes]:
    if name.endswith(".json"):  # one item per line
        return [line.rstrip(b",") for line in data.splitlines() if line.startswith(b'    {"id": ')]
    # The raw bytes of each item as written: text in them is escaped, so no "</item>" inside.
    tag = b"entry" if name == "atom.xml" else b"item"
    return re.findall(rb"<%s>.*?</%s>" % (tag, tag), data, flags=re.DOTALL)


def test_appending_a_song_adds_one_item_and_changes_no_other(files: dict[str, bytes]) -> None:
    data = fixture_data()
    data["songs"].append(NEW_SONG)
    after = render_feeds(build(data))
    affected = {"rss.xml", "atom.xml", "feed.json"} | {
        "collections/tearjerkers.xml",
        "collections/tearjerkers.json",
    }
    for name in ("rss.xml", "atom.xml", "feed.json"):  # full (limit 3): the oldest goes
        old, new = item_bytes(name, files[name]), item_bytes(name, after[name])
        assert len(new) == 3
        assert new[1:] == old[:2], name
        assert TAG.encode() + b"new-song" in new[0]
    for name in ("collections/tearjerkers.xml", "collections/tearjerkers.json"):  # room left
        old, new = item_bytes(name, files[name]), item_bytes(name, after[name])
        assert new[1:] == old, name
        assert TAG.encode() + b"new-song" in new[0]
    assert json.loads(after["songs/new-song.json"])["id"] == "new-song"
    for name in EXPECTED_FILES - affected - {"catalog.json"}:
        assert after[name] == files[name], f"{name} changed but holds no new song"


# ---------------------------------------------------------------- round trips and escaping


def feedparser_rewrites(text: str, rss: bool) -> bool:
    """Whether feedparser changes this text by guessing, so it cannot come back exactly.

    Our bytes still hold the text exactly (checked with lxml); these are reader guesses:
    - RSS titles carry no type, so text that looks like HTML to feedparser is read as HTML
      (Atom says type="text", so it never guesses there);
    - text made only of Latin-1 characters that happen to spell valid UTF-8 bytes ("Ã©")
      is "repaired" as double-encoded UTF-8. Item titles always hold " — ", so only a
      feed's own title can be hit.
    """
    try:
        repaired = text.encode("iso-8859-1").decode("utf-8") != text
    except UnicodeError:
        repaired = False
    looks_like_html = feedparser.mixin._FeedParserMixin.looks_like_html(text)
    return repaired or (rss and bool(looks_like_html))


def subscription_file(path: str) -> str:
    """archive/rss/1.xml -> rss.xml, archive/collections/x/2.json -> collections/x.json."""
    if not path.startswith("archive/"):
        return path
    folder, _, page = path.removeprefix("archive/").rpartition("/")
    return folder + "." + page.rpartition(".")[2]


def assert_round_trip(catalog: Catalog, files: dict[str, bytes]) -> None:
    """Every title, link, id and date of every item comes back exactly."""
    expected = {f"tag:{catalog.site.tag_authority}:song:{song.id}": song for song in catalog.songs}
    feeds = {
        name: data
        for name, data in files.items()
        if name.endswith((".xml", ".json")) and not is_json_api(name)
    }
    feed_titles = {"rss.xml": catalog.site.title, "atom.xml": catalog.site.title} | {
        f"collections/{c.id}.xml": f"{catalog.site.title} — {c.title}" for c in catalog.collections
    }
    for path, data in feeds.items():
        name = subscription_file(path)  # an archive page is checked like its feed
        if name.endswith(".json"):
            document = json.loads(data)
            entries = [
                (i["id"], i["title"], i["url"], i["date_published"], i["content_html"])
                for i in document["items"]
            ]
            for item_id, title, url, published, content in entries:
                song = expected[item_id]
                assert title == item_title(song)
                assert url == f"{catalog.site.url}songs/{song.id}.html"
                assert datetime.fromisoformat(published) == song.added
                assert_text_not_markup(content, song.note)
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        feed_title = feed_titles[name].strip()  # readers trim the outer spaces
        if not feedparser_rewrites(feed_title, rss=name != "atom.xml"):
            assert parsed.feed.title == feed_title, name
        native = (
            [e.findtext(f"{ATOM}title") for e in atom_entries(data)]
            if name == "atom.xml"
            else [i.findtext("title") for i in rss_items(data)]
        )
        assert len(parsed.entries) == len(native)
        for entry, native_title in zip(parsed.entries, native, strict=True):
            song = expected[entry.id]
            title = item_title(song)
            assert native_title == title  # the bytes hold the text exactly
            if not feedparser_rewrites(title, rss=name != "atom.xml"):
                assert entry.title == title, name
            assert entry.link == f"{catalog.site.url}songs/{song.id}.html"
            moment = song.added.astimezone(UTC)
            assert tuple(entry.published_parsed)[:6] == moment.timetuple()[:6]


def feedgen_document(
    catalog: Catalog, spec: FeedSpec, path: str, document: Document, kind: Literal["rss", "atom"]
) -> bytes:
    """The document with every item added through feedgen's own entry API: the reference
    for the items cryfeed serializes itself (xml_feeds.rss_item and atom_entry)."""
    site = catalog.site
    feed = xml_feeds._generator(catalog, spec, document, f"{site.url}feeds/{path}", kind)
    items = _Items(catalog)
    for song in document.songs:
        item = items(song)
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.content(item.content_html, type="html")
        entry.published(item.published)
        entry.updated(item.published)
        if item.categories:
            entry.category(
                [
                    {"term": c.id, "label": c.title, "scheme": f"{site.url}collections/"}
                    for c in item.categories
                ]
            )
    return bytes(feed.rss_str(pretty=True) if kind == "rss" else feed.atom_str(pretty=True))


def assert_as_feedgen_writes_them(catalog: Catalog, files: dict[str, bytes]) -> None:
    """Every RSS and Atom document, archive pages included, byte for byte as feedgen writes
    it with its own entries."""
    checked = 0
    for spec in feed_specs(catalog):
        formats: list[tuple[str, Literal["rss", "atom"]]] = [(spec.rss_file, "rss")]
        if spec.atom_file is not None:
            formats.append((spec.atom_file, "atom"))
        for feed_file, kind in formats:
            for path, document in documents(catalog.site, spec, feed_file).items():
                assert files[path] == feedgen_document(catalog, spec, path, document, kind), path
                checked += 1
    assert checked == sum(1 for name in files if name.endswith(".xml"))


def test_items_are_the_bytes_feedgen_writes(files: dict[str, bytes]) -> None:
    assert_as_feedgen_writes_them(load_catalog(FIXTURES / "catalog.json", now=NOW), files)


def assert_text_not_markup(content_html: str, note: str) -> None:
    """The summary HTML holds only our own tags; the note comes back as text."""
    fragment = lxml.html.fragment_fromstring(content_html, create_parent="div")
    assert {element.tag for element in fragment.iter()} <= {"div", "p", "br", "a"}
    text = fragment.text_content()
    for line in note.split("\n"):
        assert line.strip() in text


TRICKY = "<b>bold</b> & \"quotes\" 'single' ]]> &amp; &copy; 😭 눈물 שלום عربى RTL"


def test_tricky_text_stays_text() -> None:
    data = fixture_data()
    data["site"]["title"] = TRICKY
    data["collections"][0]["title"] = TRICKY
    song = data["songs"][0]
    song.update(title=TRICKY, artist=TRICKY, album=TRICKY, note=TRICKY + "\n\n" + TRICKY)
    song["links"] = [{"kind": "video", "url": "https://example.org/?a=1&b=<2>", "label": TRICKY}]
    catalog = build(data)
    files = render_feeds(catalog)
    for name, data_bytes in files.items():
        if name.endswith((".xml", ".opml")):
            xml(data_bytes)
        else:
            json.loads(data_bytes)
    item = next(i for i in rss_items(files["rss.xml"]) if "counting" in (i.findtext("guid") or ""))
    assert item.findtext("title") == f"{TRICKY} — {TRICKY}"
    description = item.findtext("description") or ""
    assert "<b>" not in description  # the title's markup is escaped inside the HTML
    assert_text_not_markup(description, TRICKY)
    assert_as_feedgen_writes_them(catalog, files)
    assert json.loads(files["catalog.json"])["songs"][-1]["title"] == TRICKY
    song_document = json.loads(files[f"songs/{song['id']}.json"])
    assert (song_document["title"], song_document["note"]) == (TRICKY, TRICKY + "\n\n" + TRICKY)
    assert_round_trip(catalog, files)


def test_fixture_round_trip(files: dict[str, bytes]) -> None:
    assert_round_trip(load_catalog(FIXTURES / "catalog.json", now=NOW), files)


def test_text_xml_cannot_carry_is_refused_by_validation() -> None:
    # Lone surrogates and U+FFFE/U+FFFF cannot appear in XML even escaped, so the models
    # refuse them and the renderers never meet them.
    for text in ("bad \ufffe here", "bad \uffff here", "bad \ud800 here"):
        data = fixture_data()
        data["songs"][0]["note"] = text
        with pytest.raises(ValidationError, match="which no feed can carry"):
            build(data)


# Valid text for the models: no control characters (refused by validation), no surrogates
# or U+FFFE/U+FFFF (XML 1.0 cannot carry them; refused by validation, tested above).
VALID_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
).filter(lambda c: first_refused(c) is None)  # nor invisible characters (issue 12)
LINE = st.text(VALID_CHARACTERS, min_size=1, max_size=30).filter(lambda t: t.strip() != "")
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
FIXTURE = fixture_data()
HANGUL_LINE = st.tuples(LINE, st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)).map(
    "".join
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    site_title=LINE,
    collection_title=LINE,
    title=LINE,
    title_ko=st.none() | HANGUL_LINE,
    artist=LINE,
    artist_ko=st.none() | HANGUL_LINE,
    album=st.none() | LINE,
    note=PARAGRAPH,
    label=LINE,
)
def test_arbitrary_text_parses_and_round_trips(
    site_title: str,
    collection_title: str,
    title: str,
    title_ko: str | None,
    artist: str,
    artist_ko: str | None,
    album: str | None,
    note: str,
    label: str,
) -> None:
    data = copy.deepcopy(FIXTURE)
    data["site"]["title"] = site_title
    data["site"]["author"]["name"] = label
    data["collections"][0]["title"] = collection_title
    data["collections"][0]["description"] = note
    song = data["songs"][1]
    song.update(
        title=title, title_ko=title_ko, artist=artist, artist_ko=artist_ko, album=album, note=note
    )
    song["links"] = [{"kind": "video", "url": "https://example.org/v", "label": label}]
    catalog = build(data)
    files = render_feeds(catalog)
    for name, data_bytes in files.items():
        if name.endswith((".xml", ".opml")):
            xml(data_bytes)
    assert_round_trip(catalog, files)
    assert_as_feedgen_writes_them(catalog, files)
    model = catalog.songs[1]
    stored = json.loads(files[f"songs/{model.id}.json"])
    assert (stored["title"], stored["artist"], stored["note"]) == (
        model.title,
        model.artist,
        model.note,
    )


# ---------------------------------------------------------------- writing and the CLI


def test_write_feeds_writes_then_leaves_unchanged_files(tmp_path: Path) -> None:
    catalog = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", catalog)
    out = tmp_path / "feeds"
    first = write_feeds(catalog, out)
    assert sorted(first.written) == sorted(EXPECTED_FILES) and not first.unchanged
    second = write_feeds(catalog, out)
    assert not second.written and sorted(second.unchanged) == sorted(EXPECTED_FILES)


def test_cli_feeds(tmp_path: Path) -> None:
    catalog = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", catalog)
    out = tmp_path / "public"
    runner = CliRunner()
    result = runner.invoke(main, ["feeds", "-c", str(catalog), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out.as_posix()}/: 15 files (15 written, 0 unchanged)\n"
    result = runner.invoke(main, ["feeds", "-c", str(catalog), "--out", str(out)])
    assert result.output == f"{out.as_posix()}/: 15 files (0 written, 15 unchanged)\n"
    assert (out / "rss.xml").read_bytes() == (GOLDEN / "rss.xml").read_bytes()


def test_cli_feeds_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "catalog.json", tmp_path / "songs.json")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["feeds"])
    assert result.output == "feeds/: 15 files (15 written, 0 unchanged)\n"
    assert (tmp_path / "feeds" / "collections" / "tearjerkers.json").is_file()


def test_cli_feeds_writes_nothing_when_validation_fails(tmp_path: Path) -> None:
    catalog = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "bad" / "duplicate_id.json", catalog)
    out = tmp_path / "feeds"
    result = CliRunner().invoke(main, ["feeds", "-c", str(catalog), "--out", str(out)])
    assert result.exit_code == 1
    assert "duplicate id" in result.stderr
    assert result.stderr.endswith(f"{catalog}: 1 problem\n")
    assert not out.exists()
