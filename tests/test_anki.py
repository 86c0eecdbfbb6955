"""The Anki exports: vocabulary.tsv with Anki's headers and the .apkg deck, opened as what
it is (a zip holding an SQLite collection)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cryfeed.book import render_book
from cryfeed.book.anki import FIELDS, NOTE_TYPE_ID, NOTE_TYPE_NAME
from cryfeed.catalog import load_catalog
from cryfeed.models import Catalog
from cryfeed.urls import ANKI_FILE, VOCABULARY_FILE

FIELD_SEPARATOR = "\x1f"  # how Anki joins a note's fields in notes.flds
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def fixture_catalog() -> Catalog:
    return load_catalog(FIXTURES / "catalog.json")


def tsv_rows(files: dict[str, bytes]) -> tuple[list[str], list[list[str]]]:
    text = files[VOCABULARY_FILE].decode("utf-8")
    headers = [line for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return headers, list(csv.reader(io.StringIO(body), delimiter="\t"))


def open_deck(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        database = tmp_path / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def test_tsv_names_guid_deck_and_tags_columns(fixture_catalog: Catalog) -> None:
    headers, rows = tsv_rows(render_book(fixture_catalog))
    assert headers == [
        "#separator:tab",
        "#html:false",
        "#guid column:1",
        "#deck column:2",
        "#tags column:11",
        "#columns:GUID\tDeck\tKorean\tPronunciation\tRomanization\tMeaning\tPart of speech"
        "\tExample\tExample meaning\tSong\tTags",
    ]
    by_word = {row[2]: row for row in rows}
    assert sorted(by_word) == ["이별", "있다"]
    parting = by_word["이별"]
    assert parting[1:] == [
        "Fixture feed::Ballads by male artists",
        "이별",
        "이별",
        "ibyeol",
        "parting, breakup",
        "noun",
        "이별은 언제나 힘들어요.",
        "Parting is always hard.",
        "See you later (있어줘요) by Jang Deok Cheol",
        "song::jang-deok-cheol-see-you-later collection::male-ballads pos::noun",
    ]
    assert by_word["있다"][3] == "읻따"  # the standard pronunciation, not the spelling
    assert len({row[0] for row in rows}) == len(rows)


def test_guids_stay_when_songs_are_appended_or_a_meaning_is_corrected(
    fixture_catalog: Catalog,
) -> None:
    _, before = tsv_rows(render_book(fixture_catalog))
    data: dict[str, Any] = fixture_catalog.model_dump(mode="json", exclude_none=True)
    for song in data["songs"]:
        for word in song.get("study", {}).get("vocabulary", []):
            if word["word"] == "이별":
                word["meaning"] = "a parting"
    _, after = tsv_rows(render_book(Catalog.model_validate(data)))
    assert {row[2]: row[0] for row in before} == {row[2]: row[0] for row in after}
    assert [row[5] for row in after if row[2] == "이별"] == ["a parting"]


def test_apkg_is_a_zip_holding_the_notes(fixture_catalog: Catalog, tmp_path: Path) -> None:
    files = render_book(fixture_catalog)
    _, rows = tsv_rows(files)
    connection = open_deck(files[ANKI_FILE], tmp_path)
    notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY sfld").fetchall()
    assert [guid for guid, *_ in notes] == [row[0] for row in rows]  # same guids as the TSV
    assert {mid for _, mid, *_ in notes} == {NOTE_TYPE_ID}
    fields = dict(zip(FIELDS, notes[0][2].split(FIELD_SEPARATOR), strict=True))
    assert fields["Korean"] == "이별"
    assert fields["Meaning"] == "parting, breakup"
    assert fields["Example"] == "이별은 언제나 힘들어요."
    assert fields["Song"] == (
        '<a href="https://fixture.example.org/cry/songs/jang-deok-cheol-see-you-later.html">'
        "See you later (있어줘요)</a> — Jang Deok Cheol"
    )
    assert sorted(notes[0][3].split()) == [
        "collection::male-ballads",
        "pos::noun",
        "song::jang-deok-cheol-see-you-later",
    ]
    models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    note_type = models[str(NOTE_TYPE_ID)]
    assert note_type["name"] == NOTE_TYPE_NAME
    assert [field["name"] for field in note_type["flds"]] == list(FIELDS)
    template = note_type["tmpls"][0]
    assert "{{Korean}}" in template["qfmt"] and "{{Pronunciation}}" in template["qfmt"]
    for back in ("{{Meaning}}", "{{Example}}", "{{Song}}"):
        assert back in template["afmt"]
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    assert "Fixture feed::Ballads by male artists" in {deck["name"] for deck in decks.values()}
    cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards == len(notes)
    connection.close()


def test_apkg_bytes_depend_only_on_the_catalog(fixture_catalog: Catalog) -> None:
    assert render_book(fixture_catalog)[ANKI_FILE] == render_book(fixture_catalog)[ANKI_FILE]
