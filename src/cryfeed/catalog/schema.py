"""The JSON Schema of songs.json (songs.schema.json), generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from cryfeed.models import (
    Catalog,
)
from cryfeed.writer import atomic_write

SCHEMA_FILENAME = "songs.schema.json"
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_text() -> str:
    schema = Catalog.model_json_schema(by_alias=True)
    document = {"$schema": SCHEMA_DRAFT, "title": "cryfeed songs.json", **schema}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schema(catalog_path: Path | str, check: bool = False) -> tuple[Path, bool]:
    """Write songs.schema.json beside the catalog; return its path and whether it changed."""
    target = Path(catalog_path).with_name(SCHEMA_FILENAME)
    wanted = schema_text()
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    changed = current != wanted
    if changed and not check:
        atomic_write(target, wanted.encode("utf-8"))
    return target, changed
