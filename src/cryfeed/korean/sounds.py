"""The pronunciation engine: 표준 발음법 (Standard Pronunciation rules, 1988) on runs of Hangul.

One pass over each word gives two spellings of the same sounds: the standard pronunciation in
Hangul, and the letters Revised Romanization writes (국어의 로마자 표기법 제3장 제1항 follows
the pronunciation but writes no tensing, keeps ㅢ as ui and keeps ㅎ after ㄱ, ㄷ, ㅂ in nouns),
so the romanizer and the pronunciation can never disagree. Every change is recorded with its rule
and article, in the order a teacher would explain it (ㄴ insertion, then nasalization).

Known limits (the letters alone do not carry the information, and the word lists are small):

- Rules that depend on the word apply only to listed words (`words.py`): ㄴ insertion (제29항),
  ㄹ said ㄴ after ㄴ (제20항 다만), Sino-Korean tensing after ㄹ (제26항), compound tensing
  without a written ㅅ (제28항), sai-siot (제30항), whole-word linking (제15항). Listed words
  are found anywhere inside a word, so a listed pair of syllables inside an unrelated word
  gets the rule too.
- Stem tensing after ㄴ/ㅁ (제24항) applies to a short list of stems at the start of a word;
  안다 "knows" (from 알다) is read like 안다 "hugs". After the -(으)ㄹ ending (제27항) only
  the listed ㄹ syllables count (기다릴게 yes, 울게 "I'll cry" no), and across a space only
  before a dependent noun when the ㄹ is the particle-like 을. With `analyse=True` (the
  `vocab` extra) kiwipiepy's analysis decides both instead (만날 사람 [만날싸람], 안다
  [안다]), as well as the analyser itself reads the sentence.
- Words are said one at a time: except the -(으)ㄹ tensing of 제27항, no rule crosses a space
  (옷 한 벌 is [옫 한 벌]) unless the caller says the words are one breath group
  (`pronounce(text, phrase=True)`: [오 탄 벌]); where the breath groups fall in a sentence is
  the reader's choice, not something the letters show.
- Lexical tensing that no rule predicts (문법 [문뻡], 공권력 [공꿘녁]) and vowel length are not
  shown; ㅎ is always merged into a neighbouring ㄱ, ㄷ, ㅂ, ㅈ, and for romanization a
  letter heuristic (`_verb_h`) decides whether the word is a verb (written) or a noun (not).
- 의 keeps its principal reading [의] (제5항 다만 4 only allows [이]/[에]); 계 stays [계].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from cryfeed.korean import words
from cryfeed.korean.hangul import PARTS, SYLLABLES, compose, split
from cryfeed.korean.roman import CODA_RR, ONSET_RR, VOWEL_RR, romanized


@dataclass(frozen=True, slots=True)
class Rule:
    """A kind of sound change, named in Korean and English."""

    key: str
    korean: str
    english: str


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule("liaison", "연음", "liaison"),
        Rule("neutralization", "받침의 대표음", "final-consonant neutralization"),
        Rule("cluster", "겹받침 단순화", "consonant-cluster simplification"),
        Rule("palatalization", "구개음화", "palatalization"),
        Rule("aspiration", "격음화", "aspiration"),
        Rule("h_deletion", "ㅎ 탈락", "ㅎ deletion"),
        Rule("nasalization", "비음화", "nasalization"),
        Rule("lateralization", "유음화", "lateralization"),
        Rule("l_to_n", "ㄹ의 비음화", "ㄹ said ㄴ"),
        Rule("tensing", "경음화", "tensing"),
        Rule("n_insertion", "ㄴ 첨가", "ㄴ insertion"),
        Rule("sai_siot", "사이시옷", "sai-siot"),
        Rule("ui", "ㅢ의 발음", "ㅢ reading"),
        Rule("yeo", "져·쪄·쳐의 발음", "져, 쪄, 쳐 said 저, 쩌, 처"),
    )
}


class Change(NamedTuple):
    """One sound change: its rule, the article of 표준 발음법, and the syllables it touches.

    `start` is the offset of the first syllable involved in the (NFC) text; `before` and
    `after` are those syllables just before and just after this change (a space between
    them when the change crosses one).
    """

    rule: Rule
    article: str
    start: int
    before: str
    after: str

    def explain(self) -> str:
        """One line for a learner: `국물 → 궁물: nasalization (비음화), 표준 발음법 제18항`."""
        rule = self.rule
        where = f"표준 발음법 {self.article}"
        return f"{self.before} → {self.after}: {rule.english} ({rule.korean}), {where}"


# A step is (rule key, article, final after, initial after) at one syllable boundary, or
# (rule key, article, vowel after, "") for the one-syllable vowel rules.
Step = tuple[str, str, str, str]

_TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅂ": "ㅃ", "ㅅ": "ㅆ", "ㅈ": "ㅉ"}
_NASAL = {"ㄱ": "ㅇ", "ㄷ": "ㄴ", "ㅂ": "ㅁ"}
# 제9항: a single final before a consonant or at the end is one of seven sounds.
_PLAIN = {
    "ㄲ": "ㄱ", "ㅋ": "ㄱ", "ㅅ": "ㄷ", "ㅆ": "ㄷ", "ㅈ": "ㄷ", "ㅊ": "ㄷ", "ㅌ": "ㄷ",
    "ㅍ": "ㅂ", "ㅎ": "ㄷ",
}  # fmt: skip
# 제10-11항: a two-letter final keeps one letter (the article is the second value).
_CLUSTER_KEEPS = {
    "ㄳ": ("ㄱ", "제10항"), "ㄵ": ("ㄴ", "제10항"), "ㄼ": ("ㄹ", "제10항"),
    "ㄽ": ("ㄹ", "제10항"), "ㄾ": ("ㄹ", "제10항"), "ㅄ": ("ㅂ", "제10항"),
    "ㄺ": ("ㄱ", "제11항"), "ㄻ": ("ㅁ", "제11항"), "ㄿ": ("ㅂ", "제11항"),
}  # fmt: skip
# Before a vowel a two-letter final keeps its first letter and links the second (제14항).
_CLUSTER_PARTS = {
    "ㄳ": ("ㄱ", "ㅅ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄶ": ("ㄴ", "ㅎ"), "ㄺ": ("ㄹ", "ㄱ"),
    "ㄻ": ("ㄹ", "ㅁ"), "ㄼ": ("ㄹ", "ㅂ"), "ㄽ": ("ㄹ", "ㅅ"), "ㄾ": ("ㄹ", "ㅌ"),
    "ㄿ": ("ㄹ", "ㅍ"), "ㅀ": ("ㄹ", "ㅎ"), "ㅄ": ("ㅂ", "ㅅ"),
}  # fmt: skip
# ㅎ finals and what is left of them once the ㅎ has merged or dropped (제12항).
_H_REST = {"ㅎ": "", "ㄶ": "ㄴ", "ㅀ": "ㄹ"}
_H_ASPIRATES = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅈ": "ㅊ"}
# 제12항 붙임 1-2: a final ㄱ, ㄷ, ㅂ, ㅈ (or one said so) and a following ㅎ make one
# aspirate; a cluster keeps its other letter (밝히다 [발키다], 앉히다 [안치다]).
_MERGES_WITH_H = {
    "ㄱ": ("", "ㅋ"), "ㄲ": ("", "ㅋ"), "ㅋ": ("", "ㅋ"), "ㄳ": ("", "ㅋ"), "ㄺ": ("ㄹ", "ㅋ"),
    "ㄷ": ("", "ㅌ"), "ㅅ": ("", "ㅌ"), "ㅆ": ("", "ㅌ"), "ㅊ": ("", "ㅌ"), "ㅌ": ("", "ㅌ"),
    "ㅈ": ("", "ㅊ"), "ㄵ": ("ㄴ", "ㅊ"),
    "ㅂ": ("", "ㅍ"), "ㅍ": ("", "ㅍ"), "ㅄ": ("", "ㅍ"), "ㄼ": ("ㄹ", "ㅍ"), "ㄿ": ("", "ㅍ"),
}  # fmt: skip
# 제16항: what the final of a letter's name links as.
_LETTER_LINKS = {"ㄷ": "ㅅ", "ㅈ": "ㅅ", "ㅊ": "ㅅ", "ㅌ": "ㅅ", "ㅎ": "ㅅ", "ㅋ": "ㄱ", "ㅍ": "ㅂ"}


class _Boundary:
    """The steps at one boundary, with the letters romanization writes kept apart."""

    __slots__ = ("coda", "onset", "rr_coda", "rr_onset", "steps")

    def __init__(self, coda: str, onset: str) -> None:
        self.coda, self.onset = coda, onset
        self.rr_coda, self.rr_onset = coda, onset
        self.steps: list[Step] = []

    def step(self, key: str, article: str, coda: str, onset: str, written: bool = True) -> None:
        self.coda, self.onset = coda, onset
        if written:
            self.rr_coda, self.rr_onset = coda, onset
        self.steps.append((key, article, coda, onset))


BoundaryResult = tuple[tuple[Step, ...], str, str, str, str]


@cache
def resolve(
    coda: str, onset: str, vowel: str, flag: str, kind: str, verb_h: bool
) -> BoundaryResult:
    """What a final and the next syllable's initial become: steps, sound and romanized letters.

    `vowel` is the next syllable's vowel; `flag` a word-list rule for this boundary ("insert",
    "nn", "t24", "t26", "t27", "t28", "sai", "link", "letter"), "break" between two words
    said as one, or ""; `kind` says what the
    final's syllable is ("p" for 밟/넓 said with ㅂ, "noun" for a cluster that is not a stem);
    `verb_h` whether romanization writes an aspirated ㅎ here (a verb) or not (a noun).
    """
    b = _Boundary(coda, onset)
    if flag == "insert" and onset == "ㅇ":
        b.step("n_insertion", "제29항", coda, "ㄴ")
        onset = "ㄴ"
    if onset == "ㅇ":
        _before_vowel(b, coda, vowel, flag)
    elif coda in _H_REST:
        _after_h(b, coda, onset, vowel, flag, kind)
    elif onset == "ㅎ" and coda in _MERGES_WITH_H:
        if flag == "break":  # 제12항 붙임 2: across words the final is said first (낮 한때)
            plain, article = _final_sound(coda, onset, kind)
            if plain != coda:
                key = "cluster" if coda in _CLUSTER_KEEPS else "neutralization"
                b.step(key, article, plain, onset)
            coda = plain
            if coda not in _MERGES_WITH_H:
                return tuple(b.steps), b.coda, b.onset, b.rr_coda, b.rr_onset
        keep, aspirate = _MERGES_WITH_H[coda]
        b.step("aspiration", "제12항", keep, aspirate, written=verb_h)
        if aspirate == "ㅌ" and (vowel == "ㅣ" or (vowel == "ㅕ" and verb_h)):
            # 제17항 붙임: 굳히다 [구치다], 닫혀 (닫히어); not the noun 맏형 [마텽].
            b.step("palatalization", "제17항", keep, "ㅊ", written=verb_h)
        if not verb_h:  # 묵호 Mukho: in nouns romanization writes the ㅎ
            b.rr_coda, b.rr_onset = _final_sound(coda, onset, kind)[0], "ㅎ"
    elif coda:
        _between_consonants(b, coda, onset, vowel, flag, kind)
    return tuple(b.steps), b.coda, b.onset, b.rr_coda, b.rr_onset


def _before_vowel(b: _Boundary, coda: str, vowel: str, flag: str) -> None:
    if coda in ("", "ㅇ"):
        return
    if flag == "letter" and coda in _LETTER_LINKS:  # 제16항: 디귿이 [디그시], 히읗이 [히으시]
        b.step("liaison", "제16항", "", _LETTER_LINKS[coda])
        return
    if coda in _H_REST:  # 제12항 4: 좋아 [조아], 많아 [마ː나]
        rest = _H_REST[coda]
        b.step("h_deletion", "제12항", rest, "ㅇ")
        if rest:
            b.step("liaison", "제13항", "", rest)
        return
    if (vowel == "ㅣ" and coda in ("ㄷ", "ㅌ", "ㄾ")) or (vowel == "ㅕ" and coda == "ㅌ"):
        # 제17항: before the ㅣ of a suffix or particle (같이 [가치]); ㅌ also before 여,
        # the contraction of 이어 (붙여).
        b.step(
            "palatalization", "제17항", "ㄹ" if coda == "ㄾ" else "", "ㅈ" if coda == "ㄷ" else "ㅊ"
        )
        return
    if flag == "link":  # 제15항: 맛없다 [마덥따], 값어치 [가버치]
        if coda in _CLUSTER_KEEPS:
            plain = _CLUSTER_KEEPS[coda][0]
            b.step("cluster", "제15항", plain, "ㅇ")
        else:
            plain = _PLAIN.get(coda, coda)
            if plain != coda:
                b.step("neutralization", "제15항", plain, "ㅇ")
        b.step("liaison", "제15항", "", plain)
        return
    if coda in _CLUSTER_PARTS:  # 제14항: 닭을 [달글]; a linked ㅅ is tense (값을 [갑쓸])
        first, second = _CLUSTER_PARTS[coda]
        b.step("liaison", "제14항", first, second)
        if second == "ㅅ":
            b.step("tensing", "제14항", first, "ㅆ", written=False)
        return
    b.step("liaison", "제13항", "", coda)  # 제13항: 옷이 [오시], 있어 [이써]


def _after_h(b: _Boundary, coda: str, onset: str, vowel: str, flag: str, kind: str) -> None:
    rest = _H_REST[coda]
    if onset in _H_ASPIRATES:  # 제12항 1: 놓고 [노코], 많고 [만ː코]
        b.step("aspiration", "제12항", rest, _H_ASPIRATES[onset])
        return
    if onset == "ㅅ":  # 제12항 2: 닿소 [다ː쏘]; romanization writes the plain ㅅ
        b.step("tensing", "제12항", rest, "ㅆ", written=False)
        b.rr_coda, b.rr_onset = rest, "ㅅ"
        return
    if onset == "ㄴ":
        if coda == "ㅎ":  # 제12항 3: 놓는 [논는]
            b.step("nasalization", "제12항", "ㄴ", "ㄴ")
        else:  # 제12항 3 붙임: 않네 [안네], 뚫는 [뚤는 → 뚤른]
            b.step("h_deletion", "제12항", rest, "ㄴ")
            if rest == "ㄹ":
                b.step("lateralization", "제20항", "ㄹ", "ㄹ")
        return
    # Before any other consonant the ㅎ is not said: ㅎ as ㄷ (제8항), ㄶ and ㅀ drop it.
    if coda == "ㅎ":
        b.step("neutralization", "제8항", "ㄷ", onset)
        _between_consonants(b, "ㄷ", onset, vowel, flag, kind)
    else:
        b.step("h_deletion", "제12항", rest, onset)
        _between_consonants(b, rest, onset, vowel, flag, kind)


def _final_sound(coda: str, onset: str, kind: str) -> tuple[str, str]:
    """The one sound a final keeps before a consonant or at the end, and the article saying so."""
    if kind == "p":  # 제10항 다만: 밟다 [밥ː따], 넓죽하다 [넙쭈카다]
        return "ㅂ", "제10항"
    if coda == "ㄺ" and onset == "ㄱ" and kind != "noun":  # 제11항 다만: 맑게 [말께]
        return "ㄹ", "제11항"
    if coda in _CLUSTER_KEEPS:
        return _CLUSTER_KEEPS[coda]
    if coda in _H_REST:
        return (_H_REST[coda] or "ㄷ"), "제12항"
    return _PLAIN.get(coda, coda), "제9항"


def _between_consonants(
    b: _Boundary, coda: str, onset: str, vowel: str, flag: str, kind: str
) -> None:
    if flag == "sai" and coda == "ㅅ" and onset in _TENSE:
        # 제30항 1: 햇살 [해쌀]; romanization writes the allowed [핻쌀] (haetsal).
        b.step("sai_siot", "제30항", "", _TENSE[onset], written=False)
        b.rr_coda, b.rr_onset = "ㄷ", onset
        return
    spelled = coda
    sound, article = _final_sound(coda, onset, kind)
    if sound != coda:
        b.step("cluster" if coda in _CLUSTER_KEEPS else "neutralization", article, sound, onset)
    inserted = any(step[0] == "n_insertion" for step in b.steps)
    if sound in _NASAL:
        if onset == "ㄹ":  # 제19항 붙임: 막론 [막논 → 망논]
            b.step("l_to_n", "제19항", sound, "ㄴ")
            onset = "ㄴ"
        if onset in ("ㄴ", "ㅁ"):  # 제18항: 국물 [궁물]; after an added ㄴ: 색연필 [생년필]
            b.step("nasalization", "제18항", _NASAL[sound], onset)
        elif onset in _TENSE:  # 제23항: 국밥 [국빱]
            b.step("tensing", "제23항", sound, _TENSE[onset], written=False)
        return
    if onset == "ㄹ":
        if sound in ("ㅁ", "ㅇ"):  # 제19항: 담력 [담ː녁], 종로 [종노]
            b.step("l_to_n", "제19항", sound, "ㄴ")
        elif sound == "ㄴ":
            if flag == "nn":  # 제20항 다만: 생산량 [생산냥]
                b.step("l_to_n", "제20항", "ㄴ", "ㄴ")
            else:  # 제20항: 신라 [실라]
                b.step("lateralization", "제20항", "ㄹ", "ㄹ")
        return
    if onset == "ㄴ" and sound == "ㄹ":  # 제20항 (2): 칼날 [칼랄]; 제29항 붙임 1: 솔잎 [솔립]
        b.step("lateralization", "제29항" if inserted else "제20항", "ㄹ", "ㄹ")
        return
    if onset not in _TENSE:
        return
    article = ""
    if spelled == "ㄺ" and sound == "ㄹ":
        article = "제23항"  # ㄺ said ㄹ still tenses: 맑게 [말께]
    elif spelled in ("ㄵ", "ㄻ") and kind != "noun" and onset != "ㅂ":
        # 제24항: 앉고 [안꼬], 젊지 [점ː찌]; 다만: not the -기- of 굶기다, 옮기다.
        if not (onset == "ㄱ" and vowel in ("ㅣ", "ㅕ")):
            article = "제24항"
    elif spelled in ("ㄼ", "ㄾ") and sound == "ㄹ" and kind != "noun" and onset != "ㅂ":
        article = "제25항"  # 넓게 [널께], 핥다 [할따]
    elif flag == "t24" and onset != "ㅂ":
        article = "제24항"  # 신고 [신ː꼬], 삼고 [삼ː꼬]
    elif flag == "t26" and sound == "ㄹ" and onset in ("ㄷ", "ㅅ", "ㅈ"):
        article = "제26항"  # 갈등 [갈뜽]
    elif flag == "t27" and sound == "ㄹ":
        article = "제27항"  # 할수록 [할쑤록]
    elif flag == "t28":
        article = "제28항"  # 눈빛 [눈삗]
    if article:
        b.step("tensing", article, sound, _TENSE[onset], written=False)


def _verb_h(syllables: str, index: int, onset: str, vowel: str, coda: str) -> bool:
    """Whether romanization writes the ㅎ at `index` merged with the final before it.

    The romanization rules (제3장 제1항 4) write ㅎ in nouns (묵호 Mukho, 집현전
    Jiphyeonjeon) but not in verbs and adjectives (잡혀 japyeo), and the letters alone do not
    say which a word is. The verb side is the suffixes 하다 (행복해, 못해), 히/혀 (잡혀,
    굳히다, 급히); 하 ending a word (축하) and every other ㅎ syllable (호, 현, 화, 학) are
    taken as part of a noun. Pronunciation merges the ㅎ in both (묵호 [무코]).
    """
    if onset != "ㅎ":
        return False
    last = index == len(syllables) - 1
    if vowel == "ㅏ":
        return coda in ("ㄴ", "ㄹ", "ㅁ") or (coda in ("", "ㅂ") and not last)
    if vowel in ("ㅐ", "ㅕ"):
        return coda in ("", "ㅆ")
    if vowel == "ㅣ":
        return coda in ("", "ㄴ", "ㄹ", "ㅁ")
    return False


def _word_flags(syllables: str) -> dict[int, str]:
    """The word-list rules in a run of syllables, by the index of the syllable they change."""
    flags: dict[int, str] = {}
    for found in words.WORD_PATTERN.finditer(syllables):
        for kind, index in words.WORD_RULES[found.group()]:
            flags[found.start() + index] = kind
    stem = words.NM_STEM_WORD.match(syllables)
    if stem:
        flags.setdefault(stem.end(), "t24")
    for found in words.L_ENDING.finditer(syllables):
        flags.setdefault(found.end(), "t27")
    return flags


# The steps at each boundary of a reading, as (index of the syllable before it, steps from
# `resolve`); and the one-syllable steps as (index, rule key, article, "f" for the last final
# or "v" for a vowel, the letter it becomes).
BoundarySteps = tuple[int, tuple[Step, ...]]
SyllableStep = tuple[int, str, str, str, str]


class Reading(NamedTuple):
    """One run of syllables said aloud: in Hangul, in romanized letters, and the steps."""

    sound: str
    roman: str
    boundary_steps: tuple[BoundarySteps, ...]
    syllable_steps: tuple[SyllableStep, ...]


# The kind of a final's syllable, for the few syllables whose final is read apart.
_SYLLABLE_KINDS = {syllable: "noun" for syllable in words.CLUSTER_NOUNS} | {"밟": "p", "넓": "p"}


# Vowels that start with the glide of ㅣ: a following word starting with one gets a ㄴ.
_I_VOWELS = frozenset("ㅣㅑㅕㅛㅠㅒㅖ")
# After these -(으)ㄹ forms any word's first consonant is tense (갈 곳 [갈꼳]); after 을,
# 올, 일, 줄, 볼, 날, which are also particles, determiners or nouns, only a dependent noun.
_AMBIGUOUS_L = frozenset("을올일줄볼날칠")
# What may follow a dependent noun inside its word: particles, the copula and its endings
# (할 수는, 할 것을, 갈 데가, 할 거예요). A word like 지금도 or 거의 only starts like one.
_DEPENDENT_WORD_ENDINGS = frozenset(
    ("", "을", "를", "이", "가", "은", "는", "도", "만", "에", "야", "요", "죠", "다", "라",
     "예요", "이에요", "이야", "인데", "인지", "처럼", "까지", "밖에", "뿐", "지", "고", "면",
     "니까")
)  # fmt: skip


def _is_dependent_noun_word(word: str) -> bool:
    """A dependent noun alone or with a particle or the copula: 수, 수는, 거예요, 것을."""
    return word[0] in words.DEPENDENT_NOUNS and word[1:] in _DEPENDENT_WORD_ENDINGS


def adnominal_before(previous: str, following: str) -> bool:
    """제27항 across a space: is the word `previous` the -(으)ㄹ adnominal before `following`?

    Before a dependent noun (할 수, 바꿀 거예요) any final ㄹ is the ending; before other
    words only the syllables that are rarely anything else (할, 갈, 기다릴), since a noun
    or the particle 을 also ends in ㄹ (며칠 더, 일을 지금도: no tensing)."""
    last = previous[-1]
    if PARTS[last][2] != "ㄹ":
        return False
    if _is_dependent_noun_word(following):
        return True
    return last in words.L_ENDING_SYLLABLES and last not in _AMBIGUOUS_L


def _phrase_flags(syllables: str, breaks: tuple[int, ...]) -> dict[int, str]:
    """Word-list rules word by word, and what happens where one word meets the next."""
    flags: dict[int, str] = {}
    starts = (0, *breaks)
    ends = (*breaks, len(syllables))
    for start, end in zip(starts, ends, strict=True):
        if end - start > 1:
            for index, kind in _word_flags(syllables[start:end]).items():
                flags[start + index] = kind
    for start, end, following in zip(starts, breaks, ends[1:], strict=False):
        onset, vowel, _ = PARTS[syllables[end]]
        if onset == "ㅇ" and PARTS[syllables[end - 1]][2]:
            # 제29항 붙임 2: 옷 입다 [온닙따], 할 일 [할릴]; 제15항: 밭 아래 [바다래].
            flags[end] = "insert" if vowel in _I_VOWELS else "link"
        elif adnominal_before(syllables[start:end], syllables[end:following]):
            flags[end] = "t27"  # 제27항: 할 것을 [할꺼슬]
        else:
            flags[end] = "break"
    return flags


Hints = tuple[tuple[int, str], ...]


@lru_cache(maxsize=65536)
def read(syllables: str, breaks: tuple[int, ...] = (), hints: Hints | None = None) -> Reading:
    """Pronounce one run of precomposed syllables: every rule inside it.

    `breaks` are the indexes of syllables that start a new word when several words are said
    as one breath group (the spaces taken out); without them the run is one word. One pass,
    left to right: the boundary after a syllable settles its final (and the next initial),
    so each syllable is written out, said and romanized, as soon as it is passed. `hints`,
    from the morphological analyser, replace the letter heuristics for tensing after a stem
    (제24항) and after the -(으)ㄹ ending (제27항): (syllable index, "t24" or "t27").
    """
    parts = [PARTS[ch] for ch in syllables]
    last = len(parts) - 1
    flags = _phrase_flags(syllables, breaks) if breaks else _word_flags(syllables) if last else {}
    if hints is not None:
        flags = {index: flag for index, flag in flags.items() if flag not in ("t24", "t27")}
        flags.update(hints)
    onset, vowel, coda = parts[0]
    spelled_onset = rr_onset = onset
    sound: list[str] = []
    roman: list[str] = []
    boundaries: list[BoundarySteps] = []
    singles: list[SyllableStep] = []
    for index in range(last + 1):
        if index < last:
            next_onset, next_vowel, next_coda = parts[index + 1]
            syllable = syllables[index]
            if flags or next_onset == "ㅎ" or syllable in _SYLLABLE_KINDS:
                kind = _SYLLABLE_KINDS.get(syllable, "")
                if kind == "p" and (
                    next_onset == "ㅇ" if syllable == "밟" else syllables[index + 1] not in "죽둥"
                ):
                    kind = ""  # 제10항 다만: 밟 before a consonant, 넓 only in 넓죽-, 넓둥-
                verb_h = next_onset == "ㅎ" and _verb_h(
                    syllables, index + 1, next_onset, next_vowel, next_coda
                )
                flag = flags.get(index + 1, "")
                result = resolve(coda, next_onset, next_vowel, flag, kind, verb_h)
            else:  # the common case: no word-list rule, no ㅎ, no special syllable
                result = resolve(coda, next_onset, next_vowel, "", "", False)
            steps, coda_said, next_said, rr_coda, next_rr = result
            if steps:
                boundaries.append((index, steps))
        else:  # the last final, at the end of the word (제9-12항)
            key, article, coda_said = _word_final(coda, syllables[index] == "밟")
            if key:
                singles.append((index, key, article, "f", coda_said))
            rr_coda = coda_said
        # 제5항: ㅢ after a written consonant is ㅣ (희망 [히망]); 져, 쪄, 쳐 are 저, 쩌, 처.
        vowel_said = vowel
        if vowel == "ㅢ" and spelled_onset != "ㅇ":
            vowel_said = "ㅣ"
            singles.append((index, "ui", "제5항", "v", "ㅣ"))
        elif vowel == "ㅕ" and onset in ("ㅈ", "ㅉ", "ㅊ"):
            vowel_said = "ㅓ"
            singles.append((index, "yeo", "제5항", "v", "ㅓ"))
        sound.append(SYLLABLES[onset, vowel_said, coda_said])
        roman.append(ONSET_RR[rr_onset] + VOWEL_RR[vowel] + CODA_RR[rr_coda])
        if index < last:
            spelled_onset, vowel, coda = next_onset, next_vowel, next_coda
            onset, rr_onset = next_said, next_rr
    return Reading("".join(sound), romanized("".join(roman)), tuple(boundaries), tuple(singles))


@cache
def _word_final(coda: str, p: bool) -> tuple[str, str, str]:
    """What a final says at the end of a word: rule key ("" if none), article, sound."""
    sound, article = _final_sound(coda, "", "p" if p else "")
    if sound == coda:
        return "", "", sound
    if coda in ("ㄶ", "ㅀ"):
        return "h_deletion", article, sound
    return ("cluster" if coda in _CLUSTER_KEEPS or p else "neutralization"), article, sound


@lru_cache(maxsize=65536)
def explain(
    syllables: str, breaks: tuple[int, ...] = (), hints: Hints | None = None
) -> tuple[tuple[str, str, int, str, str], ...]:
    """The steps of `read` as (rule key, article, syllable index, before, after) for people."""
    parts = [list(split(ch)) for ch in syllables]
    described = []
    reading = read(syllables, breaks, hints)
    for index, steps in reading.boundary_steps:
        left, right = parts[index], parts[index + 1]
        space = " " if index + 1 in breaks else ""
        for key, article, coda, onset in steps:
            before = compose(*left) + space + compose(*right)
            left[2], right[0] = coda, onset
            after = compose(*left) + space + compose(*right)
            described.append((key, article, index, before, after))
    for index, key, article, where, letter in reading.syllable_steps:
        syllable = parts[index]
        before = compose(*syllable)
        syllable[2 if where == "f" else 1] = letter
        described.append((key, article, index, before, compose(*syllable)))
    return tuple(described)


def tensed_initial(syllable: str) -> str | None:
    """The syllable with its initial tensed (제27항 across a space), or None if it cannot be."""
    onset, vowel, coda = split(syllable)
    if onset not in _TENSE:
        return None
    return compose(_TENSE[onset], vowel, coda)
