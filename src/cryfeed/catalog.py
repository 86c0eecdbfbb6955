"""Load songs.json with line:column for every problem, dump it canonically, append songs."""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import json
import re
import types
import typing
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from filelock import FileLock
from json_source_map import calculate as source_map
from pydantic import BaseModel, ValidationError

from cryfeed.errors import CatalogError, CryfeedError, Problem
from cryfeed.models import Catalog, Song, cross_check, song_key
from cryfeed.text import slugify, unique_id  # re-exported: cryfeed.catalog.slugify
from cryfeed.writer import atomic_write

Loc = tuple[str | int, ...]

SCHEMA_FILENAME = "songs.schema.json"
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


# ---------------------------------------------------------------- reading and parsing


def read_text(path: Path) -> str:
    """Read a catalog as UTF-8, reporting a missing file, a BOM or bad bytes with a position."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CryfeedError(
            f"{name}: no such file; run cryfeed in the folder that holds songs.json, "
            "or pass its path with --catalog"
        ) from None
    except OSError as error:
        raise CryfeedError(f"{name}: cannot read: {error.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(
            name,
            [Problem(1, 1, "", "starts with a byte order mark (BOM); save as UTF-8 without BOM")],
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        byte = data[error.start]
        raise CatalogError(
            name,
            [Problem(line, column, "", f"byte 0x{byte:02X} is not UTF-8; save the file as UTF-8")],
        ) from None


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers keys it saw twice (json keeps the last silently)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    result.repeated = [key for key, _ in pairs] if len(result) != len(pairs) else []
    if result.repeated:
        result.repeated = sorted({k for k in result.repeated if result.repeated.count(k) > 1})
    return result


def _repeated_keys(value: Any, loc: Loc = ()) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    if isinstance(value, _Object):
        found += [((*loc, key), key) for key in value.repeated]
        for key, item in value.items():
            found += _repeated_keys(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _repeated_keys(item, (*loc, index))
    return found


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _explain_json_error(text: str, error: json.JSONDecodeError) -> str:
    message = error.msg
    before = text[: error.pos].rstrip()
    if message.startswith(("Expecting property name", "Expecting value")) and before.endswith(","):
        return "trailing comma: JSON allows no comma before a closing bracket; remove it"
    if message.startswith("Expecting value") and error.pos >= len(text.rstrip()):
        return "the file ends too early; a value or a closing bracket is missing"
    if message.startswith("Expecting value"):
        return "expected a value (text in double quotes, a number, true, false, null, [ or {)"
    if message.startswith("Expecting property name"):
        return "expected a key in double quotes"
    if message.startswith("Unterminated string"):
        return "unterminated string; add the closing double quote"
    if message.startswith("Invalid \\escape") or message.startswith("Invalid \\u"):
        bad = text[error.pos : error.pos + 2]
        return f'invalid escape "{bad}"; write a backslash as "\\\\"'
    if message.startswith("Invalid control character"):
        return (
            "a string runs into a line break: add the missing closing double quote "
            "(or write a line break inside text as \\n)"
        )
    if message.startswith("Expecting ',' delimiter"):
        return "expected a comma between two values (or a closing bracket)"
    if message.startswith("Expecting ':' delimiter"):
        return "expected a colon after the key"
    if message.startswith("Extra data"):
        return "extra text after the end of the JSON document; remove it"
    return message[0].lower() + message[1:]


def parse_json(text: str, name: str) -> Any:
    """Parse JSON text, turning every syntax error into a positioned Problem."""
    if not text.strip():
        raise CatalogError(
            name,
            [
                Problem(
                    1,
                    1,
                    "",
                    'the file is empty; it must hold a JSON object with "site", '
                    '"collections" and "songs"',
                )
            ],
        )
    repeats: list[bool] = []

    def plain_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            repeats.append(True)
        return result

    try:
        data = json.loads(text, object_pairs_hook=plain_object)
    except json.JSONDecodeError as error:
        line, column = error.lineno, error.colno
        message = _explain_json_error(text, error)
        if message.startswith("trailing comma"):
            line, column = _position(text, len(text[: error.pos].rstrip()) - 1)
        raise CatalogError(name, [Problem(line, column, "", message)]) from None
    if not repeats:
        return data
    # Rare: parse again, remembering which object repeats which key, to say where.
    data = json.loads(text, object_pairs_hook=_object)
    repeated = _repeated_keys(data)
    if repeated:
        locator = _Locator(text)
        raise CatalogError(
            name,
            [
                locator.problem(loc, f'key "{key}" appears twice in this object; keep one', True)
                for loc, key in repeated
            ],
        )
    return data


# ---------------------------------------------------------------- locating problems


def format_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _pointer(loc: Loc) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional, list, Annotated and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, Sequence):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


@functools.cache
def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def model_at(loc: Loc, root: type[BaseModel] = Catalog) -> type[BaseModel] | None:
    """The model class that describes the object at loc (list indexes are skipped)."""
    current: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = _field_by_alias(current).get(part)
        current = _model_of(info.annotation) if info is not None else None
    return current


@functools.cache
def _field_by_alias(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


_JSON_TYPE = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def _json_type(value: Any) -> str:
    return _JSON_TYPE.get(type(value), "this value")


def _pydantic_message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value: Any = error.get("input")
    context = error.get("ctx") or {}
    last = loc[-1] if loc else ""
    if kind == "missing":
        return f'missing required field "{last}"; add it'
    if kind == "extra_forbidden":
        allowed = list(_field_by_alias(model_at(loc[:-1]) or Catalog))
        close = difflib.get_close_matches(str(last), allowed, n=1)
        hint = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
        return f'unknown key "{last}"; {hint}'
    if kind == "string_type":
        return f"must be text in double quotes, not {_json_type(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, not {_json_type(value)}"
    if kind == "list_type":
        return f"must be a list [...], not {_json_type(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be an object {{...}}, not {_json_type(value)}"
    if kind == "string_pattern_mismatch":
        if last in ("id", "collections", "moods") or isinstance(last, int):
            return (
                f'"{value}" is not a valid id; use lowercase ASCII letters, digits and single '
                'dashes, like "jang-deok-cheol-see-you-later"'
            )
        return f'"{value}" does not have the expected form ({context.get("pattern")})'
    if kind == "string_too_long":
        limit = context.get("max_length")
        if last == "ko":
            return (
                f"quotes {len(value)} characters; a quoted line may have at most {limit} "
                "(quotation policy: quote less, or link to the official video)"
            )
        return f"is {len(value)} characters long; at most {limit} allowed"
    if kind == "too_long":
        limit = context.get("max_length")
        if isinstance(value, str):
            if last == "ko":
                return (
                    f"quotes {len(value)} characters; a quoted line may have at most {limit} "
                    "(quotation policy: quote less, or link to the official video)"
                )
            return f"is {len(value)} characters long; at most {limit} allowed"
        if last == "lines":
            return (
                f"quotes {len(value)} lines; at most {limit} quoted lines per song "
                "(quotation policy: keep the few lines you discuss)"
            )
        return f"has {len(value)} items; at most {limit} allowed"
    if kind == "too_short":
        if last == "collections":
            return "must name at least one collection"
        return f"needs at least {context.get('min_length')} item(s)"
    if kind == "literal_error":
        return f'"{value}" is not allowed; use one of {context.get("expected")}'
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return str(error["msg"]).replace("Input should be", "must be")
    if kind == "value_error" and not loc:
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


@dataclass
class _Locator:
    """Maps JSON paths to positions, computing the source map only when a problem exists."""

    text: str
    entries: dict[str, Any] = field(default_factory=dict)
    ready: bool = False

    def problem(self, loc: Loc, message: str, at_key: bool = False) -> Problem:
        if not self.ready:
            self.entries = source_map(self.text)
            self.ready = True
        loc = tuple(loc)
        while self.entries.get(_pointer(loc)) is None and loc:
            loc = loc[:-1]  # a missing field: point at the object that should hold it
        entry = self.entries[_pointer(loc)]
        spot = entry.key_start if at_key and entry.key_start is not None else entry.value_start
        return Problem(spot.line + 1, spot.column + 1, format_path(loc), message)


def validate_data(
    data: Any, text: str, name: str, now: datetime | None = None
) -> Catalog:
    """Validate parsed JSON, reporting every problem at once with its position."""
    locator = _Locator(text)
    if not isinstance(data, dict):
        raise CatalogError(
            name,
            [
                Problem(
                    1,
                    1,
                    "",
                    f"the top level must be an object with \"site\", \"collections\" and "
                    f"\"songs\", not {_json_type(data)}",
                )
            ],
        )
    problems = [locator.problem(loc, message) for loc, message in cross_check(data)]
    try:
        catalog = Catalog.model_validate(
            data, context={"now": now or datetime.now(UTC)}
        )
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = tuple(item["loc"])
            if not loc and problems:
                continue  # the model's own cross-check repeats what was found above
            message = _pydantic_message(item)
            if item["type"] == "missing":
                problems.append(locator.problem(loc[:-1], message))
            else:
                at_key = item["type"] == "extra_forbidden"
                problems.append(locator.problem(loc, message, at_key=at_key))
        raise CatalogError(name, problems) from None
    if problems:
        raise CatalogError(name, problems)
    return catalog


def load_raw(path: Path) -> tuple[str, Any]:
    text = read_text(path)
    return text, parse_json(text, str(path))


def load_catalog(path: Path | str, now: datetime | None = None) -> Catalog:
    """Read and validate a catalog file; raise CatalogError listing every problem."""
    path = Path(path)
    with _no_garbage_collection():
        text, data = load_raw(path)
        return validate_data(data, text, str(path), now)


@contextlib.contextmanager
def _no_garbage_collection() -> Iterator[None]:
    # Parsing builds hundreds of thousands of objects and no cycles; the cyclic collector
    # would rescan them again and again (10,000 songs: 1.7 s with it, well under 1 s without).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------- canonical form


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
        with FileLock(_lock_path(path)):
            if read_text(path) != text:
                raise CryfeedError(f"{path}: changed while formatting; run cryfeed fmt again")
            atomic_write(path, canonical.encode("utf-8"))
    return True


# ---------------------------------------------------------------- adding songs


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@dataclass(frozen=True)
class NewSong:
    """What a maintainer gives `cryfeed add`; id and added are filled in."""

    title: str
    artist: str
    note: str
    collections: Sequence[str]
    title_ko: str | None = None
    artist_ko: str | None = None
    released: str | None = None
    album: str | None = None
    moods: Sequence[str] = ()
    links: Sequence[Mapping[str, str]] = ()
    sources: Sequence[str] = ()
    song_id: str | None = None


# The flag that sets each field, so a problem in the new song is told in the user's terms.
ADD_FLAGS = {
    "id": "--id",
    "title": "--title",
    "title_ko": "--title-ko",
    "artist": "--artist",
    "artist_ko": "--artist-ko",
    "released": "--released",
    "album": "--album",
    "collections": "--collection",
    "moods": "--mood",
    "note": "--note",
    "links": "--link",
    "sources": "--source",
}


def add_song(path: Path | str, new: NewSong, now: datetime | None = None) -> Song:
    """Append one song, validating the whole catalog first; atomic and under a file lock."""
    path = Path(path)
    with FileLock(_lock_path(path)), _no_garbage_collection():
        text, data = load_raw(path)
        catalog = validate_data(data, text, str(path), now)
        moment = now or datetime.now(UTC)
        added = moment.astimezone(ZoneInfo(catalog.site.timezone)).replace(microsecond=0)
        song_id = new.song_id or unique_id(
            slugify(new.artist, new.title), (s.id for s in catalog.songs)
        )
        for index, existing in enumerate(catalog.songs):
            if song_key(existing.title, existing.artist) == song_key(new.title, new.artist):
                raise CryfeedError(
                    f'{path}: "{new.title}" by {new.artist} is already in the catalog '
                    f"(songs[{index}], id {existing.id}); nothing was added"
                )
        entry: dict[str, Any] = {
            "id": song_id,
            "title": new.title,
            "title_ko": new.title_ko,
            "artist": new.artist,
            "artist_ko": new.artist_ko,
            "released": new.released,
            "album": new.album,
            "added": added.isoformat(),
            "collections": list(new.collections),
            "moods": list(new.moods),
            "note": new.note,
            "links": [dict(link) for link in new.links],
            "sources": list(new.sources),
        }
        data["songs"].append(entry)
        index = len(data["songs"]) - 1
        updated = canonical_text(data)
        try:
            result = validate_data(json.loads(updated), updated, str(path), moment)
        except CatalogError as error:
            raise CryfeedError(_explain_new_song(error, index)) from None
        atomic_write(path, updated.encode("utf-8"))
        return result.songs[index]


def _explain_new_song(error: CatalogError, index: int) -> str:
    lines = []
    prefix = f"songs[{index}]"
    for problem in error.problems:
        if problem.path.startswith(prefix):
            rest = problem.path[len(prefix) :].lstrip(".")
            name = re.split(r"[.\[]", rest, maxsplit=1)[0]
            flag = ADD_FLAGS.get(name, name or "the new song")
            lines.append(f"{flag}: {problem.message}")
        else:
            lines.append(problem.format(error.filename))
    lines.append(f"{error.filename}: nothing was added")
    return "\n".join(lines)


# ---------------------------------------------------------------- JSON Schema


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
