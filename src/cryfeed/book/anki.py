"""The vocabulary for Anki: a tab-separated file with Anki's import headers, and a ready
.apkg deck (genanki) with a Korean note type. Both name each note by the same stable guid,
so importing again, or importing one after the other, updates notes instead of adding."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

from cryfeed import urls
from cryfeed.book.index import song_title_text
from cryfeed.book.practice import Card
from cryfeed.models import Catalog, Site

# The columns of vocabulary.tsv; Anki reads the headers, numbering columns from 1.
TSV_COLUMNS = (
    "GUID", "Deck", "Korean", "Pronunciation", "Romanization", "Meaning", "Part of speech",
    "Example", "Example meaning", "Song", "Tags",
)  # fmt: skip

# Fixed for ever: Anki recognises the note type by its id, and a new id would make every
# learner's next import create a second note type.
NOTE_TYPE_ID = 1_718_204_657
NOTE_TYPE_NAME = "cryfeed Korean word"
FIELDS = (
    "Korean", "Pronunciation", "Romanization", "Meaning", "Part of speech", "Example",
    "Example meaning", "Song",
)  # fmt: skip
FRONT = (
    '<div class="ko" lang="ko">{{Korean}}</div>\n'
    '<div class="pron" lang="ko">[{{Pronunciation}}]</div>\n'
    '<div class="rr">{{Romanization}}</div>'
)
BACK = (
    '{{FrontSide}}\n<hr id="answer">\n'
    '<div class="meaning">{{Meaning}} <small>({{Part of speech}})</small></div>\n'
    '{{#Example}}<div class="example"><span lang="ko">{{Example}}</span><br>'
    "{{Example meaning}}</div>{{/Example}}\n"
    '<div class="song">{{Song}}</div>'
)
CSS = (
    ".card { font-family: sans-serif; font-size: 22px; text-align: center; }\n"
    ".ko { font-size: 48px; }\n.pron, .rr, .song { color: #555; font-size: 18px; }\n"
    ".night_mode .pron, .night_mode .rr, .night_mode .song { color: #bbb; }\n"
    ".example { margin-top: 1em; font-size: 20px; }\n"
)
# Zip members carry a date; a fixed one keeps the deck's bytes a function of the catalog.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def render_vocabulary_tsv(cards: list[Card]) -> bytes:
    """One row per word and sense, with Anki's headers: guid, deck and tags by column."""
    buffer = io.StringIO()
    column = {name: number for number, name in enumerate(TSV_COLUMNS, start=1)}
    buffer.write(
        "#separator:tab\n#html:false\n"
        f"#guid column:{column['GUID']}\n#deck column:{column['Deck']}\n"
        f"#tags column:{column['Tags']}\n#columns:" + "\t".join(TSV_COLUMNS) + "\n"
    )
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    for card in cards:
        titles = "; ".join(f"{song_title_text(s)} by {s.artist}" for s in card.songs)
        example = card.example
        writer.writerow(
            [
                card.guid, card.deck, card.word, card.pronunciation, card.romanization,
                card.meaning, card.pos, example.ko if example else "",
                example.en if example else "", titles, " ".join(card.tags),
            ]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def _note_type() -> genanki.Model:
    return genanki.Model(
        NOTE_TYPE_ID,
        NOTE_TYPE_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Korean → meaning", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def deck_id(name: str) -> int:
    """A deck's id from its name: stable, and in the range Anki's own ids use."""
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def _fields(card: Card, site: Site) -> list[str]:
    songs = "<br>".join(
        f'<a href="{html.escape(urls.song_url(site, s.id))}">'
        f"{html.escape(song_title_text(s))}</a> — {html.escape(s.artist)}"
        for s in card.songs
    )
    example = card.example
    return [
        html.escape(card.word),
        html.escape(card.pronunciation),
        html.escape(card.romanization),
        html.escape(card.meaning),
        html.escape(card.pos),
        html.escape(example.ko) if example else "",
        html.escape(example.en) if example else "",
        songs,
    ]


def render_apkg(catalog: Catalog, cards: list[Card]) -> bytes:
    """The deck as an .apkg: a zip holding collection.anki2 (SQLite) and an empty media map.

    Note and card ids count from the newest song's time, so the same catalog gives the
    same bytes; Anki matches notes by guid, which never changes with an append.
    """
    note_type = _note_type()
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        if card.deck not in decks:
            decks[card.deck] = genanki.Deck(deck_id(card.deck), card.deck)
        decks[card.deck].add_note(
            genanki.Note(
                model=note_type,
                fields=_fields(card, catalog.site),
                guid=card.guid,
                tags=list(card.tags),
            )
        )
    newest = catalog.newest_first()
    timestamp = newest[0].added.timestamp() if newest else 0.0
    package = genanki.Package(list(decks.values()))
    with tempfile.TemporaryDirectory(prefix="cryfeed-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        collection = database.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            archive.writestr(zipfile.ZipInfo(name, _ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
