"""songs.json on disk: load with positions, canonical form, add and remove, JSON Schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryfeed.lazy import lazy_exports

# Each name is imported from its module on first use (PEP 562): `cryfeed validate` reads a
# valid catalog with load.py alone, and should not pay for formatting, adding, the schema
# or the messages and positions of problems it does not have (issue 17: start-up).
if TYPE_CHECKING:
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
    from cryfeed.catalog.files import MAX_FILE_BYTES
    from cryfeed.catalog.load import (
        MAX_DEPTH,
        MAX_DIGITS,
        load_catalog,
        load_raw,
        located_problems,
        parse_json,
        read_text,
        validate_data,
    )
    from cryfeed.catalog.messages import model_at
    from cryfeed.catalog.positions import Loc, format_path
    from cryfeed.catalog.schema import (
        SCHEMA_DRAFT,
        SCHEMA_FILENAME,
        schema_text,
        write_schema,
    )

_MODULES = {
    "add": (
        "ADD_FIELDS",
        "ADD_FLAGS",
        "NewSong",
        "add_song",
        "check_answer",
        "duplicate_message",
        "new_song_problems",
        "remove_song",
    ),
    "canonical": ("canonical_text", "format_catalog"),
    "files": ("MAX_FILE_BYTES",),
    "load": (
        "MAX_DEPTH",
        "MAX_DIGITS",
        "load_catalog",
        "load_raw",
        "located_problems",
        "parse_json",
        "read_text",
        "validate_data",
    ),
    "messages": ("model_at",),
    "positions": ("Loc", "format_path"),
    "schema": ("SCHEMA_DRAFT", "SCHEMA_FILENAME", "schema_text", "write_schema"),
}

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


__getattr__, __dir__ = lazy_exports(__name__, globals(), _MODULES)
