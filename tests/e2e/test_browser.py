"""A real browser: Debian's Chromium, driven by Playwright, on the fixture book served on 127.0.0.1.

Every page is opened in a fresh browser profile that may only talk to the test server;
console errors, uncaught exceptions, failed requests and HTTP errors are collected and
must be empty. A screenshot of each checked page goes to the folder printed at the end
of the run (CRYFEED_E2E_OUTPUT to choose it).
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from e2e_harness import Served
from lxml import etree

pytestmark = pytest.mark.e2e

SITE_URL = "https://fixture.example.org/cry/"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SEE_YOU_LATER = "songs/jang-deok-cheol-see-you-later.html"
INDEX_PAGES = {
    "generated/newest.html": "Newest additions",
    "generated/a-z.html": "Songs A\N{EN DASH}Z",
    "generated/collections.html": "Collections",
    "generated/moods.html": "Moods",
    "generated/artists.html": "Artists",
    "generated/glossary.html": "Vocabulary glossary",
    "generated/reading-hangul.html": "Reading Hangul",
    "generated/sound-changes.html": "Sound changes you will hear",
    "generated/speech-levels.html": "Speech levels in songs",
    "generated/grammar.html": "The grammar of longing",
    "generated/words-of-sorrow.html": "Words of sorrow",
}
SITE_FEEDS = {
    "feeds/rss.xml": "application/rss+xml",
    "feeds/atom.xml": "application/atom+xml",
    "feeds/feed.json": "application/feed+json",
}
# What a static host may answer for each advertised type (the test server sends the
# generic XML and JSON types, as GitHub Pages and nginx do).
SERVED_AS = {
    "application/rss+xml": {"application/rss+xml", "application/xml", "text/xml"},
    "application/atom+xml": {"application/atom+xml", "application/xml", "text/xml"},
    "application/feed+json": {"application/feed+json", "application/json"},
}

# Problems these tests once found in the theme, each fixed in the book and kept as a test:
# a console error on a first visit (no default theme mode), a 404 for /favicon.ico.
KNOWN_PROBLEMS = {
    "theme-mode": re.compile(r"console error: Got invalid theme mode"),
    "favicon": re.compile(r"/favicon\.ico\b"),
}


@dataclass
class Visit:
    """A page opened in a fresh profile, and every problem seen while it was open."""

    page: Any
    server: Served
    shots: Path
    problems: list[str] = field(default_factory=list)

    def unexpected(self) -> list[str]:
        return list(self.problems)

    def check(self) -> None:
        """No console error, failed request or HTTP error (apart from the known ones)."""
        assert self.unexpected() == [], f"problems on {self.page.url}"

    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        # From the top: a full-page shot of a scrolled page draws the sticky header and
        # sidebar halfway down.
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def goto(self, path: str) -> None:
        response = self.page.goto(self.server.url + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: {response and response.status}"


@pytest.fixture
def open_page(
    browser: Any, site_server: Served, screenshots: Path
) -> Iterator[Callable[..., Visit]]:
    """open_page(path, phone=False, width=None, scripts=True) -> Visit: a fresh profile
    that may only reach the test server, on a desktop screen or a phone's (`width` wide
    if given), with JavaScript on or off."""
    contexts: list[Any] = []

    def open_(
        path: str, phone: bool = False, width: int | None = None, scripts: bool = True
    ) -> Visit:
        screen: dict[str, Any] = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
        if width is not None:
            screen = {**screen, "viewport": {**screen["viewport"], "width": width}}
        context = browser.new_context(locale="en-US", java_script_enabled=scripts, **screen)
        contexts.append(context)
        visit = Visit(page=context.new_page(), server=site_server, shots=screenshots)

        def only_local(route: Any) -> None:
            if route.request.url.startswith(site_server.url):
                route.continue_()
            else:
                visit.problems.append(f"request outside the site: {route.request.url}")
                route.abort()

        context.route("**/*", only_local)
        page = visit.page

        def console(message: Any) -> None:
            if message.type == "error":
                url = message.location.get("url")
                visit.problems.append(f"console error: {message.text} ({url})")

        def response(answer: Any) -> None:
            if answer.status >= 400:
                visit.problems.append(f"HTTP {answer.status}: {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: visit.problems.append(f"uncaught exception: {error}"))
        page.on(
            "requestfailed",
            lambda request: visit.problems.append(
                f"request failed: {request.url} ({request.failure})"
            ),
        )
        page.on("response", response)
        visit.goto(path)
        return visit

    yield open_
    for context in contexts:
        context.close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET from the test server: (status, content type without parameters, body)."""
    assert url.startswith("http://127.0.0.1:"), url
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            kind = response.headers.get_content_type()
            return response.status, kind, response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def feed_links(visit: Visit) -> list[dict[str, str]]:
    """The page's feed autodiscovery links: type, title and resolved href."""
    return visit.page.eval_on_selector_all(  # type: ignore[no-any-return]
        "head link[rel=alternate]",
        "links => links.map(l => ({type: l.type, title: l.title, href: l.href}))",
    )


def check_feed(url: str, advertised: str, server: Served) -> None:
    """The feed resolves, is served as its type, is that kind of feed, and names itself."""
    status, kind, body = fetch(url)
    assert status == 200, url
    assert kind in SERVED_AS[advertised], f"{url} served as {kind}"
    relative = url.removeprefix(server.url)
    if advertised == "application/feed+json":
        feed = json.loads(body)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["feed_url"] == SITE_URL + relative
        return
    root = etree.fromstring(body)
    atom = "{http://www.w3.org/2005/Atom}"
    if advertised == "application/rss+xml":
        assert (root.tag, root.get("version")) == ("rss", "2.0"), url
        self_links = root.findall(f"channel/{atom}link[@rel='self']")
    else:
        assert root.tag == f"{atom}feed", url
        self_links = root.findall(f"{atom}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [SITE_URL + relative]


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site, by path relative to it.

    Not _static/: sphinx-book-theme copies its Jinja macro file sbt-webpack-macros.html
    there, unrendered; it is no page and nothing links to it.
    """
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if not path.relative_to(root).as_posix().startswith("_static/")
    )


# ---------------------------------------------------------------- the introduction


def test_introduction_loads_and_its_sidebar_reaches_every_index_page(
    open_page: Callable[..., Visit],
) -> None:
    visit = open_page("")  # the site's root redirects to the introduction
    page = visit.page
    page.wait_for_url(re.compile(r"/intro\.html$"))
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().startswith("Learn Korean")
    visit.screenshot("intro")
    visit.check()

    sidebar = page.locator("nav.bd-docs-nav")
    for path, title in INDEX_PAGES.items():
        link = sidebar.get_by_role("link", name=title, exact=True)
        assert link.get_attribute("href") == path
        link.click()
        page.wait_for_url(visit.server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("article h1").first.is_visible()
        visit.screenshot(path)
        visit.check()
        page.go_back(wait_until="networkidle")


# ---------------------------------------------------------------- a song page


def test_song_page_shows_the_study_notes_and_its_tabs_and_dropdowns_work(
    open_page: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    visit = open_page(SEE_YOU_LATER)
    page = visit.page
    heading = page.locator("article h1")
    expect(heading).to_contain_text("있어줘요")
    expect(heading).to_contain_text("See you later")
    expect(page.get_by_text("Isseojwoyo", exact=True)).to_be_visible()
    expect(page.get_by_text("A fixture note: the title asks someone to stay.")).to_be_visible()
    expect(page.get_by_text("yeogi isseo jwoyo", exact=True)).to_be_visible()
    visit.screenshot("song")

    literal = page.get_by_text("here stay give-polite", exact=True)
    natural = page.get_by_text("Please stay here.", exact=True)
    expect(literal).to_be_visible()
    expect(natural).to_be_hidden()
    page.locator("label.sd-tab-label", has_text="Natural").click()
    expect(natural).to_be_visible()
    expect(literal).to_be_hidden()
    visit.screenshot("song-natural-tab")
    page.locator("label.sd-tab-label", has_text="Literal").click()
    expect(literal).to_be_visible()
    expect(natural).to_be_hidden()

    answer = page.get_by_text("있다, to stay.", exact=True)
    expect(answer).to_be_hidden()
    page.get_by_text("Show the answer", exact=True).click()
    expect(answer).to_be_visible()
    answer.scroll_into_view_if_needed()
    visit.screenshot("song-answer-open")
    visit.check()


# ---------------------------------------------------------------- pronunciation


@pytest.mark.parametrize("width", [1280, 412], ids=["desktop", "phone-412"])
def test_song_page_shows_how_words_are_said_and_explains_on_demand(
    open_page: Callable[..., Visit], width: int
) -> None:
    from playwright.sync_api import expect

    visit = open_page(SEE_YOU_LATER, phone=width < 800, width=width)
    page = visit.page
    title_line = page.locator("article h1 + p")
    expect(title_line).to_contain_text("Isseojwoyo [이써줘요]")
    said = title_line.locator(".cryfeed-said")
    expect(said).to_be_visible()
    # The pronunciation fits beside the romanization, inside the article.
    box, article = said.bounding_box(), page.locator("article").bounding_box()
    assert box and article and box["x"] + box["width"] <= article["x"] + article["width"]
    visit.screenshot(f"song-pronunciation-{width}")

    # The footnote mark leads to the explanation, which links to the chapter's section.
    title_line.locator("a.footnote-reference").click()
    page.wait_for_url(re.compile(r"#said-1$"))
    note = page.locator("aside#said-1")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("있어 → 이써")
    note.get_by_role("link", name="liaison").click()
    page.wait_for_url(re.compile(r"generated/sound-changes\.html#sound-liaison$"))
    expect(page.locator("#sound-liaison")).to_be_in_viewport()
    visit.check()


def test_pronunciation_notes_need_no_javascript(open_page: Callable[..., Visit]) -> None:
    from playwright.sync_api import expect

    visit = open_page(SEE_YOU_LATER, scripts=False)
    page = visit.page
    expect(page.locator("article h1 + p")).to_contain_text("Isseojwoyo [이써줘요]")
    expect(page.locator("aside#said-1")).to_be_visible()
    # With JavaScript off the browser refuses the theme's scripts, and nothing else fails.
    blocked = re.compile(r"request failed: \S+/_static/scripts/[\w.-]+\.js\?\S* \(csp\)")
    assert visit.problems and all(blocked.fullmatch(p) for p in visit.problems)


# ---------------------------------------------------------------- a chapter


def test_sound_changes_chapter_lists_catalog_words_linked_to_their_songs(
    open_page: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    visit = open_page("generated/sound-changes.html")
    page = visit.page
    expect(page.locator("article h1")).to_have_text(re.compile("^Sound changes you will hear"))
    section = page.locator("section", has=page.locator("#sound-liaison")).last
    item = section.locator("li", has_text="있어줘요").first
    expect(item).to_contain_text("[이써줘요]")
    visit.screenshot("chapter-sound-changes")
    item.get_by_role("link").first.click()
    page.wait_for_url(visit.server.url + SEE_YOU_LATER)
    expect(page.locator("article h1")).to_contain_text("있어줘요")
    visit.check()


# ---------------------------------------------------------------- search


# The text under a selector that holds Hangul but has no lang="ko" around it.
UNMARKED_KOREAN = """(selector) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (/[\\uac00-\\ud7af]/.test(text.nodeValue) && !text.parentElement.closest('[lang="ko"]')) {
      found.push(text.nodeValue);
    }
  }
  return found;
}"""


@pytest.mark.parametrize(
    ("words", "song"),
    [
        ("On Rainy Days", "songs/beast-on-rainy-days.html"),  # an English title
        ("Counting Days", "songs/urban-zakapa-counting-days.html"),
        ("asks", SEE_YOU_LATER),  # a word found only in the song's note
        ("있어줘요", SEE_YOU_LATER),  # what a learner types: the Hangul title
        ("Isseojwoyo", SEE_YOU_LATER),  # or its romanization
    ],
)
def test_search_finds_a_song_by_title_and_by_a_word_of_its_note(
    open_page: Callable[..., Visit], words: str, song: str
) -> None:
    from playwright.sync_api import expect

    visit = open_page("search.html")
    page = visit.page
    box = page.locator("input[name=q]:visible")
    box.fill(words)
    box.press("Enter")
    results = page.locator("#search-results ul.search li")
    expect(page.locator("#search-results")).to_contain_text("Search finished", timeout=15_000)
    hrefs = [
        results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())
    ]
    assert any(href and href.split("?")[0].endswith(song) for href in hrefs), hrefs
    page.wait_for_load_state("networkidle")
    # Sphinx writes results as plain text; cryfeed.js marks the Korean in them.
    unmarked = page.evaluate(UNMARKED_KOREAN, "#search-results")
    assert unmarked == [], unmarked
    if words == "있어줘요":
        assert page.locator('#search-results [lang="ko"]').count() > 0
    visit.screenshot(f"search-{words}")
    visit.check()


# ---------------------------------------------------------------- every page


def test_every_page_loads_cleanly_offers_the_feeds_and_links_only_to_pages_that_exist(
    open_page: Callable[..., Visit], site_server: Served
) -> None:
    pages = [path for path in site_pages(site_server.root) if path != "index.html"]
    assert SEE_YOU_LATER in pages and "search.html" in pages
    visit = open_page(pages[0])
    feeds: dict[str, str] = {}
    links: set[str] = set()
    for path in pages:
        visit.goto(path)
        found = feed_links(visit)
        expected = {site_server.url + feed: kind for feed, kind in SITE_FEEDS.items()}
        if path.startswith("collections/"):
            collection = path.removeprefix("collections/").removesuffix(".html")
            expected[f"{site_server.url}feeds/collections/{collection}.xml"] = "application/rss+xml"
            expected[f"{site_server.url}feeds/collections/{collection}.json"] = (
                "application/feed+json"
            )
        assert {link["href"]: link["type"] for link in found} == expected, path
        assert all(link["title"] for link in found), path
        feeds |= expected
        links |= set(visit.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"))
        visit.screenshot(path)
    visit.check()

    for url, kind in sorted(feeds.items()):
        check_feed(url, kind, site_server)
    internal = sorted(link for link in links if link.startswith(site_server.url))
    pages_linked = {urldefrag(link).url for link in internal}
    broken = [url for url in sorted(pages_linked) if fetch(url)[0] != 200]
    assert broken == []
    # Links into a page (#fragment) must land on an element with that id.
    ids: dict[str, set[str]] = {}
    for link in internal:
        url, fragment = urldefrag(link)
        if fragment:
            if url not in ids:
                document = etree.HTML(fetch(url)[2])
                ids[url] = {str(element.get("id")) for element in document.iterfind(".//*[@id]")}
            assert unquote(fragment) in ids[url], link
    external = {link for link in links if not link.startswith(site_server.url)}
    assert all(re.match(r"(https?|mailto):", link) for link in external), external


def test_subscribe_files_are_served_with_their_content_types(site_server: Served) -> None:
    expected = {
        "feeds/rss.xml": SERVED_AS["application/rss+xml"],
        "feeds/atom.xml": SERVED_AS["application/atom+xml"],
        "feeds/feed.json": SERVED_AS["application/feed+json"],
        "feeds/catalog.json": {"application/json"},
        "feeds/feeds.opml": {"text/x-opml", "application/xml", "text/xml"},
    }
    for path, kinds in expected.items():
        status, kind, body = fetch(urljoin(site_server.url, path))
        assert (status, kind in kinds) == (200, True), (path, status, kind)
        assert body


def test_every_site_link_in_the_feeds_reaches_a_built_page(site_server: Served) -> None:
    """Feeds, OPML and catalog.json link to the published site: each link must exist in it.

    Category `domain` (RSS) and `scheme` (Atom) name a category scheme; they are
    identifiers, not links, and are left out.
    """
    feeds = site_server.root / "feeds"
    files = sorted(path for path in feeds.rglob("*") if path.is_file())
    assert {"rss.xml", "atom.xml", "feed.json", "feeds.opml", "catalog.json"} <= {
        path.name for path in files
    }
    found: dict[str, str] = {}
    for path in files:
        text = re.sub(r'(?:domain|scheme)="[^"]*"', "", path.read_text(encoding="utf-8"))
        for url in re.findall(re.escape(SITE_URL) + r"[^\s\"'<>&\\]*", text):
            found.setdefault(url, path.relative_to(feeds).as_posix())
    assert any("/songs/" in url for url in found)
    broken = {
        url: where
        for url, where in found.items()
        if fetch(site_server.url + url.removeprefix(SITE_URL))[0] != 200
    }
    assert broken == {}, "links that lead nowhere on the published site (url: file)"


# ---------------------------------------------------------------- problems found once, now fixed


def test_the_site_root_offers_the_feeds(site_server: Served) -> None:
    status, _, body = fetch(site_server.url)
    assert status == 200
    document = etree.HTML(body)
    found = {link.get("type") for link in document.iterfind(".//link[@rel='alternate']")}
    assert found == set(SITE_FEEDS.values())


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_sidebar_button_hides_and_shows_the_sidebar(
    open_page: Callable[..., Visit], phone: bool
) -> None:
    from playwright.sync_api import expect

    visit = open_page("intro.html", phone=phone)
    page = visit.page
    newest = page.locator("nav.bd-docs-nav a", has_text="Newest additions").locator("visible=true")
    # A desktop shows the sidebar until the button hides it; a phone the other way round.
    expect(newest).to_have_count(0 if phone else 1)
    page.locator("button.primary-toggle:visible").click()
    expect(newest).to_have_count(1 if phone else 0)
    visit.screenshot("sidebar-toggled")
    if phone:
        newest.click()
        page.wait_for_url(visit.server.url + "generated/newest.html")


def test_a_first_visit_logs_no_console_error(open_page: Callable[..., Visit]) -> None:
    visit = open_page("intro.html")
    errors = [p for p in visit.problems if KNOWN_PROBLEMS["theme-mode"].search(p)]
    assert errors == []


def test_pages_declare_an_icon_so_no_favicon_request_fails(
    open_page: Callable[..., Visit],
) -> None:
    visit = open_page("intro.html")
    assert visit.page.locator("head link[rel~=icon]").count() == 1
    assert [p for p in visit.problems if KNOWN_PROBLEMS["favicon"].search(p)] == []


# ---------------------------------------------------------------- being found and shared


def test_a_missing_page_shows_the_404_page_whose_links_work(
    open_page: Callable[..., Visit], site_server: Served
) -> None:
    """As on GitHub Pages, the server answers a missing address, however deep, with the
    site's 404.html: its styles, scripts, sidebar and links must work from there."""
    from playwright.sync_api import expect

    visit = open_page("intro.html")
    page = visit.page
    missing = "songs/gone/no-such-song.html"
    response = page.goto(site_server.url + missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_contain_text("Page not found")
    # The stylesheet applied: the theme's sidebar is laid out, not a bare list.
    expect(page.locator("nav.bd-docs-nav")).to_be_visible()
    visit.screenshot("404")
    # The page's own status is the only problem (Chromium logs it to the console too).
    assert [p for p in visit.unexpected() if missing not in p] == []
    assert f"HTTP 404: {site_server.url}{missing}" in visit.unexpected()
    # Every link of the sidebar and the article leads to a page of the site.
    hrefs = page.eval_on_selector_all(
        "nav.bd-docs-nav a[href], article a[href]", "as => as.map(a => a.href)"
    )
    # Less the heading's own #permalink, which is the missing address.
    pages = {urldefrag(href).url for href in hrefs} - {site_server.url + missing}
    assert site_server.url + "generated/a-z.html" in pages
    assert [url for url in sorted(pages) if fetch(url)[0] != 200] == []
    page.locator("article").get_by_role("link", name="Every song from A to Z").click()
    page.wait_for_url(site_server.url + "generated/a-z.html")
    expect(page.locator("article h1").first).to_contain_text("Songs A")


def test_a_feed_preview_copies_the_feeds_address(
    open_page: Callable[..., Visit], site_server: Served
) -> None:
    from playwright.sync_api import expect

    visit = open_page("subscribe.html")
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("article").get_by_role("link", name="RSS feed", exact=True).first.click()
    page.wait_for_url(site_server.url + "subscribe/rss.html")
    page.wait_for_load_state("networkidle")
    field = page.get_by_role("textbox", name="Feed address")
    expect(field).to_have_value(SITE_URL + "feeds/rss.xml")
    expect(field).to_have_attribute("readonly", "readonly")
    expect(page.locator("article li a", has_text="See you later")).to_have_count(1)
    button = page.get_by_role("button", name="Copy address")
    expect(button).to_be_visible()
    visit.screenshot("feed-preview")
    button.click()
    expect(page.get_by_role("status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "feeds/rss.xml"
    visit.check()


def test_without_javascript_a_feed_preview_still_shows_its_address(
    browser: Any, site_server: Served
) -> None:
    """Progressive enhancement: no script, no button that does nothing; the address is
    there in full, to select and copy by hand."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(site_server.url + "subscribe/atom.html")
        assert response is not None and response.ok
        field = page.get_by_role("textbox", name="Feed address")
        expect(field).to_be_visible()
        expect(field).to_have_value(SITE_URL + "feeds/atom.xml")
        expect(page.get_by_role("button", name="Copy address")).to_be_hidden()
        field.select_text()
        selected = field.evaluate("f => f.value.substring(f.selectionStart, f.selectionEnd)")
        assert selected == SITE_URL + "feeds/atom.xml"
    finally:
        context.close()
