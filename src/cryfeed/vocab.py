"""Vocabulary suggestions for `cryfeed suggest`: lemma and part of speech from kiwipiepy."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cryfeed.errors import CryfeedError
from cryfeed.korean import contains_hangul
from cryfeed.korean.hangul import PARTS

if TYPE_CHECKING:
    from cryfeed.models import Song

INSTALL_HINT = "cryfeed suggest needs the optional analyser: pip install 'cryfeed[vocab]'"

# Kiwi uses the Sejong tag set; the catalog's parts of speech are coarser. Tags not listed
# here are punctuation and symbols, which a breakdown leaves out.
_POS_BY_TAG = {
    "NNG": "noun", "NNP": "noun", "NNB": "noun", "NR": "number", "NP": "pronoun",
    "VV": "verb", "VA": "adjective", "VX": "auxiliary", "VCP": "copula", "VCN": "copula",
    "MM": "determiner", "MAG": "adverb", "MAJ": "adverb", "IC": "interjection",
    "JKS": "particle", "JKC": "particle", "JKG": "particle", "JKO": "particle",
    "JKB": "particle", "JKV": "particle", "JKQ": "particle", "JX": "particle", "JC": "particle",
    "EP": "ending", "EF": "ending", "EC": "ending", "ETN": "ending", "ETM": "ending",
    "XSN": "suffix", "XSV": "suffix", "XSA": "suffix", "XSM": "suffix",
    "XPN": "other", "XR": "other", "SN": "number", "SL": "other", "SH": "other", "UN": "other",
    "W_SERIAL": "other", "USER0": "other", "USER1": "other", "USER2": "other",
    "USER3": "other", "USER4": "other",
}  # fmt: skip
# Words a learner looks up; particles, endings and suffixes belong in the grammar notes.
_VOCABULARY_POS = ("noun", "pronoun", "verb", "adjective", "adverb", "determiner", "interjection")
_PREDICATES = ("verb", "adjective", "auxiliary", "copula")

# Kiwi writes a contracted ending or particle with a final jamo (ᆫ in 그건, ᆯ래 in 줄래); the
# compatibility letters (ㄴ, ㄹ) are how dictionaries and learners write them.
_FINAL_TO_LETTER = str.maketrans(
    "".join(chr(code) for code in range(0x11A8, 0x11C3)),
    "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ",
)
# A particle contracted to one letter is the short form of 는 (날엔, 그건) or 를 (널).
_SHORT_PARTICLES = {"ᆫ": "는", "ᆯ": "를"}


@lru_cache(maxsize=1)
def _analyser() -> Any:
    """The Kiwi analyser, loaded once (it takes seconds): the only import of kiwipiepy."""
    try:
        from kiwipiepy import Kiwi
    except ImportError:
        raise CryfeedError(INSTALL_HINT) from None
    try:
        return Kiwi()
    except Exception as error:  # kiwipiepy raises a bare Exception when its model is missing
        raise CryfeedError(f"{INSTALL_HINT} (its model did not load: {error})") from None


class _Piece:
    """One morpheme (or a merged pattern) with its span in the analysed text."""

    __slots__ = ("end", "form", "lemma", "pos", "start")

    def __init__(self, form: str, lemma: str, pos: str, start: int, end: int) -> None:
        self.form, self.lemma, self.pos, self.start, self.end = form, lemma, pos, start, end


def _lemma(form: str, tag: str, pos: str) -> str:
    letters = form.translate(_FINAL_TO_LETTER)
    if pos in _PREDICATES or tag in ("XSV", "XSA"):
        stem = letters + "다"
        return "-" + stem if tag.startswith("XS") else stem
    if pos == "ending":
        return f"-{letters}-" if tag == "EP" else f"-{letters}"  # 었 is a pre-final ending
    if pos == "particle":
        return _SHORT_PARTICLES.get(form, letters)
    if tag in ("XSN", "XSM"):
        return "-" + letters
    if tag == "XPN":
        return letters + "-"
    return letters


def _pieces(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for token in _analyser().tokenize(text):
        tag = token.tag.split("-")[0]  # VA-I, VV-R: the suffix marks an irregular stem
        pos = _POS_BY_TAG.get(tag)
        if pos is None:
            continue
        piece = _Piece(token.form, _lemma(token.form, tag, pos), pos, token.start, token.end)
        previous = pieces[-1] if pieces else None
        if previous and tag == "VX" and previous.pos == "ending":
            # A connecting ending and an auxiliary verb make one pattern: 있어 줘 is
            # 있다 + -어 주다, 보고 싶다 is 보다 + -고 싶다.
            previous.form = piece.form
            previous.lemma = f"{previous.lemma} {piece.lemma}"
            previous.pos, previous.end = "auxiliary", piece.end
            continue
        if previous and tag in ("XSV", "XSA") and previous.pos == "noun":
            # 사랑 + 하다 is learnt as one verb, 사랑하다.
            previous.lemma = previous.form + piece.lemma.lstrip("-")
            previous.pos, previous.end = ("verb" if tag == "XSV" else "adjective"), piece.end
            continue
        pieces.append(piece)
    return pieces


def suggest_breakdown(text: str) -> list[dict[str, str]]:
    """Each morpheme of `text` as a `title_breakdown` entry, gloss left for a person to write.

    `text` is the surface as written; where Kiwi merges morphemes into one syllable (줘요 is
    주 + 어요), each syllable goes to the first morpheme that claims it, and a morpheme left
    with nothing shows its own form instead.
    """
    entries = []
    covered = 0
    for piece in _pieces(text):
        start = max(piece.start, covered)
        surface = text[start : piece.end].strip()
        covered = max(covered, piece.end)
        if not surface:
            surface = piece.form.lstrip("-").translate(_FINAL_TO_LETTER)
        entries.append({"text": surface, "lemma": piece.lemma, "gloss": "", "pos": piece.pos})
    return entries


def suggest_vocabulary(texts: list[str]) -> list[dict[str, str | None]]:
    """The words worth learning in `texts`, once each, as `vocabulary` entries to complete."""
    seen: set[tuple[str, str]] = set()
    entries: list[dict[str, str | None]] = []
    for text in texts:
        for piece in _pieces(text):
            key = (piece.lemma, piece.pos)
            if piece.pos not in _VOCABULARY_POS or key in seen or not contains_hangul(piece.lemma):
                continue
            seen.add(key)
            lemma = piece.lemma if piece.pos in _PREDICATES else None
            entries.append({"word": piece.lemma, "lemma": lemma, "meaning": "", "pos": piece.pos})
    return entries


def suggest_snippet(song: Song) -> str:
    """Ready-to-paste JSON with `title_breakdown` and `vocabulary` for a song's Korean text.

    Glosses and meanings are left empty: the analyser knows forms, not translations, and
    the catalog's validation rejects an empty one, so nothing unchecked can be published.
    """
    lines = [line.ko for line in song.study.lines] if song.study else []
    texts = [song.title_ko, *lines] if song.title_ko else lines
    if not texts:
        raise CryfeedError(
            f'song "{song.id}" has no Korean title (title_ko) or quoted lines to analyse'
        )
    snippet = {
        "title_breakdown": suggest_breakdown(song.title_ko) if song.title_ko else [],
        "vocabulary": suggest_vocabulary(texts),
    }
    return json.dumps(snippet, ensure_ascii=False, indent=2)


# Initials an ending or a following word tenses (제24항: not ㅂ; 제27항: all five).
_TENSABLE = {"t24": "ㄱㄷㅅㅈ", "t27": "ㄱㄷㅂㅅㅈ"}
_NM_FINALS = frozenset("ㄴㅁㄵㄻ")


def _parts(ch: str) -> tuple[str, str, str] | None:
    return PARTS.get(ch)


def pronunciation_hints(text: str) -> dict[int, str]:
    """Where the analyser says a word-dependent tensing applies: {offset in text: rule flag}.

    "t24" marks an ending's first syllable after a verb or adjective stem ending in ㄴ or ㅁ
    (신고 [신ː꼬], but not the noun 감기 or the stem 안기-); "t27" the syllable after the
    adnominal -(으)ㄹ (할 수 [할쑤]) or inside an ending that starts with it (기다릴게
    [기다릴께]). The pronunciation engine uses these instead of its word lists.
    """
    hints: dict[int, str] = {}
    tokens = [token for token in _analyser().tokenize(text) if token.tag[:1] in "VEXNJM"]
    for token, following in zip(tokens, [*tokens[1:], None], strict=False):
        tag = token.tag.split("-")[0]
        if tag in ("VV", "VA", "VX") and following is not None:
            last, nxt = (
                _parts(text[token.end - 1]),
                _parts(text[following.start : following.start + 1]),
            )
            if (
                following.tag.startswith("E")
                and following.start == token.end
                and last is not None
                and nxt is not None
                and last[2] in _NM_FINALS
                and nxt[0] in _TENSABLE["t24"]
            ):
                hints[following.start] = "t24"
        elif tag == "ETM" and token.form in ("ᆯ", "을") and following is not None:
            gap = text[token.end : following.start]
            nxt = _parts(text[following.start : following.start + 1])
            if gap in ("", " ") and nxt is not None and nxt[0] in _TENSABLE["t27"]:
                hints[following.start] = "t27"
        elif tag in ("EC", "EF") and token.form[:1] in ("ᆯ", "을") and token.end - token.start > 1:
            nxt = _parts(text[token.start + 1])
            if nxt is not None and nxt[0] in _TENSABLE["t27"]:
                hints[token.start + 1] = "t27"
    return hints
