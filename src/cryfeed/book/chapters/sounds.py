"""Sound changes you will hear: one section per rule of the pronunciation engine, with every
catalog word (titles, title parts, vocabulary) the engine changes by it."""

from __future__ import annotations

from cryfeed import urls
from cryfeed.book import html, myst
from cryfeed.book.chapters.common import html_list, korean, songs_inline
from cryfeed.book.html import Html
from cryfeed.book.index import BookIndex
from cryfeed.book.index_pages import myst_page
from cryfeed.book.myst import escape
from cryfeed.book.pronunciation import rule_anchor
from cryfeed.korean import RULES, Change, pronounce
from cryfeed.models import Song
from cryfeed.text import words

INTRO = """\
Korean spelling keeps the shape of each word: 있- ("to be, to stay") is written 있 whether
it ends the word or an ending follows. Said aloud, the sounds meet and change: 있어요 is
said [이써요], 있다 is said [읻따]. A singer follows the spoken form, so the words you see
in a title are often not the sounds you hear.

The pronunciations in this book follow the Standard Pronunciation rules (표준 발음법) of
the National Institute of Korean Language, article by article. Romanization follows most
of these changes too, because Revised Romanization writes how a word is said, but it does
not write tensing: 잊지 is *itji* in romanization and [읻찌] in Hangul. That is why song
pages show the pronunciation in brackets beside the romanization wherever the two differ,
with a footnote naming each change.

Each section below says what happens, why, and lists every word of the catalog's titles,
title parts and vocabulary that shows the change, with the songs it comes from. Words are
read one at a time here; in a sung line, words said in one breath can change each other
too.
"""

# What happens and why, in our own words; the examples are the rule text's kind of examples.
PROSE = {
    "liaison": """\
A final consonant followed by a syllable that starts with the silent ㅇ moves over and is
said as that syllable's first sound: 있어 [이써], 믿어요 [미더요], 사랑이 [사랑이] (ㅇ at
the end is the one final that never moves). Korean prefers syllables that start with a
consonant, and the placeholder ㅇ offers an empty seat (제13항, 제14항). Two final letters
split: the second one moves (읽어 [일거]).
""",
    "neutralization": """\
At the end of a syllable, before a consonant or a pause, only seven sounds exist: ㄱ, ㄴ, ㄷ,
ㄹ, ㅁ, ㅂ, ㅇ. The others fall together: ㅋ and ㄲ are said ㄱ; ㅅ, ㅆ, ㅈ, ㅊ, ㅌ and ㅎ are
said ㄷ; ㅍ is said ㅂ (제9항). 낮 [낟], 꽃 [꼳], 잎 [입]. The tongue or lips close and stay
closed without releasing the sound, so the differences between these letters cannot be
heard.
""",
    "cluster": """\
A syllable can be written with two final letters (ㄳ, ㄵ, ㄶ, ㄺ, ㄻ, ㄼ, ㅄ, and others),
but before a consonant or at the end of a word only one of them is said: 없다 [업따], 앉다
[안따], 닭 [닥], 삶 [삼] (제10항, 제11항). Before a vowel both are heard, the second one
moving over (없어 [업써]).
""",
    "palatalization": """\
A final ㄷ or ㅌ before the vowel 이 of a particle or a suffix is said ㅈ or ㅊ: 같이 [가치],
굳이 [구지], 끝이 [끄치] (제17항). The tongue is already moving towards the position of ㅣ,
and ㄷ made there turns into ㅈ. Only a final ㄷ or
ㅌ changes, and only before a grammatical 이 or 히 (닫히다 [다치다]).
""",
    "aspiration": """\
ㅎ next to ㄱ, ㄷ, ㅂ or ㅈ merges with it into one breathy sound, ㅋ, ㅌ, ㅍ or ㅊ: 좋고
[조코], 많다 [만타], 축하 [추카], 입학 [이팍] (제12항). The puff of air of ㅎ joins the
consonant instead of being said on its own.
""",
    "h_deletion": """\
A final ㅎ (also in ㄶ and ㅀ) before a vowel is not said at all: 좋아 [조아], 많이 [마니],
싫어 [시러] (제12항). The spelling keeps it because the stem is the same as
in 좋고 and 좋다, where it is heard as aspiration.
""",
    "nasalization": """\
The stops ㄱ, ㄷ, ㅂ (and every final said like them) become the nasals ㅇ, ㄴ, ㅁ before ㄴ
or ㅁ: 국물 [궁물], 끝나다 [끈나다], 고맙습니다 [고맙씀니다], 있는 [인는] (제18항). The
mouth closes the same way for both sounds and the nose is already open for the next one,
so the stop takes on the nasal.
""",
    "lateralization": """\
ㄴ next to ㄹ, before or after it, is said ㄹ: 신라 [실라], 난로 [날로], 칼날 [칼랄] (제20항).
The two sounds are made at the same place, and the ㄹ wins.
""",
    "l_to_n": """\
ㄹ after a final other than ㄴ or ㄹ is said ㄴ: 정리 [정니], 침략 [침냑], 대통령 [대통녕]
(제19항). After ㄱ or ㅂ that new ㄴ then nasalizes the final too: 백로 [뱅노], 협력 [혐녁].
A few words with ㄴ before ㄹ also say ㄹ as ㄴ instead of the usual ㄹㄹ: 의견란 [의견난]
(제20항 다만).
""",
    "tensing": """\
A plain ㄱ, ㄷ, ㅂ, ㅅ or ㅈ becomes tense (ㄲ, ㄸ, ㅃ, ㅆ, ㅉ) after a final said ㄱ, ㄷ or ㅂ:
학교 [학꾜], 있다 [읻따], 잊지 [읻찌] (제23항); after a verb stem ending in ㄴ or ㅁ: 신고
[신꼬], 남고 [남꼬] (제24항); after the -(으)ㄹ ending: 갈 곳 [갈꼳], 할게 [할께] (제27항);
and in some Sino-Korean words and compounds (제26항, 제28항). The stop before leaves the
throat tight, so the next consonant comes out tense. Romanization never writes this change,
which is why it is worth hearing: 잊지 마 is *itji ma* but sounds like [읻찌 마].
""",
    "n_insertion": """\
In a compound or a word with a prefix, when the first part ends in a consonant and the
second starts with 이, 야, 여, 요 or 유, an ㄴ sound is added: 솜이불 [솜니불], 한여름
[한녀름], 꽃잎 [꼰닙] (제29항). It depends on the word, so the engine knows it only for the
words on its list.
""",
    "sai_siot": """\
The ㅅ written between the parts of some compounds (사이시옷) is not said as ㅅ: before a
plain consonant it makes that consonant tense (냇가 [내까]), before ㄴ or ㅁ it is said ㄴ
(콧날 [콘날]), and before 이 it is said ㄴㄴ (나뭇잎 [나문닙]) (제30항).
""",
    "ui": """\
The vowel ㅢ is said [ㅣ] after a consonant: 희망 [히망], 무늬 [무니] (제5항). At the start
of a word without a consonant, as in 의자, it keeps its own sound.
""",
    "yeo": """\
After ㅈ, ㅉ and ㅊ the vowels ㅕ and ㅓ sound alike, so 져, 쪄 and 쳐 are said [저], [쩌],
[처]: 가져 [가저], 다쳐 [다처] (제5항 다만 1). These spellings appear where a verb stem
ending in 지, 찌 or 치 meets the ending -어.
""",
}


def spoken_words(index: BookIndex) -> dict[str, list[Song]]:
    """Every Korean title, title part and vocabulary word, with its songs, oldest first."""
    found: dict[str, list[Song]] = {}
    for song in index.oldest_first:
        texts = [song.title_ko] if song.title_ko else []
        if song.study:
            texts += [part.text for part in song.study.title_breakdown]
            texts += [word.word for word in song.study.vocabulary]
        for text in dict.fromkeys(words(t) for t in texts):
            found.setdefault(text, []).append(song)
    return found


def words_by_rule(index: BookIndex) -> dict[str, dict[str, list[Change]]]:
    """{rule key: {word: its changes by that rule}}, every rule, words in catalog order."""
    found: dict[str, dict[str, list[Change]]] = {key: {} for key in RULES}
    for text in spoken_words(index):
        for change in pronounce(text).changes:
            found[change.rule.key].setdefault(text, []).append(change)
    return found


def _item(text: str, changes: list[Change], songs: list[Song]) -> Html:
    steps = html.join((Html(f"{korean(c.before)} → {korean(c.after)}") for c in changes), ", ")
    return Html(
        f"<strong>{korean(text)}</strong> [{korean(pronounce(text).text)}] ({steps}): "
        f"{songs_inline(songs)}"
    )


def render(index: BookIndex) -> bytes:
    songs = spoken_words(index)
    out = [myst.label("sound-changes"), "# Sound changes you will hear\n", INTRO]
    for key, found in words_by_rule(index).items():
        rule = RULES[key]
        out.append(myst.label(rule_anchor(key)) + f"## {escape(rule.english)} ({rule.korean})\n")
        out.append(PROSE[key])
        if found:
            out.append(f"In the catalog ({len(found)}):\n")
        items = (_item(text, changes, songs[text]) for text, changes in found.items())
        out.append(html_list(items, "No word in the catalog shows this change yet."))
    out.append(
        f"See also {myst.page_link('how to read the notes', '../how-to-read.md')} and "
        f"{myst.page_link('Reading Hangul', '../' + urls.READING_DOC + '.md')}.\n"
    )
    return myst_page(out)
