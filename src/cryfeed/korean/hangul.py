"""Hangul letters: split a precomposed syllable into its three parts and put them back."""

from __future__ import annotations

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3

# Unicode orders syllables as initial, then 21 vowels, then 28 finals; these are the letters in that
# order, so arithmetic on the code point gives the three parts of a syllable.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

_INITIAL_INDEX = {letter: index for index, letter in enumerate(INITIALS)}
_VOWEL_INDEX = {letter: index for index, letter in enumerate(VOWELS)}
_FINAL_INDEX = {letter: index for index, letter in enumerate(FINALS)}


def split(syllable: str) -> tuple[str, str, str]:
    """The initial, vowel and final (or "") of one precomposed syllable."""
    code = ord(syllable) - SYLLABLE_FIRST
    return INITIALS[code // 588], VOWELS[code // 28 % 21], FINALS[code % 28]


def compose(initial: str, vowel: str, final: str) -> str:
    """The precomposed syllable made of an initial, a vowel and a final (or "")."""
    return chr(
        SYLLABLE_FIRST
        + (_INITIAL_INDEX[initial] * 21 + _VOWEL_INDEX[vowel]) * 28
        + _FINAL_INDEX[final]
    )


def initial_consonant(syllable: str) -> str:
    """The initial consonant of one precomposed Hangul syllable ("" for any other text)."""
    code = ord(syllable) if len(syllable) == 1 else 0
    if SYLLABLE_FIRST <= code <= SYLLABLE_LAST:
        return INITIALS[(code - SYLLABLE_FIRST) // 588]
    return ""


# Every syllable's parts, and back: two dictionaries (11,172 entries each) that make splitting
# and composing a run one lookup per syllable, which the pronunciation engine does for every
# word it has not seen.
PARTS: dict[str, tuple[str, str, str]] = {
    chr(SYLLABLE_FIRST + code): (INITIALS[code // 588], VOWELS[code // 28 % 21], FINALS[code % 28])
    for code in range(SYLLABLE_LAST - SYLLABLE_FIRST + 1)
}
SYLLABLES: dict[tuple[str, str, str], str] = {parts: ch for ch, parts in PARTS.items()}
