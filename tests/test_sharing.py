"""Being found and shared: sitemap.xml, robots.txt, link-preview tags, the 404 page and the
feed previews, in the session's build of the fixture catalog (tests/conftest.py) and, for
the pure parts, without a build. Hostile text in these tags: tests/test_book.py."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from cryfeed import urls
from cryfeed.book import render_book
from cryfeed.book.rendered import RenderedPage, page_source
from cryfeed.feeds import render_feeds
from cryfeed.models import Catalog
from cryfeed.sphinxext.not_found import render_body
from cryfeed.sphinxext.sitemap import render_robots, render_sitemap
from cryfeed.sphinxext.social import page_tags

SITE_URL = "https://fixture.example.org/cry/"
PREFIX = urlsplit(SITE_URL).path
SEE_YOU_LATER = "songs/jang-deok-cheol-see-you-later.html"
# Written by Sphinx or cryfeed beside the pages, and no content to list or share.
NOT_CONTENT = {"index.html", "search.html", "genindex.html", "404.html"}
FEED_FILES = [
    "rss.xml",
    "atom.xml",
    "feed.json",
    "collections/tearjerkers.xml",
    "collections/tearjerkers.json",
    "collections/male-ballads.xml",
    "collections/male-ballads.json",
]


def page(path: Path) -> Any:
    return lxml_html.fromstring(path.read_bytes())


def content_pages(site: Path) -> list[str]:
    """Every page a reader may land on, by path from the site root."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "_static" not in path.parts and path.relative_to(site).as_posix() not in NOT_CONTENT
    )


def head_meta(tree: Any) -> dict[str, list[str]]:
    """<meta property|name=... content=...> of a page's head, by property or name."""
    found: dict[str, list[str]] = {}
    for element in tree.xpath("//head/meta[@content]"):
        key = element.get("property") or element.get("name")
        if key:
            found.setdefault(key, []).append(element.get("content"))
    return found


# ---------------------------------------------------------------- sitemap.xml and robots.txt


@pytest.mark.slow
def test_the_sitemap_lists_every_page_once_with_absolute_urls(fixture_site: Path) -> None:
    root = etree.fromstring((fixture_site / "sitemap.xml").read_bytes())
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{namespace}urlset"
    listed = [str(loc.text) for loc in root.iterfind(f"{namespace}url/{namespace}loc")]
    assert len(listed) == len(set(listed))
    assert listed == sorted(listed)
    pages = content_pages(fixture_site)
    assert set(listed) == {SITE_URL + path for path in pages}
    # The pages Sphinx never reads are there too: songs, artists, feed previews.
    for path in (SEE_YOU_LATER, "artists/beast.html", "subscribe/rss.html", "intro.html"):
        assert SITE_URL + path in listed


@pytest.mark.slow
def test_robots_txt_allows_everything_and_names_the_sitemap(fixture_site: Path) -> None:
    lines = (fixture_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ["User-agent: *", "Disallow:"]
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines


def test_the_sitemap_is_sorted_escaped_and_lists_a_page_once() -> None:
    sitemap = render_sitemap("https://e.org/a&b/", ["songs/b", "intro", "songs/b", "x y"])
    root = etree.fromstring(sitemap)
    assert [loc.text for loc in root.iter("{*}loc")] == [
        "https://e.org/a&b/intro.html",
        "https://e.org/a&b/songs/b.html",
        "https://e.org/a&b/x%20y.html",
    ]
    assert render_sitemap("https://e.org/", []) == render_sitemap("https://e.org/", [])
    assert render_robots("https://e.org/r/").decode().endswith(
        "\nSitemap: https://e.org/r/sitemap.xml\n"
    )


# ---------------------------------------------------------------- Open Graph and Twitter card


@pytest.mark.slow
def test_every_content_page_carries_link_preview_tags(fixture_site: Path) -> None:
    for path in content_pages(fixture_site):
        tags = head_meta(page(fixture_site / path))
        assert tags["og:url"] == [SITE_URL + path], path
        assert tags["og:site_name"] == ["Fixture feed"], path
        assert tags["og:type"] == ["website"], path
        assert tags["twitter:card"] == ["summary"], path
        assert len(tags["og:title"]) == 1 and tags["og:title"][0], path
        assert tags["og:description"] == tags["description"], path


@pytest.mark.slow
def test_a_song_page_previews_with_its_title_and_the_curators_note(fixture_site: Path) -> None:
    tags = head_meta(page(fixture_site / SEE_YOU_LATER))
    assert tags["og:title"] == ["있어줘요 · See you later"]
    assert tags["og:description"] == ["A fixture note: the title asks someone to stay."]


@pytest.mark.slow
def test_a_myst_page_previews_with_its_title_and_first_words(fixture_site: Path) -> None:
    tags = head_meta(page(fixture_site / "collections" / "tearjerkers.html"))
    assert tags["og:title"] == ["Tear-jerkers"]
    assert tags["og:description"][0].startswith("Songs that bring tears.")


def test_rendered_page_tags_escape_every_value() -> None:
    class Config:
        ogp_site_url = "https://e.org/"
        ogp_site_name = 'Site "&" <b>'
        ogp_type = "website"
        ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary" />',)
        html_baseurl = "https://ignored.example/"
        html_title = "ignored"
        project = "ignored"

    hostile = 'A "quoted" <script>x</script> &amp; title'
    rendered = RenderedPage(
        title=hostile,
        anchor="a",
        body="",
        sections=(),
        links=(),
        text="",
        description=hostile,
    )
    head = lxml_html.fromstring(f"<html><head>{page_tags(Config(), 'songs/a', rendered)}</head></html>")
    assert not head.xpath("//script")
    assert head_meta(head) == {
        "og:title": [hostile],
        "og:type": ["website"],
        "og:url": ["https://e.org/songs/a.html"],
        "og:site_name": ['Site "&" <b>'],
        "og:description": [hostile],
        "description": [hostile],
        "twitter:card": ["summary"],
    }


# ---------------------------------------------------------------- the 404 page


@pytest.mark.slow
def test_the_404_page_links_absolutely_to_what_exists(fixture_site: Path) -> None:
    tree = page(fixture_site / "404.html")
    assert tree.xpath("//article//h1")[0].text_content().startswith("Page not found")
    assert tree.xpath("/html/@data-content_root") == [PREFIX]
    addresses = tree.xpath("//@href | //@src | //form/@action")
    assert tree.xpath("//head/link[@rel='stylesheet']") and tree.xpath("//script[@src]")
    local = [str(a) for a in addresses if not a.startswith(("#", "https://", "http://"))]
    assert local
    for address in local:
        assert address.startswith(PREFIX), address
        path = urlsplit(address).path.removeprefix(PREFIX)
        assert (fixture_site / path).is_file(), address
    article = [str(a) for a in tree.xpath("//article//a/@href") if not a.startswith("#")]
    assert article == [f"{PREFIX}intro.html", f"{PREFIX}generated/newest.html",
                       f"{PREFIX}generated/a-z.html", f"{PREFIX}search.html"]  # fmt: skip


def test_the_404_article_uses_the_site_path() -> None:
    body = lxml_html.fragment_fromstring(render_body("/repo/", "intro"), create_parent="div")
    assert [a.get("href") for a in body.iter("a") if a.get("class") != "headerlink"] == [
        "/repo/intro.html",
        "/repo/generated/newest.html",
        "/repo/generated/a-z.html",
        "/repo/search.html",
    ]


# ---------------------------------------------------------------- feed previews


def feed_items(path: Path) -> list[tuple[str, str]]:
    """(title, link) of each item of a feed file, in the feed's order."""
    if path.suffix == ".json":
        feed = json.loads(path.read_bytes())
        return [(item["title"], item["url"]) for item in feed["items"]]
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, path
    return [(entry.title, entry.link) for entry in parsed.entries]


def preview_items(preview: Path, site: Path) -> list[tuple[str, str]]:
    """(title, absolute link) of each song a built preview page lists."""
    section = page(preview).xpath("//section[@id='in-the-feed-now']")[0]
    folder = posixpath.dirname(preview.relative_to(site).as_posix())
    return [
        (
            " ".join(link.text_content().split()),
            SITE_URL + posixpath.normpath(posixpath.join(folder, link.get("href"))),
        )
        for link in section.xpath(".//li//a")
    ]


@pytest.mark.slow
@pytest.mark.parametrize("feed_file", FEED_FILES)
def test_a_feed_preview_lists_exactly_the_feeds_items(fixture_site: Path, feed_file: str) -> None:
    preview = fixture_site / urls.page(urls.feed_preview_doc(feed_file))
    items = feed_items(fixture_site / "feeds" / feed_file)
    assert items
    assert preview_items(preview, fixture_site) == items
    tree = page(preview)
    field = tree.xpath("//input[@id='feed-address']")[0]
    assert field.get("value") == SITE_URL + "feeds/" + feed_file
    assert field.get("readonly") is not None
    button = tree.xpath("//button[@data-copy-from='feed-address']")[0]
    assert button.text_content() == "Copy address" and button.get("hidden") is not None
    raw = [href for href in tree.xpath("//article//a/@href") if href.endswith(feed_file)]
    assert raw == [f"../feeds/{feed_file}"]
    scripts = tree.xpath("//script/@src")
    assert any("copy-address.js" in src for src in scripts)


@pytest.mark.slow
def test_the_subscribe_page_links_each_feeds_preview_and_file(fixture_site: Path) -> None:
    hrefs = [str(h) for h in page(fixture_site / "subscribe.html").xpath("//article//a/@href")]
    previews = [urls.page(urls.feed_preview_doc(feed)) for feed in FEED_FILES]
    assert sorted(h for h in hrefs if h.startswith("subscribe/")) == sorted(previews)
    for feed in ("rss.xml", "atom.xml", "feed.json", "feeds.opml"):
        assert f"feeds/{feed}" in hrefs
    tearjerkers = [
        str(h) for h in page(fixture_site / "collections" / "tearjerkers.html").xpath("//article//a/@href")
    ]
    assert "../subscribe/tearjerkers-rss.html" in tearjerkers
    assert "../subscribe/tearjerkers-json.html" in tearjerkers


@pytest.mark.slow
def test_feed_previews_stay_out_of_the_search_index(fixture_site: Path) -> None:
    index = (fixture_site / "searchindex.js").read_text(encoding="utf-8")
    assert "songs/jang-deok-cheol-see-you-later" in index
    assert "subscribe/" not in index


def test_previews_list_the_newest_feed_limit_songs_of_each_feed(
    synthetic_catalog: Any,
) -> None:
    # More songs than a feed holds: the preview keeps the feed's cut, newest first.
    data = synthetic_catalog(7)
    data["site"]["feed_limit"] = 3
    catalog = Catalog.model_validate(data)
    feeds, book = render_feeds(catalog), render_book(catalog)
    for feed_file in FEED_FILES:
        rendered = RenderedPage.load(book[page_source(urls.feed_preview_doc(feed_file))])
        body = lxml_html.fragment_fromstring(rendered.body, create_parent="div")
        shown = [
            (" ".join(a.text_content().split()), SITE_URL + a.get("href").removeprefix("../"))
            for a in body.xpath(".//section[@id='in-the-feed-now']//li//a")
        ]
        if feed_file.endswith(".json"):
            expected = [(i["title"], i["url"]) for i in json.loads(feeds[feed_file])["items"]]
        else:
            expected = [(e.title, e.link) for e in feedparser.parse(feeds[feed_file]).entries]
        # The synthetic songs are all male ballads: the other collection's feed is empty.
        assert len(expected) == (0 if "tearjerkers" in feed_file else 3), feed_file
        assert shown == expected, feed_file


def test_feed_preview_pages_have_one_name_each() -> None:
    feeds = ["rss.xml", "atom.xml", "feed.json"] + [
        name(collection)
        for collection in ("rss", "json", "atom", "x-rss", "x")
        for name in (urls.collection_rss, urls.collection_json_feed)
    ]
    docs = [urls.feed_preview_doc(feed) for feed in feeds]
    assert len(set(docs)) == len(docs)
    assert docs[:5] == ["subscribe/rss", "subscribe/atom", "subscribe/json", "subscribe/rss-rss", "subscribe/rss-json"]


def test_rendered_pages_never_repeat_an_id(fixture_catalog_book: dict[str, bytes]) -> None:
    # A repeated id breaks #links and getElementById (the copy button found a section).
    for name, data in fixture_catalog_book.items():
        if name.endswith(".json") and name.partition("/")[0] in ("songs", "artists", "subscribe"):
            body = lxml_html.fragment_fromstring(RenderedPage.load(data).body, create_parent="div")
            ids = body.xpath(".//@id")
            assert len(ids) == len(set(ids)), name


@pytest.fixture(scope="module")
def fixture_catalog_book() -> dict[str, bytes]:
    from cryfeed.catalog import load_catalog

    return render_book(load_catalog(Path(__file__).parent / "fixtures" / "catalog.json"))
