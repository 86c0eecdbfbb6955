"""The study chapters' sections a song page links to: its sound changes, its title's speech
level, its grammar points' groups and its words' themes (the "In the guide" section)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cryfeed import urls
from cryfeed.book import html
from cryfeed.book.html import Html
from cryfeed.book.pronunciation import rule_anchor
from cryfeed.korean import RULES
from cryfeed.models import Song
from cryfeed.text import SPEECH_LEVEL_LABELS, words

MORE_PATTERNS = "more"
# Section titles of the grammar and vocabulary chapters, in their order.
USE_TITLES = {
    "asking": "Asking",
    "wishing": "Wishing",
    "regretting": "Regretting",
    "remembering": "Remembering",
    "imagining": "Imagining",
    "requesting": "Requesting",
    "describing": "Describing",
    "connecting": "Connecting",
    "stating": "Stating",
    MORE_PATTERNS: "More patterns",
}
THEME_TITLES = {
    "parting": "Parting",
    "tears": "Tears",
    "memory": "Memory",
    "time": "Time",
    "weather": "Weather and seasons",
    "body": "The body",
    "love": "Love",
    "feeling": "Feelings",
    "people": "People",
    "place": "Places",
    "other": "Other words",
}


def use_anchor(use: str | None) -> str:
    return f"use-{use or MORE_PATTERNS}"


def theme_anchor(theme: str) -> str:
    return f"theme-{theme}"


def level_anchor(level: str) -> str:
    return f"level-{level}"


def _href(docname: str, anchor: str) -> str:
    return "../" + urls.page(docname) + "#" + anchor


def guide_section(
    song: Song,
    uses: Mapping[str, str | None],
    themes: Mapping[str, str],
    page: html.Page,
    rules: Sequence[str],
) -> None:
    """Links to the chapter sections that apply to the song (nothing when none do); uses:
    the use of each of the song's grammar patterns (by their words), themes: the theme of
    each of its vocabulary words (by their words in lower case), as the catalog sets them."""
    items = []
    if rules:
        links = [
            page.link(html.text(RULES[key].english), _href(urls.SOUNDS_DOC, rule_anchor(key)))
            for key in rules
        ]
        items.append(Html("Sound changes on this page: " + html.join(links, ", ")))
    if song.study and song.study.title_level:
        level = song.study.title_level
        link = page.link(
            html.text(SPEECH_LEVEL_LABELS[level]), _href(urls.LEVELS_DOC, level_anchor(level))
        )
        items.append(Html(f"The title's speech level: {link}"))
    if song.study and song.study.grammar:
        used = dict.fromkeys(uses[words(p.pattern)] for p in song.study.grammar)
        links = [
            page.link(
                html.text(USE_TITLES[use or MORE_PATTERNS]),
                _href(urls.GRAMMAR_DOC, use_anchor(use)),
            )
            for use in used
        ]
        items.append(Html("Its grammar in The grammar of longing: " + html.join(links, ", ")))
    if song.study and song.study.vocabulary:
        shown = dict.fromkeys(themes[words(w.word).lower()] for w in song.study.vocabulary)
        links = [
            page.link(html.text(THEME_TITLES[t]), _href(urls.WORDS_DOC, theme_anchor(t)))
            for t in shown
        ]
        items.append(Html("Its words in Words of sorrow: " + html.join(links, ", ")))
    if items:
        page.section("in-the-guide", "In the guide", html.bullets(items))
