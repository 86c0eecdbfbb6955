"""The book: MyST escaping, the pure renderer, and the HTML of a real Sphinx build.

The HTML tests build two small books once per session (warnings are errors): the
fixture catalog, and a catalog whose every text field is hostile markup.
Over 400 lines on purpose: the escaping, renderer and built-HTML tests share the
hostile text, the page helpers and the two builds.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from cryfeed.book import GENERATED_FOLDERS, myst, render_book, workers
from cryfeed.book import html as markup
from cryfeed.book.chapters import grammar, sounds
from cryfeed.book.chapters.common import SONGS_SHOWN
from cryfeed.book.chapters.vocabulary import band
from cryfeed.book.feed_previews import previews_by_feed
from cryfeed.book.index import (
    BookIndex,
    glossary_doc,
    glossary_initial,
    grammar_label,
    vocab_anchor,
)
from cryfeed.book.rendered import PAGE_FOLDERS, RenderedPage
from cryfeed.build import build
from cryfeed.catalog import load_catalog
from cryfeed.errors import CryfeedError
from cryfeed.models import Catalog
from cryfeed.text import slugify, words
from cryfeed.urls import GRAMMAR_DOC, SOUNDS_DOC, VOCABULARY_FILE, WORDS_DOC

FIXTURES = Path(__file__).parent / "fixtures"
SEE_YOU_LATER = "jang-deok-cheol-see-you-later"
SITE_PATH = "/cry/"  # the path of the fixture catalog's site.url
FIXTURE_SONGS = ["urban-zakapa-counting-days", "beast-on-rainy-days", SEE_YOU_LATER]

# Text that would be markup if it reached MyST unescaped (short enough for a quoted line).
HOSTILE = "{raw}`html` <script>x</script> $$y$$ ::: [a](javascript:b) |c| *d* \\ &amp;"
HOSTILE_BLOCK = (
    "first line " + HOSTILE + "\n:::\n```{raw} html\n<script>alert(1)</script>\n```\n"
    "# not a heading\n    not code\n- not a list\n1. not a list\n> not a quote\n"
    "(label)=\n---\n$$\nx\n$$\n{{sub}} <!-- c --> [x]: javascript:y"
)


def page(path: Path) -> Any:
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def main_text(path: Path) -> str:
    """The visible text of a page's article, whitespace collapsed."""
    article = page(path).xpath("//article")[0]
    return " ".join(article.text_content().split())


def term_texts(site: Path) -> dict[str, str]:
    """Glossary term address ("generated/glossary/<page>.html#<id>") -> the term as shown
    (without its permalink), over every page of the glossary."""
    terms = {}
    for glossary in sorted((site / "generated" / "glossary").glob("*.html")):
        for term in page(glossary).xpath("//dl[contains(@class, 'glossary')]/dt"):
            for permalink in term.xpath(".//a[contains(@class, 'headerlink')]"):
                permalink.drop_tree()
            address = f"generated/glossary/{glossary.name}#{term.get('id')}"
            terms[address] = " ".join(term.text_content().split())
    return terms


def from_song(href: str) -> str:
    """A link on a song page as a path from the site root."""
    return posixpath.normpath(posixpath.join("songs", href))


def resolve(site: Path, path: Path, href: str) -> Path:
    """The file a link on the page at path leads to; the 404 page's links are absolute,
    from the site's path (/cry/ in the fixture catalog's site.url)."""
    if href.startswith("/"):
        return (site / href.removeprefix(SITE_PATH)).resolve()
    return (path.parent / href).resolve()


def links(path: Path) -> list[str]:
    return [str(href) for href in page(path).xpath("//article//a/@href")]


# ---------------------------------------------------------------- escaping


# The models reject control characters, so data text never holds them.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1)
MD = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "attrs_inline"}), RendererHTML
)


@given(TEXT)
def test_escaped_text_renders_as_the_same_text(text: str) -> None:
    plain = words(text)
    assume(plain)  # whitespace alone renders as nothing
    rendered = MD.render(myst.escape(text))
    inner = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner and ">" not in inner  # no element of any kind
    assert html.unescape(inner) == plain


@given(TEXT, TEXT)
def test_escaped_table_cells_stay_in_their_cell(first: str, second: str) -> None:
    table = f"| a | b |\n|---|---|\n| {myst.escape(first)} | {myst.escape(second)} |\n"
    rendered = MD.render(table)
    cells = re.findall(r"<td>(.*?)</td>", rendered, flags=re.S)
    assert all("<" not in cell for cell in cells)
    assert [html.unescape(cell) for cell in cells] == [words(first), words(second)]


def test_escaped_paragraphs_keep_only_paragraph_breaks() -> None:
    rendered = MD.render(myst.paragraphs(HOSTILE_BLOCK))
    assert rendered.count("<p>") == 1
    assert "<script>" not in rendered and "<h1>" not in rendered and "<pre>" not in rendered
    assert MD.render(myst.paragraphs("one\n\n\n two \nlines")) == "<p>one</p>\n<p>two\nlines</p>\n"


@given(TEXT)
def test_html_text_shows_as_the_same_text(text: str) -> None:
    plain = words(text)
    assume(plain)  # whitespace alone is an empty element
    element = lxml_html.fragment_fromstring(f"<p>{markup.text(text)}</p>")
    assert len(element) == 0  # no element of any kind
    assert element.text == plain


def test_html_paragraphs_keep_only_paragraph_breaks() -> None:
    rendered = markup.paragraphs(HOSTILE_BLOCK)
    assert rendered.count("<p>") == 1 and "<script>" not in rendered
    element = lxml_html.fragment_fromstring(rendered)
    assert len(element) == 0 and " ".join(element.text.split()) == words(HOSTILE_BLOCK)
    assert markup.paragraphs("one\n\n\n two \nlines") == "<p>one</p>\n<p>two\nlines</p>\n"


def test_html_blocks_refuse_what_would_end_them_early() -> None:
    items = markup.bullets([markup.text("a"), markup.text(HOSTILE_BLOCK)])
    assert myst.html_block(items) == items
    assert MD.render(myst.html_block(items)) == items  # one raw block, nothing parsed
    for bad in ("<p>a</p>\n\n<p>b</p>", "text <p>", "<p>a</p>\n \n"):
        with pytest.raises(ValueError):
            myst.html_block(markup.Html(bad))


def test_html_links_cannot_leave_their_attribute() -> None:
    link = markup.external(markup.text("x"), 'https://e.org/a"b<c> d')
    assert link == ('<a class="reference external" href="https://e.org/a%22b%3Cc%3E%20d">x</a>')


def test_urls_cannot_end_a_link_early() -> None:
    assert myst.link("x", "https://e.org/a(b)<c> d") == "[x](https://e.org/a%28b%29%3Cc%3E%20d)"


# ---------------------------------------------------------------- the renderer


@pytest.fixture(scope="module")
def fixture_catalog() -> Catalog:
    return load_catalog(FIXTURES / "catalog.json")


def test_render_book_is_deterministic_and_ascii(fixture_catalog: Catalog) -> None:
    files = render_book(fixture_catalog)
    assert files == render_book(fixture_catalog)
    assert all(name.isascii() for name in files)
    assert {f"songs/{song}.json" for song in FIXTURE_SONGS} <= set(files)
    assert {
        "_toc.yml",
        "generated/newest.md",
        "generated/a-z.md",
        "generated/glossary.md",
        "generated/glossary/ieung.md",
        "generated/grammar.md",
        "collections/tearjerkers.md",
        "moods/longing.md",
        "artists/beast.json",
        VOCABULARY_FILE,
    } <= set(files)
    for name in files:
        assert name == "_toc.yml" or name.split("/")[0] in GENERATED_FOLDERS


def test_song_pages_are_orphans_and_out_of_the_toc(fixture_catalog: Catalog) -> None:
    files = render_book(fixture_catalog)
    toc_text = files["_toc.yml"].decode()
    toc = yaml.safe_load(toc_text)
    assert toc["root"] == "intro"
    assert "songs/" not in toc_text and "moods/" not in toc_text and "artists/" not in toc_text
    # Song and artist pages are rendered to HTML (cryfeed.book.rendered), never Sphinx sources.
    assert not [
        name
        for name in files
        if name.startswith(("songs/", "artists/")) and not name.endswith(".json")
    ]


def rendered(files: dict[str, bytes], name: str) -> RenderedPage:
    return RenderedPage.load(files[name])


def test_sections_without_data_are_left_out(fixture_catalog: Catalog) -> None:
    files = render_book(fixture_catalog)
    bare = rendered(files, "songs/beast-on-rainy-days.json")
    titles = [title for _, title in bare.sections]
    assert titles == ["Curator's note", "Listen", "Related songs"]
    full = rendered(files, f"songs/{SEE_YOU_LATER}.json")
    titles = [title for _, title in full.sections]
    for heading in ("Vocabulary", "Grammar", "Lines", "Culture note", "Check yourself"):
        assert heading in titles
        assert f'>{heading}<a class="headerlink"' in full.body


def test_rendered_pages_carry_their_links_and_words(fixture_catalog: Catalog) -> None:
    # What the extension checks and indexes without reading the HTML must be what the
    # HTML holds: every link to a book page (in order, once each), and every word.
    files = render_book(fixture_catalog)
    pages = [
        RenderedPage.load(data)
        for name, data in files.items()
        if name.startswith(PAGE_FOLDERS) and name.endswith(".json")
    ]
    assert len(pages) > 3
    for page in pages:
        body = lxml_html.fragment_fromstring(page.body, create_parent="div")
        hrefs = [str(a.get("href")) for a in body.xpath(".//a[contains(@class, 'internal')]")]
        assert page.links == tuple(dict.fromkeys(h.partition("#")[0] for h in hrefs))
        # Except the pronunciation notes, which repeat the page's words (cryfeed.book.pronunciation).
        for notes in body.xpath(".//section[@id='how-it-is-said']"):
            notes.drop_tree()
        assert page.text == " ".join(" ".join(body.itertext()).split())
    song = rendered(files, f"songs/{SEE_YOU_LATER}.json")
    assert "../artists/jang-deok-cheol.html" in song.links
    assert "Isseojwoyo" in song.text.split()


def test_previous_and_next_follow_the_order_of_addition(fixture_catalog: Catalog) -> None:
    files = render_book(fixture_catalog)
    middle = rendered(files, "songs/beast-on-rainy-days.json").body
    link = '<a class="reference internal" href="../songs/{}.html">{}</a>'
    assert "Previous: " + link.format("urban-zakapa-counting-days", "Counting Days") in middle
    title = 'See you later (<span lang="ko">있어줘요</span>)'  # Korean marked as Korean
    assert "Next: " + link.format(SEE_YOU_LATER, title) in middle
    assert "Previous:" not in rendered(files, "songs/urban-zakapa-counting-days.json").body
    assert "Next:" not in rendered(files, f"songs/{SEE_YOU_LATER}.json").body


def test_an_append_changes_few_song_pages(
    synthetic_catalog: Callable[[int], dict[str, Any]],
) -> None:
    before = render_book(Catalog.model_validate(synthetic_catalog(60)))
    after = render_book(Catalog.model_validate(synthetic_catalog(61)))
    changed = [n for n in before if n.startswith("songs/") and before[n] != after[n]]
    assert changed == ["songs/song-59.json"]  # its "next" link; related lists stay put
    assert after["_toc.yml"] == before["_toc.yml"]


def _grown_module() -> Any:
    """benchmarks/grown.py: catalogs grown from the shipped songs (Hangul, shared words)."""
    path = Path(__file__).parent.parent / "benchmarks" / "grown.py"
    spec = importlib.util.spec_from_file_location("grown", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_append_changes_exactly_the_right_sources() -> None:
    """One song appended to a grown catalog (an existing artist, shared collections, moods
    and words) changes its page, its neighbour's next link, the pages that list it and the
    glossary pages of its words, and nothing else: not the chapters, not the sidebar."""
    grown = _grown_module()
    data = grown.grow(300)
    old = Catalog.model_validate(data)
    before = render_book(old)
    data["songs"].append(grown.appended(data, 1))
    new = Catalog.model_validate(data)
    after = render_book(new)
    song = new.songs[-1]
    assert song.study and song.study.vocabulary
    artist = BookIndex.build(new).artist_of[song.id]
    expected = {
        f"songs/{song.id}.json",
        f"songs/{old.newest_first()[0].id}.json",  # its "next" link
        f"artists/{artist}.json",
        *(f"collections/{c}.md" for c in song.collections),
        *(f"moods/{m}.md" for m in song.moods),
        *(f"generated/{name}.md" for name in ("newest", "a-z", "artists", "collections", "moods")),
        *(glossary_doc(glossary_initial(words(w.word))) + ".md" for w in song.study.vocabulary),
        "generated/vocabulary.tsv",
        "generated/vocabulary.apkg",
        "generated/words.json",
        # The previews of the feeds that hold it.
        *(
            f"{preview.docname}.json"
            for feed in previews_by_feed(new)
            for preview in feed
            if song in preview.spec.songs
        ),
    }
    # The chapters list the first songs added: a list changes only while it is not full.
    index = BookIndex.build(old)
    patterns = {words(point.pattern) for point in song.study.grammar}
    if any(len(index.grammar_patterns[p].songs) < grammar.SONGS_SHOWN for p in patterns):
        expected.add(GRAMMAR_DOC + ".md")
    shown = {text for found in sounds.words_by_rule(index).values() for text in found}
    spoken = sounds.spoken_words(index)
    texts = [song.title_ko or "", *(part.text for part in song.study.title_breakdown)]
    texts += [word.word for word in song.study.vocabulary]
    if any(len(spoken[t]) <= SONGS_SHOWN for t in map(words, texts) if t in shown):
        expected.add(SOUNDS_DOC + ".md")
    # Words of sorrow: only when one of its words moves to another band of song counts.
    counts = {e.word.lower(): len({s.id for ss in e.senses.values() for s in ss})
              for e in index.glossary}  # fmt: skip
    keys = {words(word.word).lower() for word in song.study.vocabulary}
    if any(band(counts.get(k, 0)) != band(counts.get(k, 0) + 1) for k in keys):
        expected.add(WORDS_DOC + ".md")
    assert set(before) <= set(after)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == expected
    assert len(changed) < 40


def test_song_pages_rendered_in_two_processes_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog.model_validate(_grown_module().grow(120))
    serial = render_book(catalog)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "CHUNK", 7)  # several chunks, the last one short
    monkeypatch.setattr(workers, "_parallel", lambda: True)
    parallel = render_book(catalog)
    assert list(parallel) == list(serial) and parallel == serial


def test_a_song_page_worker_that_dies_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog.model_validate(_grown_module().grow(8))
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "_parallel", lambda: True)
    # As if killed (out of memory, a signal): no page and no error text come back.
    monkeypatch.setattr(workers, "_worker", lambda *arguments: os._exit(9))
    with pytest.raises(CryfeedError, match=r"song-page worker stopped \(exit code 9\)"):
        render_book(catalog)


# ---------------------------------------------------------------- a real build


# fixture_site (tests/conftest.py): the fixture catalog's book, built once per session.


@pytest.mark.slow
def test_song_pages_show_the_study_notes(fixture_site: Path) -> None:
    song = fixture_site / "songs" / f"{SEE_YOU_LATER}.html"
    text = main_text(song)
    assert "있어줘요 · See you later" in text
    assert "Isseojwoyo" in text
    assert "A fixture note: the title asks someone to stay." in text
    assert "Jang Deok Cheol (장덕철)" in text
    tree = page(song)
    tabs = tree.xpath("//div[contains(@class, 'sd-tab-set')]//label/text()")
    assert [t.strip() for t in tabs] == ["Literal", "Natural"]
    assert "Please stay here." in text and "here stay give-polite" in text
    dropdown = tree.xpath("//details[contains(@class, 'sd-dropdown')]")
    assert len(dropdown) == 1 and dropdown[0].get("open") is None
    assert "있다, to stay." in " ".join(dropdown[0].text_content().split())
    hrefs = links(song)
    glossary_link = r"\.\./generated/glossary/[a-z]+\.html#vocab-[0-9a-f]+"
    assert sum(bool(re.fullmatch(glossary_link, h)) for h in hrefs) == 2
    assert f"../generated/grammar.html#{grammar_label('-어 주다')}" in hrefs
    assert "../collections/male-ballads.html" in hrefs
    assert "../moods/regret.html" in hrefs
    assert "../artists/jang-deok-cheol.html" in hrefs
    assert "../songs/beast-on-rainy-days.html" in hrefs  # previous song
    title = tree.xpath("//title/text()")[0]
    assert title.startswith("있어줘요 · See you later")


@pytest.mark.slow
def test_glossary_links_resolve_to_their_terms(fixture_site: Path) -> None:
    song = fixture_site / "songs" / f"{SEE_YOU_LATER}.html"
    terms = term_texts(fixture_site)
    assert sorted(terms.values()) == ["이별", "있다"]
    anchors = page(song).xpath("//article//a[contains(@href, 'glossary/')]")
    assert len(anchors) == 2
    for anchor in anchors:
        assert terms[from_song(anchor.get("href"))] == anchor.text_content().strip()
    # Both words start with ㅇ: one glossary page, linked from the glossary's first page.
    letter = page(fixture_site / "generated" / "glossary" / "ieung.html")
    definitions = " ".join(
        letter.xpath("//dl[contains(@class, 'glossary')]")[0].text_content().split()
    )
    assert "ibyeol, noun: parting, breakup. In See you later (있어줘요)." in definitions
    glossary = page(fixture_site / "generated" / "glossary.html")
    assert "Every word from the study notes, 2 in all" in main_text(
        fixture_site / "generated" / "glossary.html"
    )
    assert glossary.xpath("//article//a[@href='../generated/glossary/ieung.html']//text()") == ["ㅇ"]
    # The Anki files at their own addresses, never under _downloads/<hash>/.
    for name in ("vocabulary.tsv", "vocabulary.apkg"):
        download = glossary.xpath(f"//article//a[contains(@href, '{name}')]/@href")
        assert download == [name]
        assert (fixture_site / "generated" / name).is_file()


@pytest.mark.slow
def test_glossary_terms_are_index_entries_at_their_anchors(fixture_site: Path) -> None:
    # The search results name each term and lead to its entry.
    text = (fixture_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    letter = index["docnames"].index("generated/glossary/ieung")
    words_taught = ("이별", "있다")
    assert index["indexentries"] == {
        word: [[letter, vocab_anchor(word), True]] for word in words_taught
    }
    terms = term_texts(fixture_site)
    for word in words_taught:
        assert terms[f"generated/glossary/ieung.html#{vocab_anchor(word)}"] == word


@pytest.mark.slow
def test_index_pages_list_every_song(fixture_site: Path) -> None:
    for index in ("newest", "a-z"):
        hrefs = links(fixture_site / "generated" / f"{index}.html")
        for song in FIXTURE_SONGS:
            assert f"../songs/{song}.html" in hrefs, (index, song)
    newest = [h for h in links(fixture_site / "generated" / "newest.html") if "songs/" in h]
    assert newest == [f"../songs/{s}.html" for s in reversed(FIXTURE_SONGS)]
    tearjerkers = links(fixture_site / "collections" / "tearjerkers.html")
    assert "../songs/beast-on-rainy-days.html" in tearjerkers
    assert f"../songs/{SEE_YOU_LATER}.html" not in tearjerkers
    assert "../feeds/collections/tearjerkers.xml" in tearjerkers
    assert "../songs/urban-zakapa-counting-days.html" in links(
        fixture_site / "moods" / "longing.html"
    )
    assert "../songs/beast-on-rainy-days.html" in links(fixture_site / "artists" / "beast.html")
    grammar = fixture_site / "generated" / "grammar.html"
    assert page(grammar).xpath(f"//*[@id='{grammar_label('-어 주다')}']")
    assert f"../songs/{SEE_YOU_LATER}.html" in links(grammar)


@pytest.mark.slow
def test_sidebar_holds_only_chapters_and_indexes(fixture_site: Path) -> None:
    nav = page(fixture_site / "intro.html").xpath("//nav[contains(@class, 'bd-docs-nav')]")[0]
    hrefs = nav.xpath(".//a/@href")
    assert "generated/a-z.html" in hrefs and "collections/tearjerkers.html" in hrefs
    assert not [h for h in hrefs if "songs/" in h or "artists/" in h or "moods/" in h]


@pytest.mark.slow
def test_orphan_pages_share_the_same_sidebar(fixture_site: Path) -> None:
    def sidebar(path: Path) -> list[str]:
        nav = page(path).xpath("//nav[contains(@class, 'bd-docs-nav')]")[0]
        return [str(h) for h in nav.xpath(".//a/@href")]

    # The extension's copy of the theme's sidebar template, which shares one rendering
    # among these pages, is the one in use (a theme upgrade could shadow it silently).
    for path in fixture_site.rglob("*.html"):
        if "_static" not in path.parts and path.name != "index.html":
            assert "<!-- cryfeed-shared-sidebar -->" in path.read_text(encoding="utf-8"), path
    song = sidebar(fixture_site / "songs" / f"{SEE_YOU_LATER}.html")
    assert "../generated/a-z.html" in song and "../intro.html" in song
    assert sidebar(fixture_site / "moods" / "longing.html") == song
    assert sidebar(fixture_site / "artists" / "beast.html") == song
    # A page in the table of contents still marks itself as the current one.
    current = page(fixture_site / "generated" / "a-z.html").xpath(
        "//nav[contains(@class, 'bd-docs-nav')]//li[contains(@class, 'current')]//a/@href"
    )
    assert "#" in current or "a-z.html" in " ".join(current)


@pytest.mark.slow
def test_every_page_has_feed_autodiscovery(fixture_site: Path) -> None:
    pages = sorted(p for p in fixture_site.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 20
    for path in pages:
        tree = page(path)
        found = [
            (link.get("type"), resolve(fixture_site, path, link.get("href")))
            for link in tree.xpath("//head/link[@rel='alternate']")
        ]
        feeds = (fixture_site / "feeds").resolve()
        site = [
            ("application/rss+xml", feeds / "rss.xml"),
            ("application/atom+xml", feeds / "atom.xml"),
            ("application/feed+json", feeds / "feed.json"),
        ]
        if path.parent.name == "collections":
            own = [
                ("application/rss+xml", feeds / "collections" / f"{path.stem}.xml"),
                ("application/feed+json", feeds / "collections" / f"{path.stem}.json"),
            ]
            assert found == own + site, path
        else:
            assert found == site, path
        for _, target in found:
            assert target.is_file()


@pytest.mark.slow
def test_site_root_redirects_and_pages_carry_icon_and_sidebar_fix(fixture_site: Path) -> None:
    root = page(fixture_site / "index.html")
    assert root.xpath("//meta[@http-equiv='Refresh']/@content") == ["0; url=intro.html"]
    intro = page(fixture_site / "intro.html")
    assert intro.xpath("//head/link[@rel='icon']/@href") == ["_static/favicon.svg"]
    assert (fixture_site / "_static" / "favicon.svg").is_file()
    script = intro.xpath("//head/script[contains(@src, 'cryfeed.js')]")
    assert len(script) == 1 and script[0].get("defer") is not None
    assert (fixture_site / "_static" / "cryfeed.js").is_file()


@pytest.mark.slow
def test_feeds_are_copied_into_the_site(fixture_site: Path) -> None:
    feeds = fixture_site.parent.parent.parent / "feeds"
    for name in ("rss.xml", "atom.xml", "feed.json", "feeds.opml", "collections/tearjerkers.xml"):
        assert (fixture_site / "feeds" / name).read_bytes() == (feeds / name).read_bytes()
    intro = links(fixture_site / "intro.html")
    assert {"feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json"} <= set(intro)


# ---------------------------------------------------------------- hostile text


def hostile_catalog() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    data["collections"][0]["title"] = HOSTILE
    data["collections"][0]["description"] = HOSTILE_BLOCK
    word = "이별 " + HOSTILE
    song = data["songs"][2]
    song.update(
        title=HOSTILE,
        title_ko="있어 " + HOSTILE,
        artist=HOSTILE,
        artist_ko="장덕철 " + HOSTILE,
        album=HOSTILE,
        note=HOSTILE_BLOCK,
        links=[{"kind": "video", "url": "https://e.org/a)(b)<c>", "label": HOSTILE}],
        sources=[{"url": "https://e.org/x?y=1&z=(2)", "facts": ["title"]}],
    )
    study = song["study"]
    study["title_breakdown"] = [
        {"text": HOSTILE, "lemma": HOSTILE, "gloss": HOSTILE, "pos": "verb"}
    ]
    study["lines"] = [
        {"ko": "여기 " + HOSTILE, "literal": HOSTILE, "natural": HOSTILE, "note": HOSTILE_BLOCK}
    ]
    study["vocabulary"] = [
        {
            "word": word,
            "lemma": "있다 " + HOSTILE,
            "meaning": HOSTILE,
            "pos": "noun",
            "example": {"ko": "예문 " + HOSTILE, "en": HOSTILE, "level": "polite"},
        },
        {"word": "있다 <b>`x`</b> *y* (으)", "lemma": None, "meaning": "m", "pos": "verb"},
    ]
    study["grammar"] = [
        {
            "pattern": "-어 " + HOSTILE,
            "meaning": HOSTILE,
            "explanation": HOSTILE_BLOCK,
            "examples": [{"ko": "기다려 " + HOSTILE, "en": HOSTILE, "level": "casual"}],
            "mistake": {"wrong": "틀림 " + HOSTILE, "right": "맞음 " + HOSTILE, "why": HOSTILE},
        }
    ]
    study["culture"] = HOSTILE_BLOCK
    study["check"] = [{"question": HOSTILE, "answer": HOSTILE_BLOCK}]
    return data


@pytest.fixture(scope="session")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory, copy_book: Callable[[Path], Path]
) -> Path:
    root = tmp_path_factory.mktemp("hostile-book")
    (root / "songs.json").write_text(json.dumps(hostile_catalog(), ensure_ascii=False), "utf-8")
    copy_book(root / "book")
    build(root / "songs.json")
    return root / "book" / "_build" / "html"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        f"songs/{SEE_YOU_LATER}.html",
        "collections/tearjerkers.html",
        "generated/glossary/ieung.html",
        "generated/grammar.html",
        "generated/a-z.html",
        "generated/newest.html",
        f"artists/{slugify(HOSTILE)}.html",
        "subscribe/tearjerkers-rss.html",  # a collection's title
        "subscribe/rss.html",  # a song's title and artist
    ],
)
def test_hostile_text_shows_as_text(hostile_site: Path, name: str) -> None:
    path = hostile_site / name
    source = path.read_text(encoding="utf-8")
    tree = page(path)
    article = tree.xpath("//article")[0]
    assert "<script>x" not in source and "<script>alert" not in source
    assert not article.xpath(".//script | .//iframe | .//*[contains(@class, 'math')]")
    hrefs = [h.strip().lower() for h in article.xpath(".//a/@href")]
    assert not [h for h in hrefs if h.startswith("javascript:")]
    assert words(HOSTILE) in " ".join(article.text_content().split())


@pytest.mark.slow
def test_hostile_song_page_keeps_every_block_as_plain_text(hostile_site: Path) -> None:
    path = hostile_site / "songs" / f"{SEE_YOU_LATER}.html"
    tree = page(path)
    # The title shows exactly as written wherever the theme puts it: never escaped twice.
    heading = f"있어 {words(HOSTILE)} · {words(HOSTILE)}"
    assert tree.xpath("//title/text()")[0].startswith(heading + " \N{EM DASH} ")
    shown = [" ".join(h.text_content().split()).removesuffix("#") for h in tree.xpath("//h1")]
    assert shown and set(shown) == {heading}
    article = tree.xpath("//article")[0]
    text = " ".join(article.text_content().split())
    assert words(HOSTILE_BLOCK) in text  # note, culture, explanation: no markup inside
    headings = [" ".join(h.text_content().split()) for h in article.xpath(".//h1 | .//h2")]
    assert "not a heading" not in " ".join(headings)
    assert not article.xpath(".//pre | .//blockquote[contains(., 'not a quote')]")
    assert len(article.xpath(".//details[contains(@class, 'sd-dropdown')]")) == 1
    assert len(article.xpath(".//div[contains(@class, 'sd-tab-set')]")) == 1
    video = article.xpath(".//a[starts-with(@href, 'https://e.org/a')]/@href")
    assert video == ["https://e.org/a%29%28b%29%3Cc%3E"]


@pytest.mark.slow
def test_punctuated_glossary_terms_still_link(hostile_site: Path) -> None:
    song = hostile_site / "songs" / f"{SEE_YOU_LATER}.html"
    terms = term_texts(hostile_site)
    assert set(terms.values()) == {"이별 " + words(HOSTILE), "있다 <b>`x`</b> *y* (으)"}
    anchors = page(song).xpath("//article//a[contains(@href, 'glossary/')]")
    assert len(anchors) == 2
    for anchor in anchors:
        assert terms[from_song(anchor.get("href"))] == " ".join(anchor.text_content().split())


def meta_content(tree: Any, key: str) -> list[str]:
    """The content of the page's <meta property|name=key> elements."""
    return [
        str(content)
        for content in tree.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "title"),
    [
        # A rendered page: cryfeed.sphinxext.social writes its tags.
        (f"songs/{SEE_YOU_LATER}.html", f"있어 {words(HOSTILE)} · {words(HOSTILE)}"),
        # A MyST page: sphinxext-opengraph's, with compat's escaped og:title.
        ("collections/tearjerkers.html", words(HOSTILE)),
    ],
)
def test_hostile_text_in_link_previews_reads_back_as_written(
    hostile_site: Path, name: str, title: str
) -> None:
    source = (hostile_site / name).read_text(encoding="utf-8")
    head = source[: source.index("</head>")]
    tree = page(hostile_site / name)
    assert meta_content(tree, "og:title") == [title]  # "&amp;" stays "&amp;", quotes stay
    assert "<script>x" not in head and not tree.xpath("//head//script[not(@src)][contains(., 'x')]")
    description = meta_content(tree, "og:description")
    assert len(description) == 1 and meta_content(tree, "description") == description
    # The note (a song's description) or the collection's description, from its start.
    assert description[0].startswith("first line {raw}`html` <script>x</script>")
