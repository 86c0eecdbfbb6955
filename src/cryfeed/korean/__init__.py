"""Korean: Hangul detection, standard pronunciation (표준 발음법) and Revised Romanization."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryfeed.korean import words
from cryfeed.korean.hangul import SYLLABLE_FIRST, SYLLABLE_LAST
from cryfeed.korean.sounds import RULES, Change, Rule, explain, read, tensed_initial

__all__ = [
    "RULES",
    "Change",
    "Pronunciation",
    "Rule",
    "contains_hangul",
    "is_hangul_syllable",
    "pronounce",
    "romanize",
    "sound_changes",
]

_RUN = re.compile("[\uac00-\ud7a3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")
_SYLLABLES = re.compile("[\uac00-\ud7a3]+")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\ud7b0-\ud7ff]")


def is_hangul_syllable(ch: str) -> bool:
    """True for one precomposed Hangul syllable (가..힣)."""
    return len(ch) == 1 and SYLLABLE_FIRST <= ord(ch) <= SYLLABLE_LAST


def contains_hangul(text: str) -> bool:
    """True if the text has any Hangul: syllables or jamo (conjoining or compatibility)."""
    return _HANGUL.search(text) is not None


@lru_cache(maxsize=65536)
def _romanize_run(run: str) -> str:
    # Decomposed (NFD) Hangul is composed first; NFC is applied to the Hangul run only, so
    # the text around it is returned exactly as given.
    if not _SYLLABLES.fullmatch(run):
        run = unicodedata.normalize("NFC", run)
        return _SYLLABLES.sub(lambda m: read(m.group()).roman, run)
    return read(run).roman


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


@dataclass(frozen=True, slots=True)
class Pronunciation:
    """The standard pronunciation of a text in Hangul, and every change that led to it."""

    text: str
    changes: tuple[Change, ...]


# After these -(으)ㄹ forms any word's first consonant is tense (갈 곳 [갈꼳]); after 을,
# 올, 일, 줄, 볼, 날, which are also particles, determiners or nouns, only a dependent noun.
_AMBIGUOUS_L = frozenset("을올일줄볼날")


def _tensed_across(previous: str, following: str) -> bool:
    """제27항 across a space: is `previous` the -(으)ㄹ adnominal before `following`?"""
    last = previous[-1]
    if last not in words.L_ENDING_SYLLABLES:
        return False
    return last not in _AMBIGUOUS_L or following[0] in words.DEPENDENT_NOUNS


@lru_cache(maxsize=16384)
def pronounce(text: str) -> Pronunciation:
    """The standard pronunciation of `text` (표준 발음법), with each change and its article.

    The text is put in NFC first; each run of Hangul is read as one word, and everything
    else is kept as it is. `Change.start` counts characters of the NFC text.
    """
    text = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    changes: list[Change] = []
    position = 0
    previous_run, previous_sound, previous_end = "", "", -1
    for found in _SYLLABLES.finditer(text):
        run, start = found.group(), found.start()
        sound = read(run).sound
        if (
            previous_run
            and text[previous_end:start] == " "
            and _tensed_across(previous_run, run)
            and (tensed := tensed_initial(sound[0])) is not None
        ):
            changes.append(
                Change(
                    RULES["tensing"],
                    "제27항",
                    previous_end - 1,
                    f"{previous_sound[-1]} {sound[0]}",
                    f"{previous_sound[-1]} {tensed}",
                )
            )
            sound = tensed + sound[1:]
        pieces.append(text[position:start])
        pieces.append(sound)
        changes.extend(
            Change(RULES[key], article, start + index, before, after)
            for key, article, index, before, after in explain(run)
        )
        position = previous_end = found.end()
        previous_run, previous_sound = run, sound
    pieces.append(text[position:])
    return Pronunciation("".join(pieces), tuple(changes))


def sound_changes(text: str) -> tuple[Change, ...]:
    """Every sound change in `text`, in order, each with the syllables it touches.

    Cached per text and per word, so listing the changes of a whole catalog is cheap; group
    them by `change.rule.key` to list every word a rule applies to.
    """
    return pronounce(text).changes
