"""Reading Hangul: the letters, syllable blocks and romanization, then every Korean title of
the catalog taken apart block by block."""

from __future__ import annotations

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.chapters.common import html_list, korean, songs_inline
from cryfeed.book.html import Html
from cryfeed.book.index import BookIndex
from cryfeed.book.index_pages import md_path, myst_page
from cryfeed.korean import is_hangul_syllable, pronounce, romanize
from cryfeed.korean.hangul import split
from cryfeed.models import Song
from cryfeed.text import words

LETTERS = """\
## The letters

Hangul has 14 basic consonants and 10 basic vowels. The consonants are drawn after the
shape of the mouth that says them (ㄱ the back of the tongue raised, ㅁ the closed lips,
ㅅ the teeth), and a stroke added to a letter adds breath: ㄱ g, ㅋ k. Doubling a letter
makes it tense, said with a tight throat and no puff of air.

| Letter | ㄱ | ㄴ | ㄷ | ㄹ | ㅁ | ㅂ | ㅅ | ㅇ | ㅈ | ㅊ | ㅋ | ㅌ | ㅍ | ㅎ |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| First | g | n | d | r | m | b | s | (silent) | j | ch | k | t | p | h |
| Final | k | n | t | l | m | p | t | ng | t | t | k | t | p | t |

| Tense | ㄲ | ㄸ | ㅃ | ㅆ | ㅉ |
|---|---|---|---|---|---|
| Romanized | kk | tt | pp | ss | jj |

The vowels are built from a long stroke and short ones: ㅏ a, ㅓ eo, ㅗ o, ㅜ u, ㅡ eu, ㅣ i.
A second short stroke adds a y sound (ㅑ ya, ㅕ yeo, ㅛ yo, ㅠ yu), and vowels combine:
ㅐ ae, ㅔ e, ㅒ yae, ㅖ ye, ㅘ wa, ㅙ wae, ㅚ oe, ㅝ wo, ㅞ we, ㅟ wi, ㅢ ui. Today ㅐ and ㅔ
sound the same for most speakers, and so do ㅙ, ㅞ and ㅚ.
"""

BLOCKS = """\
## Syllable blocks

Letters are not written in a row but stacked into one square block per syllable. A block
always starts with a consonant; a syllable that starts with a vowel is written with the
silent ㅇ in front (아, 어, 요). The vowel goes to the right of the consonant when it is
tall (가, 너), below it when it is flat (고, 누). A final consonant or two, the 받침
("support"), sits at the bottom: 한 is ㅎ + ㅏ + ㄴ, 닭 is ㄷ + ㅏ + ㄺ.

Words are separated by spaces, as in English, but a Korean word is often a stem with
particles and endings attached: 사랑**이** (love + subject particle), 있**어요** (stay +
polite ending). The [glossary](glossary.md) lists the dictionary form of each word.
"""

ROMANIZATION = """\
## Romanization and pronunciation

Every Korean title, line and word in this book has its Revised Romanization in *italics*,
the official system of South Korea since 2000. It spells how a word is said, not letter
by letter: 같이 is *gachi*, because it is said [가치]. Where even the romanization does
not show how a word sounds, most often because it never writes tensing, the song pages
add the pronunciation in Hangul, in brackets: 잊지 *itji* [읻찌]. The chapter on
{sounds} explains each change.

Romanization is a crutch for your first weeks. Read the blocks as soon as you can: the
list below has the catalog's Korean titles to practise on, each taken apart block by
block, with its romanization and, where they differ, how it is said.
"""

# Titles listed: the first ones added. A list of every title would change this chapter
# with every new title appended, and a hundred are practice enough; song pages have the rest.
TITLES_SHOWN = 100


def blocks(text: str) -> Html:
    """Each Hangul syllable of `text` with its letters (있 = ㅇ+ㅣ+ㅆ), kept on one line
    each (cryfeed.css), separated by middle dots."""
    parts = []
    for syllable in text:
        if is_hangul_syllable(syllable):
            letters = "+".join(letter for letter in split(syllable) if letter)
            parts.append(
                Html(
                    f'<span class="cryfeed-block">{html.text(syllable)}&nbsp;=&nbsp;'
                    f"{html.text(letters)}</span>"
                )
            )
    return Html(f'<span lang="ko">{html.join(parts, " · ")}</span>')


def titles(index: BookIndex) -> dict[str, list[Song]]:
    """Every Korean title once, with its songs, oldest first."""
    found: dict[str, list[Song]] = {}
    for song in index.oldest_first:
        if song.title_ko:
            found.setdefault(words(song.title_ko), []).append(song)
    return found


def _item(title: str, songs: list[Song]) -> Html:
    said = pronounce(title).text
    shown = f" [{korean(said)}]" if said != title else ""
    return Html(
        f"<strong>{korean(title)}</strong> <em>{html.text(romanize(title))}</em>{shown} "
        f"({songs_inline(songs, english=True)})<br />\n{blocks(title)}"
    )


def render(index: BookIndex) -> bytes:
    found = titles(index)
    sounds = myst.page_link("Sound changes you will hear", md_path(urls.SOUNDS_DOC))
    out = [
        myst.label("reading-hangul"),
        "# Reading Hangul\n",
        "Hangul was made to be learnt in a few days, and a few evenings with this chapter "
        "are enough to read every title in the catalog. You will still need the song pages "
        "for what the words mean, but you will no longer need the romanization.\n",
        LETTERS,
        BLOCKS,
        ROMANIZATION.format(sounds=sounds),
        myst.label("reading-titles") + "## The catalog's titles\n",
    ]
    shown = list(found.items())[:TITLES_SHOWN]
    items = (_item(title, songs) for title, songs in shown)
    out.append(html_list(items, "No song has a Korean title yet."))
    if len(found) > TITLES_SHOWN:
        out.append(
            f"The first {TITLES_SHOWN} titles, in the order the songs were added; every song "
            "page has its title with its romanization.\n"
        )
    return myst_page(out)
