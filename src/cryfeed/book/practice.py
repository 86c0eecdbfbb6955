"""The words learners practise: one card per glossary word and sense, with the stable guid,
deck and tags that the Anki exports and the browser flashcards share."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import genanki

from cryfeed import urls
from cryfeed.book.index import BookIndex, song_title_text
from cryfeed.korean import pronounce, romanize
from cryfeed.models import Example, Song, Vocabulary
from cryfeed.text import words

# Bumped when the meaning of a field of the word list (practice.json) changes.
WORDS_FORMAT = 1


@dataclass(frozen=True)
class Card:
    """One word in one sense, as every practice export shows it."""

    guid: str
    word: str
    pronunciation: str
    romanization: str
    meaning: str
    pos: str
    example: Example | None
    songs: tuple[Song, ...]
    deck: str
    tags: tuple[str, ...]


def word_key(word: str) -> str:
    """The one name of a word in the reader's progress: every song teaching it shares it
    (its spelling with whitespace collapsed, as the glossary finds it)."""
    return words(word).lower()


def _tag(prefix: str, name: str) -> str:
    # Anki separates tags by spaces; "::" makes a tag hierarchy (song::..., pos::...).
    return f"{prefix}::{'-'.join(name.split())}"


def _guid(word: str, lemma: str, pos: str, meaning: str, taken: set[str]) -> str:
    """Stable across builds and appends, and unchanged when only the meaning is corrected
    (Anki then updates the note); the meaning decides only between two senses that share
    spelling, dictionary form and part of speech."""
    guid = str(genanki.guid_for("cryfeed", word, lemma, pos))
    if guid in taken:
        guid = str(genanki.guid_for("cryfeed", word, lemma, pos, meaning))
    taken.add(guid)
    return guid


def build_cards(index: BookIndex) -> list[Card]:
    """Every word and sense of the glossary, in glossary order."""
    examples: dict[tuple[str, str, str, str], Example] = {}
    for song in index.oldest_first:
        vocabulary: list[Vocabulary] = song.study.vocabulary if song.study else []
        for item in vocabulary:
            key = (word_key(item.word), item.meaning, item.pos, item.lemma or "")
            if item.example and key not in examples:
                examples[key] = item.example
    site = index.catalog.site.title
    cards: list[Card] = []
    taken: set[str] = set()
    for entry in index.glossary:
        for (meaning, pos, lemma), songs in entry.senses.items():
            first = songs[0]
            collection = index.collections[first.collections[0]].title
            tags = [_tag("song", s.id) for s in songs]
            tags += sorted({_tag("collection", c) for s in songs for c in s.collections})
            tags.append(_tag("pos", pos))
            cards.append(
                Card(
                    guid=_guid(entry.word, lemma, pos, meaning, taken),
                    word=entry.word,
                    pronunciation=pronounce(entry.word).text,
                    romanization=romanize(entry.word),
                    meaning=meaning,
                    pos=pos,
                    example=examples.get((word_key(entry.word), meaning, pos, lemma)),
                    songs=tuple(songs),
                    deck=f"{words(site)}::{words(collection)}",
                    tags=tuple(dict.fromkeys(tags)),
                )
            )
    return cards


def song_words(song: Song) -> list[dict[str, object]]:
    """A song's vocabulary as the flashcards read it (see static/practice.js)."""
    out: list[dict[str, object]] = []
    for item in song.study.vocabulary if song.study else []:
        out.append(_word(item.word, item.meaning, item.example))
    return out


def first_words(songs: Iterable[Song]) -> dict[str, dict[str, object]]:
    """Every word of the songs once, by its key, as the first song teaching it has it
    (song_words' shape); a word already taken is not looked up again (a collection repeats
    its words in song after song)."""
    found: dict[str, dict[str, object]] = {}
    for song in songs:
        for item in song.study.vocabulary if song.study else []:
            key = word_key(item.word)
            if key not in found:
                found[key] = _word(item.word, item.meaning, item.example)
    return found


def _word(word: str, meaning: str, example: Example | None) -> dict[str, object]:
    data: dict[str, object] = {
        "key": word_key(word),
        "ko": words(word),
        "pron": pronounce(word).text,
        "rr": romanize(word),
        "meaning": words(meaning),
    }
    if example:
        data["ex"] = [words(example.ko), words(example.en)]
    return data


def render_words_json(cards: list[Card]) -> bytes:
    """Every word once (its senses joined), for the review page: a word due for review is
    shown from here whichever song the reader met it in."""
    merged: dict[str, dict[str, object]] = {}
    songs: dict[str, dict[str, str]] = {}
    for card in cards:
        key = word_key(card.word)
        if key in merged:
            merged[key]["meaning"] = f"{merged[key]['meaning']}; {words(card.meaning)}"
            if "ex" not in merged[key] and card.example:
                merged[key]["ex"] = [words(card.example.ko), words(card.example.en)]
        else:
            merged[key] = _word(card.word, card.meaning, card.example)
        for song in card.songs:
            songs.setdefault(key, {})[urls.song_page(song.id)] = song_title_text(song)
    for key, where in songs.items():
        merged[key]["songs"] = [[page, title] for page, title in where.items()]
    document = {"format": WORDS_FORMAT, "words": list(merged.values())}
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def cards_attribute(data: list[dict[str, object]]) -> str:
    """Card data for an HTML attribute (the caller escapes it): compact JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
