"""Accessibility: axe-core (tests/e2e/package.json, from the npm registry) injected by
Playwright into every page type of the fixture book, in light and dark mode; no serious
or critical violation may remain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from e2e_harness import unavailable
from test_browser import SEE_YOU_LATER, Visit
from test_practice import FAKE_SPEECH, GLOSSARY, visit_with  # noqa: F401  (a fixture)

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {
    "intro": "intro.html",
    "chapter": "how-to-read.html",
    "study chapter": "generated/words-of-sorrow.html",  # theme flashcards, stacked table
    "list": "generated/artists.html",
    "song": SEE_YOU_LATER,
    "artist": "artists/jang-deok-cheol.html",
    "index": "generated/newest.html",
    "collection": "collections/tearjerkers.html",
    "glossary": "generated/glossary/ieung.html",
    "review": "generated/review.html",
    "search": "search.html?q=rain",
}
SEVERE = ("serious", "critical")


def violations(visit: Visit) -> list[str]:
    if not AXE.is_file():
        unavailable(f"{AXE} not found (run: cd tests/e2e && npm ci)")
    visit.page.add_script_tag(content=AXE.read_text("utf-8"))
    found: list[dict[str, Any]] = visit.page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in found
        if v["impact"] in SEVERE
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_serious_or_critical_accessibility_violation(
    visit_with: Callable[..., Visit],  # noqa: F811  (the fixture imported above)
    browser: Any,
    path: str,
    scheme: str,
) -> None:
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    try:
        visit = visit_with(path, context=context)
        visit.page.wait_for_load_state("networkidle")
        assert visit.page.evaluate("document.documentElement.dataset.theme") == scheme
        found = violations(visit)
        assert not found, "\n".join(found)
        visit.check()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_flashcards_readings_and_listen_buttons_stay_accessible_when_used(
    visit_with: Callable[..., Visit],  # noqa: F811  (the fixture imported above)
    browser: Any,
    scheme: str,
) -> None:
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    # A Korean voice, so the listen buttons are there to be checked.
    context.add_init_script(FAKE_SPEECH)
    try:
        glossary = visit_with(GLOSSARY, context=context)
        assert glossary.page.locator(".cf-listen").count() > 0
        found = violations(glossary)
        assert not found, "\n".join(found)
        glossary.check()
        visit = visit_with(SEE_YOU_LATER, context=context)
        page = visit.page
        assert page.locator(".cf-listen").count() > 0
        page.get_by_label("Readings above the Hangul").select_option("pron")
        page.locator(".cryfeed-flashcards").get_by_role("button", name="Show answer").click()
        page.locator(".cf-knew").focus()
        found = violations(visit)
        assert not found, "\n".join(found)
        visit.check()
    finally:
        context.close()
