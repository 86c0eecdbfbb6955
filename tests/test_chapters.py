"""The study chapters and the pronunciation on song pages: generators on the fixture
catalog and on small edited copies, and the session's built book (every link from a song
page into a chapter lands on a section)."""

from __future__ import annotations

import copy
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from cryfeed import urls
from cryfeed.book import html, render_book
from cryfeed.book.chapters import CHAPTERS, grammar, levels, reading, sounds
from cryfeed.book.chapters.vocabulary import band, band_text
from cryfeed.book.index import BookIndex, grammar_label
from cryfeed.book.pronunciation import Notes, rule_anchor, said
from cryfeed.book.rendered import RenderedPage
from cryfeed.catalog import load_catalog
from cryfeed.korean import RULES
from cryfeed.models import Catalog

FIXTURE = Path(__file__).parent / "fixtures" / "catalog.json"
SEE_YOU_LATER = "jang-deok-cheol-see-you-later"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE)


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return render_book(catalog)


def chapter(files: dict[str, bytes], docname: str) -> str:
    return files[docname + ".md"].decode("utf-8")


def song_body(files: dict[str, bytes], song_id: str) -> str:
    return RenderedPage.load(files[f"songs/{song_id}.json"]).body


def edited(catalog: Catalog, change: Any) -> Catalog:
    """The fixture catalog with `change(data)` applied to its JSON."""
    data = copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8")))
    change(data)
    return Catalog.model_validate(data)


# ---------------------------------------------------------------- pronunciation


def shown(text: str) -> str:
    """HTML as read with the readings above the Hangul off: no <ruby> annotations, no tags."""
    return re.sub(r"<rp>[^<]*</rp>|<rt[^>]*>[^<]*</rt>|<[^>]+>", "", text)


def test_said_only_when_the_spellings_differ() -> None:
    assert said("있어줘요") == "이써줘요"
    assert said("이별") is None
    assert said("조금만 기다려 줘요.") is None
    # The closing punctuation of a sentence is not said.
    assert said("이별은 언제나 힘들어요.") == "이벼른 언제나 힘드러요"


def test_a_footnote_per_distinct_text_in_reading_order() -> None:
    notes = Notes(html.Page("Test"))
    first = notes.mark("있어줘요")
    assert "[이써줘요]" in first and 'id="said-ref-1"' in first and 'href="#said-1"' in first
    assert notes.mark("이별") == ""
    again = notes.mark("있어줘요")  # the same note, and no second id on the page
    assert 'href="#said-1"' in again and "id=" not in again.split("</span>", 1)[1]
    assert 'href="#said-2"' in notes.mark("같이")
    assert notes.rules() == ["liaison", "palatalization"]


def test_song_page_shows_pronunciation_next_to_romanization(files: dict[str, bytes]) -> None:
    body = song_body(files, SEE_YOU_LATER)
    # The title line, then the breakdown's first part and the vocabulary's example.
    assert '<p><em>Isseojwoyo</em> <span class="cryfeed-said" lang="ko">[이써줘요]</span>' in body
    assert '<em>isseo</em> <span class="cryfeed-said" lang="ko">[이써]</span>' in body
    assert "[이벼른 언제나 힘드러요]" in body
    # Words said as written get no brackets.
    assert "[이별]" not in body
    notes = body[body.index('<section id="how-it-is-said">') :]
    liaison = f'../generated/sound-changes.html#{rule_anchor("liaison")}">liaison</a>'
    ko = '<span lang="ko">{}</span>'.format
    assert (
        f"<p>{ko('있어줘요')} [{ko('이써줘요')}]: {ko('있어')} → {ko('이써')} "
        f'<a class="reference internal" href="{liaison} ({ko("제13항")})'
    ) in notes


def test_song_page_links_to_its_chapter_sections(files: dict[str, bytes]) -> None:
    body = song_body(files, SEE_YOU_LATER)
    guide = body[body.index('<section id="in-the-guide">') :]
    assert "../generated/sound-changes.html#sound-liaison" in guide
    assert "../generated/speech-levels.html#level-polite" in guide
    assert "../generated/grammar.html#use-requesting" in guide
    # 이별 is about parting; 있다 has no theme, so it is with the other words.
    assert "../generated/words-of-sorrow.html#theme-parting" in guide
    assert "../generated/words-of-sorrow.html#theme-other" in guide
    # The grammar point still links to its pattern's own section.
    assert f"../generated/grammar.html#{grammar_label('-어 주다')}" in body


def test_songs_without_study_notes_have_neither_section(files: dict[str, bytes]) -> None:
    body = song_body(files, "beast-on-rainy-days")
    assert "how-it-is-said" not in body and "in-the-guide" not in body


# ---------------------------------------------------------------- chapters


def test_the_study_part_lists_the_chapters_then_the_glossary(files: dict[str, bytes]) -> None:
    toc = yaml.safe_load(files["_toc.yml"])
    study = next(part for part in toc["parts"] if part["caption"] == "Study")
    chapters = [c["file"] for c in study["chapters"]]
    assert chapters == [*CHAPTERS, urls.GLOSSARY_DOC, urls.REVIEW_DOC]  # then the review page
    assert urls.GRAMMAR_DOC in CHAPTERS  # the grammar chapter kept the index's address


def test_every_rule_has_its_section_and_prose(files: dict[str, bytes]) -> None:
    assert set(sounds.PROSE) == set(RULES)
    text = chapter(files, urls.SOUNDS_DOC)
    for key in RULES:
        assert f"({rule_anchor(key)})=\n## " in text


def test_sound_changes_list_every_catalog_word_with_its_songs(files: dict[str, bytes]) -> None:
    text = chapter(files, urls.SOUNDS_DOC)
    liaison = text[text.index("(sound-liaison)=") : text.index("(sound-neutralization)=")]
    # The title, its first part and the word 있다 (from the vocabulary), each with its song.
    assert (
        '<strong><span lang="ko">있어줘요</span></strong> [<span lang="ko">이써줘요</span>]'
        in liaison
    )
    assert f"../songs/{SEE_YOU_LATER}.html" in liaison
    tensing = text[text.index("(sound-tensing)=") : text.index("(sound-n-insertion)=")]
    assert '<span lang="ko">있다</span></strong> [<span lang="ko">읻따</span>]' in tensing
    palatal = text[text.index("(sound-palatalization)=") : text.index("(sound-aspiration)=")]
    assert "No word in the catalog shows this change yet." in palatal


def test_reading_hangul_takes_every_title_apart() -> None:
    blocks = [f'<span class="cryfeed-block">{b}</span>' for b in ("있&nbsp;=&nbsp;ㅇ+ㅣ+ㅆ",
              "어&nbsp;=&nbsp;ㅇ+ㅓ", "줘&nbsp;=&nbsp;ㅈ+ㅝ")]  # fmt: skip
    assert reading.blocks("있어 줘!") == f'<span lang="ko">{" · ".join(blocks)}</span>'


def test_reading_hangul_lists_the_catalog_titles(files: dict[str, bytes]) -> None:
    text = chapter(files, urls.READING_DOC)
    assert '"cryfeed-block">있&nbsp;=&nbsp;ㅇ+ㅣ+ㅆ</span> · <span' in text
    said = '[<span lang="ko">이써줘요</span>]'
    assert f'<strong><span lang="ko">있어줘요</span></strong> <em>isseojwoyo</em> {said}' in text
    assert f'(<a class="reference internal" href="../songs/{SEE_YOU_LATER}.html">See you later</a>)' in text


def test_speech_levels_list_titles_and_examples_by_level(files: dict[str, bytes]) -> None:
    text = chapter(files, urls.LEVELS_DOC)
    polite = text[text.index("(level-polite)=") : text.index("(level-casual)=")]
    casual = text[text.index("(level-casual)=") : text.index("(level-plain)=")]
    assert f"../songs/{SEE_YOU_LATER}.html" in polite.split("### Example")[0]
    assert "조금만 기다려 줘요." in shown(polite) and "이별은 언제나 힘들어요." in shown(polite)
    assert "이것 좀 들어 줘." in shown(casual) and "No title in the catalog uses it yet." in casual
    # Each sentence carries its readings, for the switch in the header.
    assert '<rt class="cf-rr" lang="ko-Latn">jwoyo.</rt>' in polite
    assert "(2 example sentences)" in polite


def test_grammar_groups_patterns_by_use(catalog: Catalog) -> None:
    def second_song_pattern(data: dict[str, Any]) -> None:
        # An older song teaches -어 주다 without a use (the first use given counts: the
        # newer song's "requesting") and a pattern with no use at all.
        study = copy.deepcopy(data["songs"][2]["study"])
        study["grammar"][0]["use"] = None
        extra = {"pattern": "-는데", "meaning": "but, and", "explanation": "Sets the scene."}
        study["grammar"].append(extra)
        data["songs"][1]["study"] = study

    text = render_book(edited(catalog, second_song_pattern))[urls.GRAMMAR_DOC + ".md"].decode()
    requesting = text[text.index("(use-requesting)=") : text.index("(use-more)=")]
    assert f"({grammar_label('-어 주다')})=\n### \\-어 주다" in requesting
    assert "(use-wishing)=" not in text  # empty groups are left out
    more = text[text.index("(use-more)=") :]
    assert f"({grammar_label('-는데')})=" in more
    # Both songs teach -어 주다, with their first example.
    assert requesting.count("../songs/") == 2 and "조금만 기다려 줘요." in shown(requesting)


def test_words_of_sorrow_group_by_theme_with_song_counts(catalog: Catalog) -> None:
    def share_a_word(data: dict[str, Any]) -> None:
        data["songs"][0]["study"] = {"vocabulary": [{"word": "이별", "meaning": "parting",
                                                     "pos": "noun"}]}  # fmt: skip

    text = render_book(edited(catalog, share_a_word))[urls.WORDS_DOC + ".md"].decode()
    parting = text[text.index("(theme-parting)=") : text.index("(theme-other)=")]
    other = text[text.index("(theme-other)=") :]
    count = '<td data-label="Songs"><p>{}</p></td>'.format
    assert '<span lang="ko">이별</span>' in parting and count(2) in parting
    assert '<span lang="ko">있다</span>' in other and count(1) in other
    assert "(theme-tears)=" not in text


def test_song_counts_from_five_on_are_bands() -> None:
    counts = (1, 4, 5, 9, 10, 19, 20, 49, 50, 199, 200, 1999)
    shown = [band_text(band(count)).replace("\N{EN DASH}", "-") for count in counts]
    assert shown == ["1", "4", "5-9", "5-9", "10-19", "10-19", "20-49", "20-49", "50-99",
                     "100-199", "200-499", "1,000-1,999"]  # fmt: skip


def test_long_chapter_lists_keep_the_first_songs_added(catalog: Catalog) -> None:
    """Grammar, titles by level and Reading Hangul list the first songs added, so appending
    one to a long list changes nothing there."""
    count = max(grammar.SONGS_SHOWN, levels.TITLES_SHOWN, reading.TITLES_SHOWN) + 1

    def many_songs(data: dict[str, Any]) -> None:
        template = data["songs"][2]
        data["songs"] = [
            {**template, "id": f"song-{n}", "title": f"Song {n}", "title_ko": f"노래 {n}",
             "added": f"2026-01-01T{n // 60:02d}:{n % 60:02d}:00+09:00"}
            for n in range(count)
        ]  # fmt: skip

    files = render_book(edited(catalog, many_songs))
    text = files[urls.GRAMMAR_DOC + ".md"].decode()
    assert text.count("../songs/") == grammar.SONGS_SHOWN and "Later songs teach it too" in text
    assert "../songs/song-0.html" in text
    text = files[urls.LEVELS_DOC + ".md"].decode()
    polite = text[text.index("(level-polite)=") : text.index("(level-casual)=")]
    assert polite.split("### Example")[0].count("../songs/") == levels.TITLES_SHOWN
    assert "### Titles in this style\n" in polite and "names its title's speech level" in polite
    text = files[urls.READING_DOC + ".md"].decode()
    assert text.count('<strong><span lang="ko">노래') == reading.TITLES_SHOWN
    assert f"The first {reading.TITLES_SHOWN} titles" in text


def test_chapter_data_is_escaped(catalog: Catalog) -> None:
    hostile = "<script>x</script> {raw}`html` *y*"

    def hostile_pattern(data: dict[str, Any]) -> None:
        point = data["songs"][2]["study"]["grammar"][0]
        point["meaning"] = point["explanation"] = hostile
        point["examples"][0]["en"] = hostile

    text = render_book(edited(catalog, hostile_pattern))[urls.GRAMMAR_DOC + ".md"].decode()
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\{raw\\}" in text


# ---------------------------------------------------------------- the built book


def html_page(path: Path) -> Any:
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def article(path: Path) -> Any:
    return html_page(path).xpath("//article")[0]


@pytest.mark.slow
def test_song_page_links_into_the_chapters_land_on_sections(fixture_site: Path) -> None:
    song = article(fixture_site / "songs" / f"{SEE_YOU_LATER}.html")
    targets = [href for href in song.xpath(".//a/@href") if "generated/" in href and "#" in href]
    assert any("sound-changes.html#" in href for href in targets)
    for href in targets:
        address, anchor = href.split("#")
        page = fixture_site / posixpath.normpath(posixpath.join("songs", address))
        assert article(page).xpath(f".//*[@id='{anchor}']"), href
    # The footnote marks reach their notes, and the notes link back.
    for mark in song.xpath(".//a[contains(@class, 'footnote-reference')]"):
        assert song.xpath(f".//aside[@id='{mark.get('href')[1:]}']")


@pytest.mark.slow
def test_the_chapters_are_built_in_the_sidebar(fixture_site: Path) -> None:
    nav = html_page(fixture_site / "intro.html").xpath("//nav[contains(@class, 'bd-links')]")
    sidebar = " ".join(nav[0].text_content().split())
    for title in (
        "Reading Hangul",
        "Sound changes you will hear",
        "Speech levels in songs",
        "The grammar of longing",
        "Words of sorrow",
    ):
        assert title in sidebar
    sounds_page = article(fixture_site / f"{urls.SOUNDS_DOC}.html")
    assert sounds_page.xpath(".//section[@id='liaison-yeoneum'] | .//*[@id='sound-liaison']")


def test_index_lists_patterns_in_catalog_order(catalog: Catalog) -> None:
    index = BookIndex.build(catalog)
    assert list(index.grammar_patterns) == ["-어 주다"]
    assert index.grammar_patterns["-어 주다"].use == "requesting"


def test_speech_levels_show_each_sentence_once_and_the_first_ones(catalog: Catalog) -> None:
    from cryfeed.book.chapters.levels import EXAMPLES_SHOWN

    def many_sentences(data: dict[str, Any]) -> None:
        song = data["songs"][2]
        extra = [
            {"word": f"말{n}", "meaning": "word", "pos": "noun",
             "example": {"ko": f"문장 {n}.", "en": "A sentence.", "level": "plain"}}
            for n in range(EXAMPLES_SHOWN + 5)
        ]  # fmt: skip
        # The same sentence twice (already given by a grammar point) is listed once.
        extra.append({**extra[0], "word": "말", "example": song["study"]["grammar"][0]["examples"][0]})
        song["study"]["vocabulary"] += extra

    text = render_book(edited(catalog, many_sentences))[urls.LEVELS_DOC + ".md"].decode()
    plain = text[text.index("(level-plain)=") :]
    # No count once the list is full: it would change with every sentence appended.
    assert "### Example sentences in this style\n" in plain and "example sentences)" not in plain
    assert "문장 0." in shown(plain) and f"문장 {EXAMPLES_SHOWN - 1}." in shown(plain)
    assert f"문장 {EXAMPLES_SHOWN}." not in shown(plain)
    assert "the song pages have the others" in plain
    polite = text[text.index("(level-polite)=") : text.index("(level-casual)=")]
    assert shown(polite).count("조금만 기다려 줘요.") == 1


def test_the_notes_stay_out_of_the_search_text(files: dict[str, bytes]) -> None:
    page = RenderedPage.load(files[f"songs/{SEE_YOU_LATER}.json"])
    assert "[이써줘요]" in page.text  # beside the title
    assert "How it is said" not in page.text and "How it is said" in page.body
