"""Hangul detection and Revised Romanization of Korean (2000), with its sound-change rules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The rule text is 국어의 로마자 표기법 (문화관광부 고시 제2000-8호). Chapter 2 gives the
# letter tables; chapter 3 article 1 says to write pronunciation, and pronunciation follows
# 표준 발음법 (the standard pronunciation rules), whose article numbers the comments cite.

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3

# Unicode orders syllables as initial, then 21 vowels, then 28 finals; these are the letters in that
# order, so arithmetic on the code point gives the three parts of a syllable.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

# Chapter 2, article 1: vowels (ㅢ is ui even where it is pronounced ㅣ, as in 광희문).
_VOWEL_RR = {
    "ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "eo", "ㅔ": "e", "ㅕ": "yeo",
    "ㅖ": "ye", "ㅗ": "o", "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u",
    "ㅝ": "wo", "ㅞ": "we", "ㅟ": "wi", "ㅠ": "yu", "ㅡ": "eu", "ㅢ": "ui", "ㅣ": "i",
}  # fmt: skip
# Chapter 2, article 2: a consonant at the start of a syllable (ㄱ/ㄷ/ㅂ as g/d/b, ㄹ as r).
_ONSET_RR = {
    "ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b",
    "ㅃ": "pp", "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k",
    "ㅌ": "t", "ㅍ": "p", "ㅎ": "h",
}  # fmt: skip
# Before a consonant or at the end a final is one of seven sounds (표준 발음법 제8-11항):
# ㄱ/ㄷ/ㅂ as k/t/p, ㄹ as l. Clusters keep one consonant (값 gap, 닭 dak).
_CODA_RR = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄴ": "n", "ㄵ": "n", "ㄶ": "n", "ㄷ": "t",
    "ㄹ": "l", "ㄺ": "k", "ㄻ": "m", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㄿ": "p", "ㅀ": "l",
    "ㅁ": "m", "ㅂ": "p", "ㅄ": "p", "ㅅ": "t", "ㅆ": "t", "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t",
    "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "t",
}  # fmt: skip
# A two-letter final keeps its first letter and moves the second to a following vowel
# (제14항: 값이 gapsi, 읽어 ilgeo, 앉아 anja).
_CLUSTERS = {
    "ㄳ": ("ㄱ", "ㅅ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄶ": ("ㄴ", "ㅎ"), "ㄺ": ("ㄹ", "ㄱ"),
    "ㄻ": ("ㄹ", "ㅁ"), "ㄼ": ("ㄹ", "ㅂ"), "ㄽ": ("ㄹ", "ㅅ"), "ㄾ": ("ㄹ", "ㅌ"),
    "ㄿ": ("ㄹ", "ㅍ"), "ㅀ": ("ㄹ", "ㅎ"), "ㅄ": ("ㅂ", "ㅅ"),
}  # fmt: skip
_NASAL = {"k": "ng", "t": "n", "p": "m"}
_ASPIRATED = {"ㄱ": "k", "ㄷ": "t", "ㅈ": "ch"}
_H_FINALS = {"ㅎ": "", "ㄶ": "n", "ㅀ": "l"}


def _join(coda: str, onset: str) -> tuple[str, str]:
    """What a final and the next initial sound like together, before any word-level rule."""
    if onset == "ㅇ":  # linking (제13, 14항): the final moves to the following vowel
        if coda in ("", "ㅇ"):
            return _CODA_RR[coda], ""
        if coda in _H_FINALS:  # ㅎ is silent before a vowel (제12항 4: 좋아 joa, 않아 ana)
            return "", _ONSET_RR[_CLUSTERS[coda][0]] if coda != "ㅎ" else ""
        if coda in _CLUSTERS:
            first, second = _CLUSTERS[coda]
            return _CODA_RR[first], _ONSET_RR[second]
        return "", _ONSET_RR[coda]
    if coda == "":
        return "", _ONSET_RR[onset]
    if coda in _H_FINALS:  # 제12항: ㅎ merges with the next consonant
        rest = _H_FINALS[coda]
        if onset in _ASPIRATED:  # 좋고 joko, 놓다 nota, 낳지 nachi, 많다 manta
            return rest, _ASPIRATED[onset]
        if onset == "ㄴ":  # 놓는 nonneun, 않는 anneun, 뚫는 ttulleun
            return ("l", "l") if rest == "l" else ("n", "n")
        if onset == "ㄹ":
            return ("l", "l") if rest == "l" else ("n", "n")
        if onset == "ㅁ" and not rest:
            return "n", "m"
        if onset in ("ㅅ", "ㅎ"):  # 좋소: ㅎ+ㅅ is a tense ㅆ, and tensing is not written
            return rest, _ONSET_RR[onset]
        return rest or "t", _ONSET_RR[onset]
    sound = _CODA_RR[coda]
    if coda == "ㄺ" and onset == "ㄱ":  # 제11항 붙임: 읽고 ilgo, 맑게 malge
        sound = "l"
    if sound in _NASAL:
        if onset in ("ㄴ", "ㅁ"):  # 제18항 nasal assimilation: 백마 baengma, 있는 inneun
            return _NASAL[sound], _ONSET_RR[onset]
        if onset == "ㄹ":  # 제19항 붙임: ㄹ becomes ㄴ, then nasalizes (왕십리 wangsimni)
            return _NASAL[sound], "n"
        return sound, _ONSET_RR[onset]  # 압구정 apgujeong: tensing is not written
    if onset == "ㄹ":
        if sound in ("n", "l"):  # 제20항 lateral assimilation: 신라 silla, 울릉 ulleung
            return "l", "l"
        return sound, "n"  # 제19항: 종로 jongno, 담력 damnyeok
    if sound == "l" and onset == "ㄴ":  # 제20항: 별내 byeollae
        return "l", "l"
    return sound, _ONSET_RR[onset]


# Every pair of a final and an initial, computed once: the inner loop only looks things up.
_JOIN = {(coda, onset): _join(coda, onset) for coda in _FINALS for onset in _INITIALS}

# ㄴ-insertion (표준 발음법 제29항) depends on where one word of a compound ends, which
# the letters do not show: 일요일 is iryoil but 알약 is allyak. Only the words listed here
# get it; the position is the syllable whose silent ㅇ is pronounced ㄴ. 막일 is left out on
# purpose: it hides inside 마지막일지도 ("might be the last"), which has no insertion.
_N_INSERTION = {
    "학여울": 1,  # 제3장 제1항 example: Hangnyeoul
    "알약": 1,  # 제3장 제1항 example: allyak
    "솜이불": 1, "홑이불": 1, "맨입": 1, "꽃잎": 1, "내복약": 2, "한여름": 1,
    "신여성": 1, "색연필": 1, "늑막염": 2, "콩엿": 1, "담요": 1, "눈요기": 1,
    "영업용": 2, "식용유": 2, "솔잎": 1, "물약": 1, "서울역": 2, "물엿": 1, "휘발유": 2,
}  # fmt: skip
# Sino-Korean compounds where ㄴ+ㄹ is pronounced ㄴㄴ, not ㄹㄹ (제20항 붙임).
_NN_WORDS = {
    "신문로": 2,  # 제3장 제1항 example: sinmunno
    "의견란": 2, "생산량": 2, "결단력": 2, "공권력": 2, "동원령": 2, "상견례": 2,
    "횡단로": 2, "이원론": 2, "입원료": 2,
}  # fmt: skip
_WORD_RULES = re.compile("|".join(sorted([*_N_INSERTION, *_NN_WORDS], key=len, reverse=True)))

_RUN = re.compile("[\uac00-\ud7a3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")
_SYLLABLES = re.compile("[\uac00-\ud7a3]+")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\ud7b0-\ud7ff]")


def is_hangul_syllable(ch: str) -> bool:
    """True for one precomposed Hangul syllable (가..힣)."""
    return len(ch) == 1 and _SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST


def contains_hangul(text: str) -> bool:
    """True if the text has any Hangul: syllables or jamo (conjoining or compatibility)."""
    return _HANGUL.search(text) is not None


def _aspirates(syllables: str, index: int, onset: str, vowel: str, coda: str) -> bool:
    """Whether ㅎ at `index` merges with the previous final (제12항 3: 잡혀 japyeo).

    The standard writes ㅎ in nouns (묵호 Mukho, 집현전 Jiphyeonjeon) but not in verbs and
    adjectives, and the letters alone do not say which a word is. The verb side is the
    suffixes 하다 (행복해, 못해), 히/혀 (잡혀, 굳히다, 급히); 하 ending a word (축하) and
    every other ㅎ syllable (호, 현, 화, 학) are taken as part of a noun.
    """
    if onset != "ㅎ":
        return False
    last = index == len(syllables) - 1
    if vowel == "ㅏ":
        return coda in ("ㄴ", "ㄹ", "ㅁ") or (coda in ("", "ㅂ") and not last)
    if vowel == "ㅐ":
        return coda in ("", "ㅆ")
    if vowel == "ㅣ":
        return coda in ("", "ㄴ", "ㄹ", "ㅁ")
    if vowel == "ㅕ":
        return coda in ("", "ㅆ")
    return False


# Finals before an aspirating ㅎ: what stays, and which aspirate the pair makes.
_BEFORE_H = {
    "ㄱ": ("", "k"), "ㄲ": ("", "k"), "ㅋ": ("", "k"), "ㄳ": ("k", "s"), "ㄺ": ("l", "k"),
    "ㄷ": ("", "t"), "ㅅ": ("", "t"), "ㅆ": ("", "t"), "ㅈ": ("", "t"), "ㅊ": ("", "t"),
    "ㅌ": ("", "t"), "ㄵ": ("n", "ch"), "ㅂ": ("", "p"), "ㅍ": ("", "p"), "ㅄ": ("p", "s"),
    "ㄼ": ("l", "p"), "ㄿ": ("l", "p"),
}  # fmt: skip

# 제17항 palatalization before the ㅣ of a suffix (해돋이 haedoji, 같이 gachi, 핥이다
# halchida); ㅌ also before 여, the contraction of 이어 (붙여 buchyeo).
_PALATAL = {
    ("ㄷ", "ㅣ"): ("", "j"), ("ㅌ", "ㅣ"): ("", "ch"), ("ㄾ", "ㅣ"): ("l", "ch"),
    ("ㅌ", "ㅕ"): ("", "ch"),
}  # fmt: skip


def _romanize_syllables(syllables: str) -> str:
    """Romanize one run of precomposed syllables, applying the sound changes inside it."""
    parts = []
    for ch in syllables:
        code = ord(ch) - _SYLLABLE_FIRST
        parts.append([_INITIALS[code // 588], _VOWELS[code // 28 % 21], _FINALS[code % 28]])
    nn_at = -1
    for found in _WORD_RULES.finditer(syllables):
        word = found.group()
        if word in _N_INSERTION:
            parts[found.start() + _N_INSERTION[word]][0] = "ㄴ"
        else:
            nn_at = found.start() + _NN_WORDS[word]
    out = []
    onset_rr = _ONSET_RR[parts[0][0]]
    for index, (_, vowel, coda) in enumerate(parts):
        out.append(onset_rr)
        out.append(_VOWEL_RR[vowel])
        if index + 1 == len(parts):
            # 밟다 is the one ㄼ verb said with its ㅂ (제10항); others keep ㄹ (여덟 yeodeol).
            out.append("p" if syllables[index] == "밟" else _CODA_RR[coda])
            break
        next_onset, next_vowel, next_coda = parts[index + 1]
        if coda in _BEFORE_H and _aspirates(syllables, index + 1, next_onset, next_vowel,
                                            next_coda):  # fmt: skip
            coda_rr, onset_rr = _BEFORE_H[coda]
            # 제17항: ㄷ/ㅌ/ㅈ with 히 or 혀 is ㅊ (굳히다 guchida, 잊혀 ichyeo).
            if coda in ("ㄷ", "ㅌ", "ㅈ", "ㅊ") and next_vowel in ("ㅣ", "ㅕ"):
                onset_rr = "ch"
        elif next_onset == "ㅇ" and (coda, next_vowel) in _PALATAL:
            coda_rr, onset_rr = _PALATAL[coda, next_vowel]
        elif index + 1 == nn_at:
            coda_rr, onset_rr = "n", "n"
        elif syllables[index] == "밟" and next_onset != "ㅇ":
            coda_rr, onset_rr = _JOIN["ㅂ", next_onset]
        else:
            coda_rr, onset_rr = _JOIN[coda, next_onset]
        out.append(coda_rr)
    return "".join(out)


@lru_cache(maxsize=65536)
def _romanize_run(run: str) -> str:
    # Decomposed (NFD) Hangul is composed first; NFC is applied to the Hangul run only, so
    # the text around it is returned exactly as given.
    if not _SYLLABLES.fullmatch(run):
        run = unicodedata.normalize("NFC", run)
        return _SYLLABLES.sub(lambda m: _romanize_syllables(m.group()), run)
    return _romanize_syllables(run)


def _capitalized_run(found: re.Match[str]) -> str:
    romanized = _romanize_run(found.group())
    return romanized[:1].upper() + romanized[1:]


def _run(found: re.Match[str]) -> str:
    return _romanize_run(found.group())


def romanize(text: str, capitalize: bool = False) -> str:
    """Revised Romanization of `text`, pronunciation-based, in lower case.

    Each unbroken run of Hangul is romanized on its own (sound changes never cross a space
    or punctuation); everything else is returned unchanged. With `capitalize`, each run
    starts with a capital letter, as names and titles are written.
    """
    return _RUN.sub(_capitalized_run if capitalize else _run, text)


def initial_consonant(syllable: str) -> str:
    """The initial consonant of one precomposed Hangul syllable ("" for any other text)."""
    code = ord(syllable) if len(syllable) == 1 else 0
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return _INITIALS[(code - _SYLLABLE_FIRST) // 588]
    return ""
