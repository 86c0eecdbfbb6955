"""Where to listen: searches built from the song's facts, labelled as searches, never guessed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from lxml import html as lxml_html

from cryfeed.book import render_book
from cryfeed.catalog import load_catalog
from cryfeed.urls import listen_searches

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_searches_in_hangul_first_then_in_english() -> None:
    found = listen_searches("See you later", "Jang Deok Cheol", "있어줘요", "장덕철")
    assert [(service, query) for service, query, _ in found] == [
        ("YouTube", "장덕철 있어줘요"),
        ("Spotify", "장덕철 있어줘요"),
        ("Apple Music", "장덕철 있어줘요"),
        ("Melon", "장덕철 있어줘요"),
        ("YouTube", "Jang Deok Cheol See you later"),
        ("Spotify", "Jang Deok Cheol See you later"),
        ("Apple Music", "Jang Deok Cheol See you later"),
    ]
    assert found[0][2] == (
        "https://www.youtube.com/results?search_query="
        "%EC%9E%A5%EB%8D%95%EC%B2%A0+%EC%9E%88%EC%96%B4%EC%A4%98%EC%9A%94"
    )
    assert found[-1][2] == "https://music.apple.com/search?term=Jang+Deok+Cheol+See+you+later"


def test_without_a_hangul_title_only_the_english_search() -> None:
    found = listen_searches("Feel Special", "TWICE", None, "트와이스")
    assert {query for _, query, _ in found} == {"TWICE Feel Special"}
    # A query is URL-encoded whole: "&" or "#" in a title cannot break the address.
    (_, _, address), *_ = listen_searches("A & B #1", "C", None, None)
    assert address == "https://www.youtube.com/results?search_query=C+A+%26+B+%231"


def test_a_song_page_lists_its_searches_as_labelled_external_links() -> None:
    files = render_book(load_catalog(FIXTURES / "catalog.json", now=NOW))
    page = json.loads(files["songs/jang-deok-cheol-see-you-later.json"])
    tree = lxml_html.fragment_fromstring(page["body"], create_parent="div")
    listen = tree.get_element_by_id("listen")
    links = [(a.text_content(), a.get("href"), a.get("class")) for a in listen.iter("a")]
    searches = [link for link in links if link[0].startswith("Search ")]
    assert searches[0] == (
        "Search YouTube for “장덕철 있어줘요”",
        "https://www.youtube.com/results?search_query="
        "%EC%9E%A5%EB%8D%95%EC%B2%A0+%EC%9E%88%EC%96%B4%EC%A4%98%EC%9A%94",
        "reference external",
    )
    assert len(searches) == 7
