"""The grammar of longing: every grammar pattern of the study notes, grouped by what it does
(Grammar.use), with its explanation and every song that teaches it.

It took over the grammar index's address (urls.GRAMMAR_DOC) and each pattern keeps its
label (grammar_label), so song pages and older links land on the same section.
"""

from __future__ import annotations

from cryfeed.book import html, myst
from cryfeed.book.chapters.common import html_list
from cryfeed.book.guide import MORE_PATTERNS, USE_TITLES, use_anchor
from cryfeed.book.html import Html
from cryfeed.book.index import BookIndex, GrammarPattern, grammar_label
from cryfeed.book.index_pages import myst_page
from cryfeed.book.myst import escape, paragraphs
from cryfeed.book.song_pages import korean_sentence, song_item
from cryfeed.text import plural

# Songs listed under a pattern: the first ones added that teach it. Every song would make
# the list grow (and the chapter change) with every song appended, and a pattern taught by
# hundreds of songs teaches nothing more with all of them listed; each song page links here.
SONGS_SHOWN = 10

INTRO = """\
A ballad's grammar is small and strong: a handful of endings carry most of its feeling.
Here the patterns of the study notes are grouped by what they let a singer do (ask, wish,
regret, remember, imagine, plead), each with its explanation and the songs that teach it
(the first ten added), with the song's first example sentence. Learn a group at a time:
patterns that do the same job are easier to keep apart side by side.
"""

PROSE = {
    "asking": "Questions in songs are rarely asking for information. They are asked of someone "
    "who will not answer: soft question endings like -나요 and -(으)ㄹ까요 wonder aloud.",
    "wishing": "Wishes look forward to what cannot happen: -고 싶다 (want to), -았/었으면 "
    "좋겠다 (I wish), -기를 (may it be that).",
    "regretting": 'Regret looks back at what did happen: endings that mean "should have", '
    '"could not" and "if only", and the -(으)ㄹ걸 that sighs over a choice already made.',
    "remembering": "Remembering turns on the past: the retrospective -던, the past of "
    '-았/었-, and patterns that mean "the time when".',
    "imagining": "Imagining builds what is not there: guesses with -겠-, conditions with "
    '-(으)면, and the "as if" of -는 것처럼.',
    "requesting": "Requests plead: -아/어 주다 (do it for me), -지 마 (don't), and the "
    "gentle commands of the polite style.",
    "describing": "Describing paints a person or a moment, mostly with the endings that turn "
    "a verb into a description of a noun (-는, -(으)ㄴ, -(으)ㄹ).",
    "connecting": "Connecting endings join two clauses and say how they relate: and then, "
    "because, although, while.",
    "stating": "Stating patterns end a sentence with a plain claim, sometimes with a shade "
    "of feeling the ending adds.",
    MORE_PATTERNS: "Patterns whose notes do not say yet what they do.",
}


def _sort_key(pattern: str) -> tuple[str, str]:
    return (pattern.lstrip("-~(). ").casefold(), pattern)


def by_use(index: BookIndex) -> dict[str, list[tuple[str, GrammarPattern]]]:
    """The catalog's patterns by use (every use, MORE_PATTERNS last), sorted in each."""
    found: dict[str, list[tuple[str, GrammarPattern]]] = {use: [] for use in USE_TITLES}
    for text in sorted(index.grammar_patterns, key=_sort_key):
        pattern = index.grammar_patterns[text]
        found[pattern.use or MORE_PATTERNS].append((text, pattern))
    return found


def _taught_in(pattern: GrammarPattern) -> str:
    items = []
    for song, number in pattern.songs[:SONGS_SHOWN]:
        assert song.study is not None
        point = song.study.grammar[number]
        item = song_item(song, with_artist=False)
        if point.examples:
            first = point.examples[0]
            item = Html(f"{item}: {korean_sentence(first.ko)} ({html.text(first.en)})")
        items.append(item)
    more = "\nLater songs teach it too; their pages link here.\n"
    return html_list(items, "") + (more if len(pattern.songs) > SONGS_SHOWN else "")


def render(index: BookIndex) -> bytes:
    groups = by_use(index)
    count = len(index.grammar_patterns)
    out = [
        myst.label("grammar"),
        "# The grammar of longing\n",
        INTRO,
        f"The study notes teach {plural(count, 'pattern')} so far.\n",
    ]
    for use, patterns in groups.items():
        if not patterns:
            continue
        out.append(myst.label(use_anchor(use)) + f"## {escape(USE_TITLES[use])}\n")
        out.append(PROSE[use] + "\n")
        for text, pattern in patterns:
            out.append(myst.label(grammar_label(text)) + f"### {escape(text)}\n")
            out.append(f"**{escape(pattern.first.meaning)}**\n")
            out.append(paragraphs(pattern.first.explanation) + "\n")
            out.append("Taught in:\n\n" + _taught_in(pattern))
    return myst_page(out)
