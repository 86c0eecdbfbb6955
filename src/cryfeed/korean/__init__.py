"""Korean: Hangul detection, standard pronunciation (표준 발음법) and Revised Romanization."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cryfeed.korean.hangul import SYLLABLE_FIRST, SYLLABLE_LAST, initial_consonant
from cryfeed.korean.sounds import (
    RULES,
    Change,
    Hints,
    Rule,
    adnominal_before,
    explain,
    read,
    tensed_initial,
)

__all__ = [
    "RULES",
    "Change",
    "Pronunciation",
    "Rule",
    "contains_hangul",
    "initial_consonant",
    "is_hangul_syllable",
    "pronounce",
    "romanize",
    "sound_changes",
]

_RUN = re.compile("[\uac00-\ud7a3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")
_SYLLABLES = re.compile("[\uac00-\ud7a3]+")
# Words said as one breath group: runs of syllables joined by single spaces.
_PHRASE = re.compile("[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\ud7b0-\ud7ff]")


def is_hangul_syllable(ch: str) -> bool:
    """True for one precomposed Hangul syllable (가..힣)."""
    return len(ch) == 1 and SYLLABLE_FIRST <= ord(ch) <= SYLLABLE_LAST


def contains_hangul(text: str) -> bool:
    """True if the text has any Hangul: syllables or jamo (conjoining or compatibility)."""
    return _HANGUL.search(text) is not None


def _romanize_run(run: str) -> str:
    # Decomposed (NFD) Hangul is composed first; NFC is applied to the Hangul run only, so
    # the text around it is returned exactly as given. The engine caches each run.
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


@lru_cache(maxsize=16384)
def pronounce(text: str, phrase: bool = False, analyse: bool = False) -> Pronunciation:
    """The standard pronunciation of `text` (표준 발음법), with each change and its article.

    The text is put in NFC first, and everything but Hangul is kept as it is. Each run of
    Hangul is read as one word, and only the tensing after the -(으)ㄹ adnominal (제27항)
    crosses a space. With `phrase`, words separated by one space are said as one breath
    group, as the rule text's phrase examples are (옷 한 벌 [오탄벌], shown as [오 탄 벌]).
    With `analyse`, the morphological analyser (the `vocab` extra; CryfeedError without it)
    decides the tensing after verb stems and the -(으)ㄹ ending instead of the word lists.
    `Change.start` counts characters of the NFC text.
    """
    text = unicodedata.normalize("NFC", text)
    hints: dict[int, str] | None = None
    if analyse:
        from cryfeed.vocab import pronunciation_hints

        hints = pronunciation_hints(text)
    if phrase:
        return _pronounce_phrases(text, hints)
    pieces: list[str] = []
    changes: list[Change] = []
    position = 0
    previous_run, previous_sound, previous_end = "", "", -1
    for found in _SYLLABLES.finditer(text):
        run, start = found.group(), found.start()
        run_hints = _hints_in(hints, range(start, found.end()))
        sound = read(run, (), run_hints).sound
        if (
            previous_run
            and text[previous_end:start] == " "
            and (
                adnominal_before(previous_run, run) if hints is None else hints.get(start) == "t27"
            )
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
            for key, article, index, before, after in explain(run, (), run_hints)
        )
        position = previous_end = found.end()
        previous_run, previous_sound = run, sound
    pieces.append(text[position:])
    return Pronunciation("".join(pieces), tuple(changes))


def _hints_in(hints: dict[int, str] | None, offsets: Sequence[int]) -> Hints | None:
    """The analyser's hints for the syllables at `offsets`, by their index among them."""
    if hints is None:
        return None
    return tuple((index, hints[offset]) for index, offset in enumerate(offsets) if offset in hints)


def _pronounce_phrases(text: str, hints: dict[int, str] | None) -> Pronunciation:
    pieces: list[str] = []
    changes: list[Change] = []
    position = 0
    for found in _PHRASE.finditer(text):
        syllables = found.group().replace(" ", "")
        breaks: list[int] = []
        offsets: list[int] = []  # where each syllable is in the text
        for offset, ch in enumerate(found.group(), start=found.start()):
            if ch == " ":
                breaks.append(len(offsets))
            else:
                offsets.append(offset)
        group_hints = _hints_in(hints, offsets)
        sound = read(syllables, tuple(breaks), group_hints).sound
        said = "".join((" " + ch if index in breaks else ch) for index, ch in enumerate(sound))
        pieces.append(text[position : found.start()])
        pieces.append(said)
        changes.extend(
            Change(RULES[key], article, offsets[index], before, after)
            for key, article, index, before, after in explain(syllables, tuple(breaks), group_hints)
        )
        position = found.end()
    pieces.append(text[position:])
    return Pronunciation("".join(pieces), tuple(changes))


def sound_changes(text: str, phrase: bool = False) -> tuple[Change, ...]:
    """Every sound change in `text`, in order, each with the syllables it touches.

    Cached per text and per word, so listing the changes of a whole catalog is cheap; group
    them by `change.rule.key` to list every word a rule applies to (`change.start` says
    where in the text, `change.before` and `change.after` show the syllables).
    """
    return pronounce(text, phrase).changes
