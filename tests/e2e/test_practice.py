"""Practice in the browser: flashcards, the review page, progress export and import, the
stacked word tables on a phone, and the pages without JavaScript (Chromium, Playwright).

The clock is Playwright's (page.clock): the review page's "today" is a fixed date."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_harness import Served
from test_browser import SEE_YOU_LATER, Visit

from cryfeed.sphinxext.practice import SCRIPT

pytestmark = pytest.mark.e2e

REVIEW = "generated/review.html"
GLOSSARY = "generated/glossary/ieung.html"
CHAPTER = "generated/words-of-sorrow.html"
STORAGE_KEY = "cryfeed-practice"
STATIC = Path(__file__).parents[2] / "src" / "cryfeed" / "sphinxext" / "static"


@pytest.fixture
def visit_with(
    browser: Any,
    site_server: Served,
    screenshots: Path,
) -> Iterator[Callable[..., Visit]]:
    """visit_with(path, width=1280, javascript=True, now=None, context=None) -> Visit: a
    fresh profile (or the given context) that may only reach the test server; every
    console error, uncaught exception and failed request is a problem."""
    contexts: list[Any] = []

    def open_(
        path: str,
        width: int = 1280,
        javascript: bool = True,
        now: str | None = None,
        context: Any = None,
    ) -> Visit:
        if context is None:
            context = browser.new_context(
                locale="en-US",
                viewport={"width": width, "height": 900},
                java_script_enabled=javascript,
                accept_downloads=True,
            )
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
                visit.problems.append(f"console error: {message.text}")

        def response(answer: Any) -> None:
            if answer.status >= 400:
                visit.problems.append(f"HTTP {answer.status}: {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: visit.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda r: visit.problems.append(f"request failed: {r.url}"))
        page.on("response", response)
        if now is not None:
            page.clock.set_fixed_time(now)
        visit.goto(path)
        return visit

    yield open_
    for context in contexts:
        context.close()


def scripts_cancelled(problem: str) -> bool:
    return (problem.startswith("request failed: ") and ".js?" in problem) or problem.endswith(".js")


def stored(visit: Visit) -> Any:
    return json.loads(visit.page.evaluate(f"localStorage.getItem('{STORAGE_KEY}') || 'null'"))


def test_the_scripts_are_small_and_only_pages_with_korean_or_cards_load_practice(
    visit_with: Callable[..., Visit],
) -> None:
    total = sum(
        len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in STATIC.glob("*.js")
    )
    assert total < 15_000, total
    intro = visit_with("intro.html")  # no Korean text, no cards
    assert intro.page.locator(f"script[src*='{SCRIPT}']").count() == 0
    for path in (SEE_YOU_LATER, GLOSSARY, CHAPTER):
        visit = visit_with(path)
        assert visit.page.locator(f"script[src*='{SCRIPT}']").count() == 1, path
        visit.check()
    intro.check()


def test_a_word_marked_stays_marked_after_a_reload_and_is_due_on_the_review_page(
    visit_with: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    visit = visit_with(SEE_YOU_LATER, now="2026-05-15T10:00:00")
    page = visit.page
    deck = page.locator(".cryfeed-flashcards")
    progress = deck.locator(".cf-progress")
    expect(progress).to_have_text("Card 1 of 2: new")
    expect(deck.locator(".cf-word")).to_have_text("이별")
    expect(deck.locator(".cf-word")).to_have_attribute("lang", "ko")
    deck.get_by_role("button", name="Show answer").click()
    expect(deck.locator(".cf-meaning")).to_have_text("parting, breakup")
    expect(deck.locator(".cf-example")).to_contain_text("이별은 언제나 힘들어요.")
    deck.scroll_into_view_if_needed()
    visit.screenshot("flashcard-answer")
    deck.get_by_role("button", name="Knew it").click()
    expect(progress).to_have_text("Card 2 of 2: new")
    deck.get_by_role("button", name="Show answer").click()
    deck.get_by_role("button", name="I know this word").click()
    expect(progress).to_have_text("Done: 2 of 2 cards.")
    assert stored(visit) == {
        "format": 1,
        "words": {"이별": {"step": 1, "due": "2026-05-16"}, "있다": {"step": 6, "due": None}},
    }

    page.reload()
    expect(progress).to_have_text("Card 1 of 2: learning, next review 2026-05-16")
    deck.get_by_role("button", name="Show answer").click()
    deck.get_by_role("button", name="Knew it").click()
    expect(progress).to_have_text("Card 2 of 2: known")
    visit.check()

    # Another page of the book, two days later: the same state, read by the review page.
    later = visit_with(REVIEW, now="2026-05-19T08:00:00", context=page.context)
    expect(later.page.locator(".cf-count")).to_have_text("1 word due today:")
    expect(later.page.locator(".cf-due-list li")).to_have_text(["이별 — parting, breakup"])
    later.check()
    # And the collection's flashcards, which hold the same words.
    collection = visit_with("collections/male-ballads.html", context=page.context)
    cards = collection.page.locator(".cryfeed-flashcards .cf-progress")
    expect(cards).to_have_text("Card 1 of 2: learning, next review 2026-05-18")
    collection.check()


def test_the_review_page_lists_exactly_the_words_due_on_the_mocked_day(
    visit_with: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    state = {
        "format": 1,
        "words": {
            "이별": {"step": 2, "due": "2026-07-01"},
            "있다": {"step": 3, "due": "2026-07-02"},
            "없는말": {"step": 1, "due": "2026-06-01"},  # in no page of this book
        },
    }
    visit = visit_with(REVIEW, now="2026-07-01T23:30:00")
    page = visit.page
    page.evaluate(f"s => localStorage.setItem('{STORAGE_KEY}', s)", json.dumps(state))
    page.reload()
    expect(page.locator(".cf-due-list li")).to_have_text(["이별 — parting, breakup"])
    expect(page.locator(".cryfeed-flashcards .cf-word")).to_have_text("이별")
    visit.screenshot("review")
    visit.check()

    next_day = visit_with(REVIEW, now="2026-07-02T00:30:00", context=page.context)
    expect(next_day.page.locator(".cf-count")).to_have_text("2 words due today:")
    expect(next_day.page.locator(".cf-due-list li")).to_have_text(
        ["이별 — parting, breakup", "있다 — to be, to stay"]
    )
    next_day.check()


def test_exported_progress_imported_in_a_fresh_profile_restores_it(
    visit_with: Callable[..., Visit], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    state = {"format": 1, "words": {"이별": {"step": 4, "due": "2026-08-20"}}}
    source = visit_with(REVIEW, now="2026-08-01T12:00:00")
    source.page.evaluate(f"s => localStorage.setItem('{STORAGE_KEY}', s)", json.dumps(state))
    with source.page.expect_download() as download:
        source.page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert download.value.suggested_filename == "cryfeed-progress-2026-08-01.json"
    assert json.loads(exported.read_text("utf-8")) == state
    source.check()

    fresh = visit_with(REVIEW, now="2026-08-01T12:00:00")
    assert stored(fresh) is None
    fresh.page.get_by_label("Import progress").set_input_files(str(exported))
    expect(fresh.page.locator(".cf-message")).to_have_text("Imported progress for 1 words.")
    assert stored(fresh) == state
    fresh.page.reload()
    expect(fresh.page.locator(".cf-count")).to_have_text("0 words due today.")

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 7, "words": {}}', "utf-8")
    fresh.page.get_by_label("Import progress").set_input_files(str(bad))
    expect(fresh.page.locator(".cf-message")).to_have_text(
        "Not imported: not cryfeed progress of format 1."
    )
    assert stored(fresh) == state
    fresh.check()


def test_flashcards_work_with_the_keyboard_alone(visit_with: Callable[..., Visit]) -> None:
    from playwright.sync_api import expect

    visit = visit_with(SEE_YOU_LATER, now="2026-05-15T10:00:00")
    page = visit.page
    for _ in range(200):  # Tab through the page to the first card's button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "cf-flip":
            break
    else:
        pytest.fail("Tab never reached the flashcards")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused button shows no focus ring"
    visit.screenshot("flashcard-focus")
    page.keyboard.press("Enter")  # show the answer; focus moves to "Knew it"
    assert page.evaluate("document.activeElement.textContent") == "Knew it"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")  # the second card's "Show answer"
    page.keyboard.press("Tab")  # "Not yet"
    page.keyboard.press("Enter")
    expect(page.locator(".cf-progress")).to_have_text("Done: 2 of 2 cards.")
    assert stored(visit)["words"] == {
        "이별": {"step": 1, "due": "2026-05-16"},
        "있다": {"step": 0, "due": "2026-05-16"},
    }
    visit.check()


def test_without_javascript_pages_show_their_words_answers_and_examples(
    visit_with: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    song = visit_with(SEE_YOU_LATER, javascript=False)
    page = song.page
    vocabulary = page.locator("#vocabulary")
    shown = vocabulary.inner_text()  # as rendered: the readings above the Hangul are off
    for text in ("이별", "parting, breakup", "to be, to stay", "이별은 언제나 힘들어요."):
        assert text in shown
    expect(page.locator("#flashcards")).to_contain_text("The cards need JavaScript")
    # The self-check answers are <details>: they open without scripts.
    page.get_by_text("Show the answer", exact=True).click()
    expect(page.get_by_text("있다, to stay.", exact=True)).to_be_visible()
    song.screenshot("song-without-javascript")
    review = visit_with(REVIEW, javascript=False)
    expect(review.page.locator(".cryfeed-review")).to_contain_text("needs JavaScript")
    for visit in (song, review):
        # Chromium cancels the theme's preloaded scripts when scripts are off; nothing else.
        visit.problems = [p for p in visit.problems if not scripts_cancelled(p)]
        visit.check()


@pytest.mark.parametrize(
    "path",
    [SEE_YOU_LATER, REVIEW, GLOSSARY, CHAPTER, "collections/male-ballads.html"],
)
def test_at_412_px_every_word_and_meaning_lies_inside_the_viewport(
    visit_with: Callable[..., Visit], path: str
) -> None:
    visit = visit_with(path, width=412)
    page = visit.page
    width = page.evaluate("document.documentElement.clientWidth")
    assert width <= 412
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cells = page.locator(
        "article td:visible, article dt:visible, article dd:visible, .cryfeed-flashcards button:visible"
    )
    assert path == REVIEW or cells.count() > 0
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
            cells.nth(index).text_content(),
            box,
        )
    visit.screenshot(f"phone-412-{path}")
    visit.check()


# A Korean voice for Chromium, which has none here: a spy that records what is spoken.
FAKE_SPEECH = """
window.__spoken = [];
const fake = new EventTarget();
fake.getVoices = () => [{ lang: "ko-KR", name: "Test Korean", default: false }];
fake.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang, rate: u.rate });
fake.cancel = () => {};
Object.defineProperty(window, "speechSynthesis", { value: fake });
// The real utterance accepts only the browser's own voice objects.
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; }
};
"""


def test_listen_buttons_speak_korean_and_appear_only_with_a_korean_voice(
    visit_with: Callable[..., Visit],
    browser: Any,
) -> None:
    from playwright.sync_api import expect

    silent = visit_with(SEE_YOU_LATER)
    assert silent.page.locator(".cf-listen").count() == 0  # no Korean voice: no buttons
    expect(silent.page.get_by_role("button", name="Slow speech")).to_have_count(0)
    silent.check()

    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_init_script(FAKE_SPEECH)
    try:
        visit = visit_with(SEE_YOU_LATER, context=context)
        page = visit.page
        korean = page.locator('article [lang="ko"]:not(.cryfeed-flashcards *, a.external *)')
        assert page.locator(".cf-listen").count() >= korean.count() > 5
        # Links out with Korean in them ("Search YouTube for …") get no button.
        assert page.locator('article a.external [lang="ko"]').count() > 0
        assert page.locator("article a.external + .cf-listen").count() == 0
        page.locator("#vocabulary").get_by_role("button", name="Listen: 이별").first.click()
        page.get_by_role("button", name="Slow speech").click()
        page.get_by_role("button", name="Listen: 이별은 언제나 힘들어요.").first.click()
        assert page.evaluate("window.__spoken") == [
            {"text": "이별", "lang": "ko-KR", "rate": 1},
            {"text": "이별은 언제나 힘들어요.", "lang": "ko-KR", "rate": 0.6},
        ]
        visit.check()
    finally:
        context.close()


def test_the_readings_switch_is_off_by_default_and_remembered_across_pages(
    visit_with: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    visit = visit_with(SEE_YOU_LATER)
    page = visit.page
    roman = page.locator("#vocabulary rt.cf-rr").first
    said = page.locator("#vocabulary rt.cf-pron").first
    expect(roman).to_be_hidden()
    expect(said).to_be_hidden()
    switch = page.get_by_label("Readings above the Hangul")
    expect(switch).to_have_value("off")
    switch.select_option("rr")
    expect(roman).to_be_visible()
    expect(roman).to_have_text("ibyeoreun")
    expect(said).to_be_hidden()
    visit.screenshot("readings-romanization")
    switch.select_option("pron")
    expect(said).to_be_visible()
    expect(said).to_have_text("이벼른")
    expect(roman).to_be_hidden()
    visit.screenshot("readings-pronunciation")

    # Remembered on another page with Korean (a chapter), which shows the same switch.
    chapter = visit_with("generated/speech-levels.html", context=page.context)
    expect(chapter.page.locator("html")).to_have_class(re.compile(r"\bcf-ruby-pron\b"))
    expect(chapter.page.get_by_label("Readings above the Hangul")).to_have_value("pron")
    expect(chapter.page.locator("article rt.cf-pron").first).to_be_visible()
    expect(chapter.page.locator("article rt.cf-rr").first).to_be_hidden()
    page.reload()
    expect(page.locator("#vocabulary rt.cf-pron").first).to_be_visible()
    page.get_by_label("Readings above the Hangul").select_option("off")
    expect(page.locator("#vocabulary rt.cf-pron").first).to_be_hidden()
    expect(page.locator("#vocabulary rt.cf-rr").first).to_be_hidden()
    visit.check()
    chapter.check()


def test_a_theme_deck_shares_its_words_progress_with_the_song_pages(
    visit_with: Callable[..., Visit],
) -> None:
    from playwright.sync_api import expect

    visit = visit_with(CHAPTER, now="2026-05-15T10:00:00")
    page = visit.page
    parting = page.locator("#flashcards-theme-parting")
    expect(parting.locator(".cf-progress")).to_have_text("Card 1 of 1: new")
    expect(parting.locator(".cf-word")).to_have_text("이별")
    parting.get_by_role("button", name="Show answer").click()
    expect(parting.locator(".cf-meaning")).to_have_text("parting, breakup")
    parting.get_by_role("button", name="I know this word").click()
    expect(parting.locator(".cf-progress")).to_have_text("Done: 1 of 1 cards.")
    other = page.locator("#flashcards-theme-other")
    expect(other.locator(".cf-word")).to_have_text("있다")
    assert stored(visit) == {"format": 1, "words": {"이별": {"step": 6, "due": None}}}
    visit.check()
    song = visit_with(SEE_YOU_LATER, context=page.context)
    expect(song.page.locator(".cryfeed-flashcards .cf-progress")).to_have_text(
        "Card 1 of 2: known"
    )
    song.check()


# Every text node holding Hangul, with the language of its nearest lang attribute.
HANGUL_LANGUAGES = r"""() => {
  const hangul = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!hangul.test(node.data) || parent.closest("script, style, template")) continue;
    const marked = parent.closest("[lang]");
    found.push([node.data.trim().slice(0, 40), marked ? marked.lang : ""]);
  }
  return found;
}"""


@pytest.mark.parametrize(
    "path",
    [SEE_YOU_LATER, GLOSSARY, CHAPTER, "generated/artists.html", "how-to-read.html", REVIEW],
)
def test_every_korean_text_the_reader_sees_is_marked_korean_after_the_scripts_ran(
    visit_with: Callable[..., Visit], path: str
) -> None:
    visit = visit_with(path, now="2026-05-15T10:00:00")
    page = visit.page
    if path == REVIEW:  # a word due, so the review shows Korean made by the script
        state = {"format": 1, "words": {"이별": {"step": 1, "due": "2026-05-15"}}}
        page.evaluate(f"s => localStorage.setItem('{STORAGE_KEY}', s)", json.dumps(state))
        page.reload()
        page.locator(".cf-due-list li").wait_for()
    for deck in page.locator(".cryfeed-flashcards").all():
        deck.locator(".cf-flip").click()  # the answers too: reading, example
    found = page.evaluate(HANGUL_LANGUAGES)
    assert found, "the page shows no Korean"
    unmarked = [(text, lang) for text, lang in found if lang.split("-")[0] != "ko"]
    assert not unmarked
    visit.check()


def test_listen_buttons_on_a_glossary_page(visit_with: Callable[..., Visit], browser: Any) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_init_script(FAKE_SPEECH)
    try:
        visit = visit_with(GLOSSARY, context=context)
        page = visit.page
        terms = page.locator("article dt")
        assert terms.count() == 2
        for term in terms.all():  # one button a term, beside it
            assert term.locator(".cf-listen").count() == 1
        # One button a Korean text: the heading's ㅇ, each term, and the titles in the entries.
        korean = page.locator('article [lang="ko"]')
        assert page.locator("article .cf-listen").count() == korean.count()
        page.get_by_role("button", name="Listen: 있다").click()
        assert page.evaluate("window.__spoken") == [{"text": "있다", "lang": "ko-KR", "rate": 1}]
        visit.screenshot("glossary-listen")
        visit.check()
    finally:
        context.close()
