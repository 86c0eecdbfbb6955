"""songs.json on disk: load with positions, canonical form, add and remove, JSON Schema."""

from cryfeed.catalog.add import (
    ADD_FIELDS,
    ADD_FLAGS,
    NewSong,
    add_song,
    check_answer,
    duplicate_message,
    new_song_problems,
    remove_song,
)
from cryfeed.catalog.canonical import canonical_text, format_catalog
from cryfeed.catalog.load import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    load_catalog,
    load_raw,
    located_problems,
    parse_json,
    read_text,
    validate_data,
)
from cryfeed.catalog.messages import model_at
from cryfeed.catalog.positions import Loc, format_path
from cryfeed.catalog.schema import SCHEMA_DRAFT, SCHEMA_FILENAME, schema_text, write_schema

__all__ = [
    "ADD_FIELDS",
    "ADD_FLAGS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "SCHEMA_DRAFT",
    "SCHEMA_FILENAME",
    "Loc",
    "NewSong",
    "add_song",
    "canonical_text",
    "check_answer",
    "duplicate_message",
    "format_catalog",
    "format_path",
    "load_catalog",
    "load_raw",
    "located_problems",
    "model_at",
    "new_song_problems",
    "parse_json",
    "read_text",
    "remove_song",
    "schema_text",
    "validate_data",
    "write_schema",
]
