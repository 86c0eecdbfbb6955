"""The canonical form of songs.json (cryfeed fmt) and the lock held while rewriting it."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from cryfeed.catalog.load import _no_garbage_collection, load_raw, read_text, validate_data
from cryfeed.catalog.messages import _field_by_alias, _model_of
from cryfeed.errors import CryfeedError
from cryfeed.models import (
    Catalog,
)
from cryfeed.writer import atomic_write

if TYPE_CHECKING:
    from filelock import FileLock


def _order(value: Any, model: type[BaseModel] | None) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_order(item, model) for item in value]
    if not isinstance(value, dict):
        return value
    fields = _field_by_alias(model) if model is not None else {}
    keys = [k for k in fields if k in value] + [k for k in value if k not in fields]
    return {
        unicodedata.normalize("NFC", key): _order(
            value[key], _model_of(fields[key].annotation) if key in fields else None
        )
        for key in keys
    }


def canonical_text(data: Any) -> str:
    """Model key order, NFC, 2-space indent, real UTF-8, trailing newline; values untouched."""
    return json.dumps(_order(data, Catalog), indent=2, ensure_ascii=False) + "\n"


def format_catalog(path: Path | str, check: bool = False, now: datetime | None = None) -> bool:
    """Rewrite the catalog in canonical form; return whether it changed (or would)."""
    path = Path(path)
    with _no_garbage_collection():
        text, data = load_raw(path)
        validate_data(data, text, str(path), now)
        canonical = canonical_text(data)
    if canonical == text:
        return False
    if not check:
        with _lock(path):
            if read_text(path) != text:
                raise CryfeedError(f"{path}: changed while formatting; run cryfeed fmt again")
            atomic_write(path, canonical.encode("utf-8"))
    return True


def _lock(path: Path) -> FileLock:
    """The lock that fmt, add and remove hold while they rewrite the catalog."""
    # Imported here: validate never writes, and this keeps filelock out of its start-up.
    from filelock import FileLock

    return FileLock(path.with_name(path.name + ".lock"))
