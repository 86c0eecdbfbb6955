"""Speech levels in songs: the four levels, which titles use which (Study.title_level) and
the example sentences of the study notes by level (Example.level)."""

from __future__ import annotations

from cryfeed.book import html, myst
from cryfeed.book.chapters.common import html_list
from cryfeed.book.guide import level_anchor
from cryfeed.book.html import Html
from cryfeed.book.index import BookIndex
from cryfeed.book.index_pages import myst_page
from cryfeed.book.myst import escape
from cryfeed.book.song_pages import korean_sentence, song_item
from cryfeed.korean import romanize
from cryfeed.models import Example, Song
from cryfeed.text import SPEECH_LEVEL_LABELS, plural, words

# Example sentences and titles shown per level: the first ones added (so an append never
# changes the list once it is full, and the heading says how many only until then); the
# song pages hold the rest. Thousands of sentences on one page would teach nothing and
# cost the build seconds.
EXAMPLES_SHOWN = 40
TITLES_SHOWN = 40

INTRO = """\
Every Korean sentence ends in a way that shows how the speaker stands towards the
listener. English does this with word choice ("Would you mind waiting?" against "Wait!");
Korean does it with the verb ending, and it cannot be left out: 있어요, 있어 and 있습니다
all say "(someone) stays", to different people.

Four levels are enough for songs. Ballads move between them on purpose: a verse may speak
politely to someone who has become a stranger, and the chorus drop into 반말, the speech
of close people, when the feeling breaks through. When a title or a line surprises you,
ask who is speaking to whom: the ending is often the whole story.
"""

PROSE = {
    "formal": """\
The formal style ends in -(스)ㅂ니다 for statements and -(스)ㅂ니까 for questions:
사랑합니다, 고맙습니다, 보고 싶습니까? It is the style of news, speeches and announcements.
In a song it sounds like a vow or a farewell spoken with ceremony, or keeps a careful
distance from the person addressed.
""",
    "polite": """\
The polite style adds -요 to the casual ending: 있어요, 보고 싶어요, 가지 마요. It is the
everyday way to speak to anyone you are not close to, and the safest style for a learner.
In ballads it is often the voice that still speaks gently to someone who has left, or that
pleads: 있어 줘요, "please stay".
""",
    "casual": """\
The casual style, 반말 ("half speech"), is the polite style without -요: 있어, 보고 싶어,
가지 마. It is how friends, siblings and lovers speak to each other, and to someone older
it is rude. In songs it is the most intimate voice, the one that talks to a lover as if
they were still there.
""",
    "plain": """\
The plain style ends in -다, -는다 for statements, -냐 or -니 for questions, -자 for "let's"
and -(으)라 for commands: 사랑한다, 잊는다, 가자. It is the style of writing (books, diaries,
newspapers) and of talking to oneself, so in lyrics it reads like a thought said aloud, or a
line written in a letter that will not be sent.
""",
}


def titles_by_level(index: BookIndex) -> dict[str, list[Song]]:
    """Songs whose Korean title has a speech level, by level, oldest first."""
    found: dict[str, list[Song]] = {level: [] for level in SPEECH_LEVEL_LABELS}
    for song in index.oldest_first:
        if song.study and song.study.title_level and song.title_ko:
            found[song.study.title_level].append(song)
    return found


def examples_by_level(index: BookIndex) -> dict[str, list[tuple[Example, Song]]]:
    """Every example sentence of the study notes (vocabulary and grammar) once, with the
    first song giving it, by level, in the order songs were added."""
    found: dict[str, dict[str, tuple[Example, Song]]] = {lv: {} for lv in SPEECH_LEVEL_LABELS}
    for song in index.oldest_first:
        if not song.study:
            continue
        examples = [w.example for w in song.study.vocabulary if w.example]
        examples += [e for point in song.study.grammar for e in point.examples]
        for example in examples:
            found[example.level].setdefault(words(example.ko), (example, song))
    return {level: list(sentences.values()) for level, sentences in found.items()}


def _example(example: Example, song: Song) -> Html:
    source = song_item(song, with_artist=False)
    return Html(
        f"{korean_sentence(example.ko)} <em>{html.text(romanize(example.ko))}</em>: "
        f"{html.text(example.en)} (from {source})"
    )


def _count(count: int, shown: int, noun: str = "") -> str:
    """A heading's count, " (12)" or " (12 example sentences)", while every one is listed;
    nothing once the list is full (else every append would change the chapter)."""
    if count > shown:
        return ""
    return f" ({plural(count, noun) if noun else count})"


def render(index: BookIndex) -> bytes:
    titles = titles_by_level(index)
    examples = examples_by_level(index)
    out = [myst.label("speech-levels"), "# Speech levels in songs\n", INTRO]
    for level, label in SPEECH_LEVEL_LABELS.items():
        out.append(myst.label(level_anchor(level)) + f"## {escape(label.capitalize())}\n")
        out.append(PROSE[level])
        found = titles[level]
        out.append(f"### Titles in this style{_count(len(found), TITLES_SHOWN)}\n")
        out.append(
            html_list(
                (song_item(s) for s in found[:TITLES_SHOWN]), "No title in the catalog uses it yet."
            )
        )
        if len(found) > TITLES_SHOWN:
            out.append(
                f"The first {TITLES_SHOWN}, in the order the songs were added; each song page "
                "names its title's speech level.\n"
            )
        sentences = examples[level]
        count = _count(len(sentences), EXAMPLES_SHOWN, "example sentence")
        out.append(f"### Example sentences in this style{count}\n")
        out.append(
            html_list(
                (_example(e, s) for e, s in sentences[:EXAMPLES_SHOWN]),
                "No example sentence uses it yet.",
            )
        )
        if len(sentences) > EXAMPLES_SHOWN:
            out.append(
                f"The first {EXAMPLES_SHOWN}, in the order the songs were added; the song "
                "pages have the others.\n"
            )
    return myst_page(out)
