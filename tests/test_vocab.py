"""Vocabulary suggestions from kiwipiepy (skipped without it) and the `suggest` command."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cryfeed import vocab
from cryfeed.catalog import load_catalog
from cryfeed.cli import main
from cryfeed.errors import CryfeedError
from cryfeed.models import Morpheme, Vocabulary

FIXTURE = Path(__file__).parent / "fixtures" / "catalog.json"
SONG = "jang-deok-cheol-see-you-later"  # title_ko 있어줘요, one quoted line 여기 있어 줘요
POS = {
    "noun", "pronoun", "verb", "adjective", "adverb", "particle", "ending", "auxiliary",
    "determiner", "interjection", "suffix", "number", "copula", "other",
}  # fmt: skip


@pytest.fixture
def kiwi() -> None:
    pytest.importorskip("kiwipiepy")


@pytest.fixture
def no_kiwi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # None in sys.modules makes `import kiwipiepy` raise ImportError, as if not installed.
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)
    vocab._analyser.cache_clear()
    yield
    vocab._analyser.cache_clear()


def brief(entries: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(e["text"], e["lemma"], e["pos"]) for e in entries]


def test_auxiliary_pattern(kiwi: None) -> None:
    # 있어줘요 → 있다 (verb) + -어 주다 (auxiliary) + -어요 (ending).
    assert brief(vocab.suggest_breakdown("있어줘요")) == [
        ("있", "있다", "verb"),
        ("어줘", "-어 주다", "auxiliary"),
        ("요", "-어요", "ending"),
    ]


def test_other_auxiliaries(kiwi: None) -> None:
    lemmas = [e["lemma"] for e in vocab.suggest_breakdown("보고 싶다")]
    assert lemmas == ["보다", "-고 싶다", "-다"]
    assert "-지 말다" in [e["lemma"] for e in vocab.suggest_breakdown("잊지 말아요")]


def test_nouns_particles_and_contractions(kiwi: None) -> None:
    assert brief(vocab.suggest_breakdown("비가 오는 날엔")) == [
        ("비", "비", "noun"),
        ("가", "가", "particle"),
        ("오", "오다", "verb"),
        ("는", "-는", "ending"),
        ("날", "날", "noun"),
        ("엔", "에", "particle"),
        ("ㄴ", "는", "particle"),  # 엔 is 에 + the short form of 는
    ]


def test_noun_with_hada_is_one_verb(kiwi: None) -> None:
    assert vocab.suggest_breakdown("사랑해")[0] == {
        "text": "사랑해",
        "lemma": "사랑하다",
        "gloss": "",
        "pos": "verb",
    }


@pytest.mark.parametrize(
    "text", ["있어줘요", "그건 너야, 내가 아니야!", "잊혀진 계절", "Love 이별"]
)
def test_entries_are_well_formed(kiwi: None, text: str) -> None:
    entries = vocab.suggest_breakdown(text)
    assert entries
    for entry in entries:
        assert set(entry) == {"text", "lemma", "gloss", "pos"}
        assert entry["gloss"] == ""  # never invented
        assert entry["pos"] in POS
        assert entry["text"] and entry["lemma"]
    assert "," not in [e["text"] for e in entries]  # punctuation is left out


def test_entries_validate_once_a_gloss_is_written(kiwi: None) -> None:
    entries = vocab.suggest_breakdown("있어줘요")
    words = vocab.suggest_vocabulary(["여기 있어 줘요"])
    assert entries and words  # an empty suggestion would pass the loops below vacuously
    for entry in entries:
        Morpheme.model_validate({**entry, "gloss": "written by a person"})
    for word in words:
        Vocabulary.model_validate({**word, "meaning": "written by a person"})


def test_vocabulary_keeps_content_words_once(kiwi: None) -> None:
    words = vocab.suggest_vocabulary(["있어줘요", "여기 있어 줘요"])
    assert words == [
        {"word": "있다", "lemma": "있다", "meaning": "", "pos": "verb"},
        {"word": "여기", "lemma": None, "meaning": "", "pos": "pronoun"},
    ]


def test_snippet_for_a_song(kiwi: None) -> None:
    song = load_catalog(FIXTURE).song(SONG)
    snippet = json.loads(vocab.suggest_snippet(song))
    assert list(snippet) == ["title_breakdown", "vocabulary"]
    assert snippet["title_breakdown"] == vocab.suggest_breakdown("있어줘요")
    assert [w["word"] for w in snippet["vocabulary"]] == ["있다", "여기"]


def test_cli_suggest(kiwi: None) -> None:
    result = CliRunner().invoke(main, ["suggest", SONG, "-c", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["title_breakdown"][1]["lemma"] == "-어 주다"


def test_cli_suggest_unknown_song() -> None:
    result = CliRunner().invoke(main, ["suggest", SONG + "x", "-c", str(FIXTURE)])
    assert result.exit_code == 1
    assert result.output == (
        f'Error: no song with id "{SONG}x" in the catalog; did you mean "{SONG}"?\n'
    )


def test_song_without_korean_text() -> None:
    songs = load_catalog(FIXTURE).songs
    song = next(s for s in songs if not s.title_ko and not (s.study and s.study.lines))
    with pytest.raises(CryfeedError, match="has no Korean title"):
        vocab.suggest_snippet(song)


def test_without_the_analyser_says_what_to_install(no_kiwi: None) -> None:
    with pytest.raises(CryfeedError) as caught:
        vocab.suggest_breakdown("있어줘요")
    assert str(caught.value) == (
        "cryfeed suggest needs the optional analyser: pip install 'cryfeed[vocab]'"
    )
    result = CliRunner().invoke(main, ["suggest", SONG, "-c", str(FIXTURE)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: cryfeed suggest needs the optional analyser: pip install 'cryfeed[vocab]'\n"
    )


def test_only_vocab_imports_kiwipiepy() -> None:
    package = Path(vocab.__file__).parent
    imports = re.compile(r"^\s*(?:from|import)\s+kiwipiepy\b", re.MULTILINE)
    importers = sorted(
        path.name for path in package.rglob("*.py") if imports.search(path.read_text("utf-8"))
    )
    assert importers == ["vocab.py"]
