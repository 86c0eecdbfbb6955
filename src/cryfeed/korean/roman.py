"""Revised Romanization (국어의 로마자 표기법, 2000) of what the pronunciation engine says."""

from __future__ import annotations

# The romanization rule text is 국어의 로마자 표기법 (문화관광부 고시 제2000-8호). Chapter 2
# gives the letter tables; chapter 3 article 1 says to write pronunciation, which the
# pronunciation engine (sounds.py) supplies, minus what romanization does not write.

# Chapter 2, article 1: vowels (ㅢ is ui even where it is pronounced ㅣ, as in 광희문).
VOWEL_RR = {
    "ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "eo", "ㅔ": "e", "ㅕ": "yeo",
    "ㅖ": "ye", "ㅗ": "o", "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u",
    "ㅝ": "wo", "ㅞ": "we", "ㅟ": "wi", "ㅠ": "yu", "ㅡ": "eu", "ㅢ": "ui", "ㅣ": "i",
}  # fmt: skip
# Chapter 2, article 2: a consonant at the start of a syllable (ㄱ/ㄷ/ㅂ as g/d/b, ㄹ as r).
ONSET_RR = {
    "ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b",
    "ㅃ": "pp", "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k",
    "ㅌ": "t", "ㅍ": "p", "ㅎ": "h",
}  # fmt: skip
# A final, once the engine has reduced it to the sound it keeps: ㄱ/ㄷ/ㅂ as k/t/p, ㄹ as l.
# The whole table is kept so a letter the engine left alone still has a spelling.
CODA_RR = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄴ": "n", "ㄵ": "n", "ㄶ": "n", "ㄷ": "t",
    "ㄹ": "l", "ㄺ": "k", "ㄻ": "m", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㄿ": "p", "ㅀ": "l",
    "ㅁ": "m", "ㅂ": "p", "ㅄ": "p", "ㅅ": "t", "ㅆ": "t", "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t",
    "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "t",
}  # fmt: skip


def romanized(letters: str) -> str:
    """Syllables romanized one by one, joined as the rules write them."""
    # Chapter 2, article 2, 붙임 2: ㄹㄹ is ll (울릉 Ulleung). Only a final ㄹ (l) before an
    # initial ㄹ (r) can put an l before an r, so the pair is fixed in one replace.
    return letters.replace("lr", "ll")
