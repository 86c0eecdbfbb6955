"""The shipped catalog as a learner and a fact checker need it: full study notes, cited facts."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from cryfeed.catalog import load_catalog
from cryfeed.models import Song

CATALOG = load_catalog(Path(__file__).parent.parent / "songs.json")
SONGS = {song.id: song for song in CATALOG.songs}
FACTS = ("title_ko", "artist_ko", "released", "album")


@pytest.mark.parametrize("song_id", list(SONGS))
def test_every_fact_we_state_cites_a_page(song_id: str) -> None:
    song = SONGS[song_id]
    cited = {fact for source in song.sources for fact in source.facts}
    uncited = [fact for fact in FACTS if getattr(song, fact) is not None and fact not in cited]
    assert not uncited, f"{song_id}: no source states {uncited}"


def _study_problems(song: Song) -> list[str]:
    study = song.study
    if study is None:
        return ["no study notes"]
    problems = []
    if study.lines:
        problems.append("quotes lyric lines (the shipped catalog quotes none)")
    minimum = 6 if song.title_ko else 4
    if len(study.vocabulary) < minimum:
        problems.append(f"{len(study.vocabulary)} vocabulary items, fewer than {minimum}")
    problems += [f"{word.word}: no example" for word in study.vocabulary if word.example is None]
    if len(study.grammar) < 2:
        problems.append(f"{len(study.grammar)} grammar points, fewer than 2")
    for point in study.grammar:
        if len(point.examples) < 2:
            problems.append(f"{point.pattern}: fewer than two examples")
        if point.mistake is None:
            problems.append(f"{point.pattern}: no common mistake")
    kinds = sorted(check.kind or "none" for check in study.check)
    if kinds != ["context", "production", "recognition"]:
        problems.append(f"self-checks {kinds}: want one recognition, production and context")
    if song.title_ko and not study.title_breakdown:
        problems.append("a Hangul title with no breakdown")
    return problems


@pytest.mark.parametrize("song_id", list(SONGS))
def test_every_song_meets_the_study_minimums(song_id: str) -> None:
    assert _study_problems(SONGS[song_id]) == []


def test_the_minimums_check_can_fail() -> None:
    thin = SONGS["jang-deok-cheol-see-you-later"].model_copy(update={"study": None})
    assert _study_problems(thin) == ["no study notes"]


def test_one_gloss_per_word_and_one_meaning_per_pattern() -> None:
    glosses: dict[str, set[str]] = defaultdict(set)
    hanja: dict[str, set[str | None]] = defaultdict(set)
    meanings: dict[str, set[str]] = defaultdict(set)
    for song in CATALOG.songs:
        assert song.study is not None
        for word in song.study.vocabulary:
            glosses[word.word].add(word.meaning)
            hanja[word.word].add(word.hanja)
        for point in song.study.grammar:
            meanings[point.pattern].add(point.meaning)
    assert {word: found for word, found in glosses.items() if len(found) > 1} == {}
    assert {word: found for word, found in hanja.items() if len(found) > 1} == {}
    assert {pattern: found for pattern, found in meanings.items() if len(found) > 1} == {}
