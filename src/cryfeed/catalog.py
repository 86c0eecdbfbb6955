"""Load songs.json with line:column for every problem, dump it canonically, append songs."""

from __future__ import annotations

import bisect
import collections
import contextlib
import dataclasses
import difflib
import functools
import gc
import json
import math
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from cryfeed.errors import CatalogError, CryfeedError, Problem
from cryfeed.models import (
    MAX_SONGS,
    Catalog,
    Removed,
    Song,
    cross_check,
    quoted,
    song_key,
    timezone,
)
from cryfeed.text import slugify, unique_id  # re-exported: cryfeed.catalog.slugify
from cryfeed.writer import atomic_write

if TYPE_CHECKING:
    from filelock import FileLock

Loc = tuple[str | int, ...]

SCHEMA_FILENAME = "songs.schema.json"
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Refused before parsing: parsing needs several times the file's size in memory. The
# largest catalog the models allow (20,000 songs with study notes) takes about 50 MiB.
MAX_FILE_BYTES = 64 * 1024 * 1024
# songs.json nests 6 levels deep; Python's parser gives up near 1,000 (RecursionError).
MAX_DEPTH = 64
# The only number in songs.json is feed_limit (1 to 1,000); Python refuses to read integers
# of more than 4,300 digits at all, so a long one is refused here with its position.
MAX_DIGITS = 100


# ---------------------------------------------------------------- reading and parsing


def read_text(path: Path) -> str:
    """Read a catalog as UTF-8, reporting a missing or huge file, a BOM or bad bytes."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded even for a pipe or a device
    except FileNotFoundError:
        raise CryfeedError(
            f"{name}: no such file; run cryfeed in the folder that holds songs.json, "
            "or pass its path with --catalog"
        ) from None
    except OSError as error:
        raise CryfeedError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CryfeedError(
            f"{name}: larger than {MAX_FILE_BYTES // 2**20} MiB, the most a catalog may be "
            "(20,000 songs with study notes take about 50 MiB); check that --catalog "
            "names songs.json"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError(
            name, [Problem(1, 1, "", "the file is UTF-16 or UTF-32; save it as UTF-8")]
        )
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


# One JSON token: a string, a bracket or separator, or a bare literal (number, true, NaN ...).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]|[^\s\[\]{}:,"]+')
_OPEN, _CLOSE, _SEPARATORS = frozenset("[{"), frozenset("]}"), frozenset(",:")


def _find_token(text: str, wanted: Callable[[str, int], bool]) -> int:
    """Where the first token for which wanted(token, depth) holds starts (0 if none)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth -= 1
        if wanted(token, depth):
            return match.start()
    return 0


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _problem_at(text: str, index: int, message: str) -> Problem:
    return Problem(*_position(text, index), "", message)


@dataclass
class _Numbers:
    """Parse hooks that note the numbers json would refuse or turn into infinity or NaN."""

    bad: bool = False

    def integer(self, digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            self.bad = True
            return 0
        return int(digits)

    def real(self, text: str) -> float:
        value = float(text)
        self.bad = self.bad or not math.isfinite(value)
        return value

    def constant(self, name: str) -> float:
        self.bad = True
        return math.nan


def _is_bad_number(token: str, depth: int) -> bool:
    if token[0] not in "-0123456789NI":
        return False
    if token.lstrip("-").isdigit():
        return len(token.lstrip("-")) > MAX_DIGITS
    try:
        return not math.isfinite(float(token))
    except ValueError:
        return False


def _number_problem(text: str) -> Problem:
    index = _find_token(text, _is_bad_number)
    token = _TOKEN.match(text, index)
    shown = token.group() if token else ""
    if shown.lstrip("-").isdigit():
        message = (
            f"a number with {len(shown.lstrip('-'))} digits; numbers in songs.json are small "
            "(feed_limit is 1 to 1000)"
        )
    elif shown.lstrip("-") in ("NaN", "Infinity"):
        message = f"{shown} is not a JSON number; write a number such as 50"
    else:
        message = f"{quoted(shown)} is too large to be a number; write a number such as 50"
    return _problem_at(text, index, message)


def _depth_problem(text: str) -> Problem:
    index = _find_token(text, lambda token, depth: depth > MAX_DEPTH)
    return _problem_at(
        text,
        index,
        f"lists and objects nest more than {MAX_DEPTH} levels deep here (songs.json needs 6); "
        "remove the extra brackets",
    )


# What json's own messages mean, in the order they are tried (first match wins).
_TRAILING_COMMA = "trailing comma: JSON allows no comma before a closing bracket; remove it"
_JSON_ERRORS: tuple[tuple[str, str], ...] = (
    (
        "Expecting value",
        "expected a value (text in double quotes, a number, true, false, null, [ or {)",
    ),
    ("Expecting property name", "expected a key in double quotes"),
    ("Unterminated string", "unterminated string; add the closing double quote"),
    (
        "Invalid control character",
        "a string runs into a line break: add the missing closing double quote "
        "(or write a line break inside text as \\n)",
    ),
    ("Expecting ',' delimiter", "expected a comma between two values (or a closing bracket)"),
    ("Expecting ':' delimiter", "expected a colon after the key"),
    ("Extra data", "extra text after the end of the JSON document; remove it"),
)


def _explain_json_error(text: str, error: json.JSONDecodeError) -> str:
    message = error.msg
    if message.startswith(("Expecting property name", "Expecting value")) and text[
        : error.pos
    ].rstrip().endswith(","):
        return _TRAILING_COMMA
    if message.startswith("Expecting value") and error.pos >= len(text.rstrip()):
        return "the file ends too early; a value or a closing bracket is missing"
    if message.startswith("Invalid \\"):  # "Invalid \escape" and "Invalid \uXXXX escape"
        bad = quoted(text[error.pos : error.pos + 2])
        return f'invalid escape {bad}; write a backslash as "\\\\"'
    for start, explanation in _JSON_ERRORS:
        if message.startswith(start):
            return explanation
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

    numbers = _Numbers()
    try:
        data = json.loads(
            text,
            object_pairs_hook=plain_object,
            parse_int=numbers.integer,
            parse_float=numbers.real,
            parse_constant=numbers.constant,
        )
    except json.JSONDecodeError as error:
        line, column = error.lineno, error.colno
        message = _explain_json_error(text, error)
        if message == _TRAILING_COMMA:
            line, column = _position(text, len(text[: error.pos].rstrip()) - 1)
        raise CatalogError(name, [Problem(line, column, "", message)]) from None
    except RecursionError:
        raise CatalogError(name, [_depth_problem(text)]) from None
    if numbers.bad:
        raise CatalogError(name, [_number_problem(text)])
    if not repeats:
        return data
    # Rare: parse again, remembering which object repeats which key, to say where.
    data = json.loads(text, object_pairs_hook=_object)
    raise CatalogError(
        name,
        _Locator(text).problems(
            [(loc, f"key {quoted(key)} appears twice in this object; keep one", True)
             for loc, key in _repeated_keys(data)]
        ),
    )


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers keys it saw twice (json keeps the last silently)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    result.repeated = []
    if len(result) != len(pairs):
        counts = collections.Counter(key for key, _ in pairs)
        result.repeated = sorted(key for key, count in counts.items() if count > 1)
    return result


def _repeated_keys(value: Any) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    stack: list[tuple[Loc, Any]] = [((), value)]  # a loop, not recursion: nesting may be deep
    while stack:
        loc, item = stack.pop()
        if isinstance(item, _Object):
            found += [((*loc, key), key) for key in item.repeated]
            stack += [((*loc, key), child) for key, child in item.items()]
        elif isinstance(item, list):
            stack += [((*loc, index), child) for index, child in enumerate(item)]
    return found


# ---------------------------------------------------------------- locating problems


def format_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{quoted(part)}]"
    return out


def _decode_key(token: str) -> str:
    return token[1:-1] if "\\" not in token else str(json.loads(token))


class _Locator:
    """Finds where JSON paths are in the text, in one pass made only when a problem exists.

    A loop over tokens instead of a recursive parser: it takes any nesting depth, decodes
    escaped keys, walks only the paths it was asked for and steps over everything else.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _starts(self, wanted: set[Loc]) -> dict[Loc, tuple[int, int | None]]:
        """For each wanted path: where its value starts, and its key if it has one."""
        found: dict[Loc, tuple[int, int | None]] = {}
        text, skip = self.text, json.JSONDecoder().raw_decode
        path: list[str | int] = []  # the key or index of the value being read, per level
        in_object: list[bool] = []
        key_start: list[int | None] = []
        expecting_key = False
        position = 0
        while match := _TOKEN.search(text, position):
            token, start, position = match.group(), match.start(), match.end()
            if token in _SEPARATORS:
                if token == "," and in_object[-1]:
                    expecting_key = True
                elif token == ",":
                    path[-1] = int(path[-1]) + 1
                continue
            if token in _CLOSE:
                path.pop(), in_object.pop(), key_start.pop()
                expecting_key = False
                continue
            if expecting_key:
                path[-1], key_start[-1], expecting_key = _decode_key(token), start, False
                continue
            loc = tuple(path)
            if loc not in wanted:
                if token in _OPEN:  # nothing wanted inside: let json's C parser step over it
                    position = skip(text, start)[1]
                continue
            found[loc] = (start, key_start[-1] if in_object and in_object[-1] else None)
            if token in _OPEN:
                in_object.append(token == "{")
                path.append("" if token == "{" else 0)
                key_start.append(None)
                expecting_key = token == "{"
        return found

    def problems(self, requests: Iterable[tuple[Loc, str, bool]]) -> list[Problem]:
        """Problems for (path, message, point at the key) requests, placed by line:column.

        A path that does not exist (a missing field) points at the object that should hold it.
        """
        requests = list(requests)
        wanted = {loc[:size] for loc, _, _ in requests for size in range(len(loc) + 1)}
        starts = self._starts(wanted)
        newlines = [m.start() for m in re.finditer("\n", self.text)]
        result = []
        for loc, message, at_key in requests:
            while loc not in starts and loc:
                loc = loc[:-1]
            value_start, key_start = starts.get(loc, (0, None))
            index = key_start if at_key and key_start is not None else value_start
            line = bisect.bisect_left(newlines, index)
            column = index - (newlines[line - 1] + 1 if line else 0) + 1
            result.append(Problem(line + 1, column, format_path(loc), message))
        return result


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


# ---------------------------------------------------------------- pydantic's errors, explained


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what the explanations need."""

    loc: Loc
    value: Any
    context: Mapping[str, Any]
    message: str
    root: type[BaseModel]

    @property
    def last(self) -> str | int:
        return self.loc[-1] if self.loc else ""


_QUOTATION_POLICY = "(quotation policy: quote less, or link to the official video)"


def _unknown_key(error: _Error) -> str:
    allowed = list(_field_by_alias(model_at(error.loc[:-1], error.root) or error.root))
    close = difflib.get_close_matches(str(error.last), allowed, n=1)
    hint = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
    return f"unknown key {quoted(str(error.last))}; {hint}"


def _pattern_mismatch(error: _Error) -> str:
    if error.last in ("id", "collections", "moods") or isinstance(error.last, int):
        return (
            f"{quoted(error.value)} is not a valid id; use lowercase ASCII letters, digits and "
            'single dashes, like "jang-deok-cheol-see-you-later"'
        )
    if error.last == "language":
        return f'{quoted(error.value)} is not a language tag; use a BCP 47 tag like "en" or "ko"'
    if error.last == "tag_authority":
        return (
            f"{quoted(error.value)} is not a tag authority; write a domain you own and the "
            'date you owned it, like "example.org,2026"'
        )
    return f"{quoted(error.value)} does not have the expected form ({error.context.get('pattern')})"


def _too_long(error: _Error) -> str:
    limit, value = error.context.get("max_length"), error.value
    if isinstance(value, str) and error.last == "ko":
        return (
            f"quotes {len(value)} characters; a quoted line may have at most {limit} "
            + _QUOTATION_POLICY
        )
    if isinstance(value, str):
        return f"is {len(value)} characters long; at most {limit} allowed; shorten it"
    if error.last == "lines":
        return (
            f"quotes {len(value)} lines; at most {limit} quoted lines per song "
            "(quotation policy: keep the few lines you discuss)"
        )
    return f"has {len(value)} items; at most {limit} allowed; keep the ones that matter most"


def _too_short(error: _Error) -> str:
    if error.last == "collections":
        return "must name at least one collection"
    return f"needs at least {error.context.get('min_length')} item(s)"


def _not_allowed(error: _Error) -> str:
    shown = quoted(error.value) if isinstance(error.value, str) else _json_type(error.value)
    return f"{shown} is not allowed; use one of {error.context.get('expected')}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(error: _Error) -> str:
    # pydantic-core refuses a lone surrogate before the models' own check can name it.
    found = _SURROGATE.search(error.value) if isinstance(error.value, str) else None
    code = f"U+{ord(found.group()):04X}" if found else "a lone surrogate"
    return f"contains {code}, which no feed can carry; remove it"


_EXPLANATIONS: dict[str, Callable[[_Error], str]] = {
    "missing": lambda e: f'missing required field "{e.last}"; add it',
    "extra_forbidden": _unknown_key,
    "string_type": lambda e: f"must be text in double quotes, not {_json_type(e.value)}",
    "string_unicode": _lone_surrogate,
    "int_type": lambda e: f"must be a whole number, not {_json_type(e.value)}",
    "int_parsing_size": lambda e: "is too large for a whole number; write one such as 50",
    "list_type": lambda e: f"must be a list [...], not {_json_type(e.value)}",
    "model_type": lambda e: f"must be an object {{...}}, not {_json_type(e.value)}",
    "string_pattern_mismatch": _pattern_mismatch,
    "string_too_long": _too_long,
    "too_long": _too_long,
    "too_short": _too_short,
    "literal_error": _not_allowed,
    "greater_than_equal": lambda e: e.message.replace("Input should be", "must be"),
    "value_error": lambda e: e.message.removeprefix("Value error, "),
}
for _alias, _kind in (
    ("int_parsing", "int_type"),
    ("int_from_float", "int_type"),
    ("dict_type", "model_type"),
    ("model_attributes_type", "model_type"),
    ("less_than_equal", "greater_than_equal"),
    ("greater_than", "greater_than_equal"),
    ("less_than", "greater_than_equal"),
):
    _EXPLANATIONS[_alias] = _EXPLANATIONS[_kind]


def _pydantic_message(error: Mapping[str, Any], root: type[BaseModel] = Catalog) -> str:
    details = _Error(
        tuple(error["loc"]), error.get("input"), error.get("ctx") or {}, str(error["msg"]), root
    )
    explain = _EXPLANATIONS.get(error["type"])
    return explain(details) if explain else details.message


def _request(error: Mapping[str, Any], root: type[BaseModel] = Catalog) -> tuple[Loc, str, bool]:
    """Where a pydantic error points (path, message, at the key) in the user's terms."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        loc = loc[:-1]  # the field is not there: point at the object that should hold it
    elif kind == "repeated":
        loc = (*loc, (error.get("ctx") or {})["index"])  # the repeat, not the whole list
    return loc, _pydantic_message(error, root), kind == "extra_forbidden"


def validate_data(data: Any, text: str, name: str, now: datetime | None = None) -> Catalog:
    """Validate parsed JSON, reporting every problem at once with its position."""
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
    requests = [(loc, message, False) for loc, message in cross_check(data)]
    context = {"now": now or datetime.now(UTC), "cross_checked": True}
    try:
        catalog = Catalog.model_validate(data, context=context)
    except ValidationError as error:
        requests += [_request(item) for item in error.errors(include_url=False)]
    if requests:
        raise CatalogError(name, _Locator(text).problems(requests))
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
        with _lock(path):
            if read_text(path) != text:
                raise CryfeedError(f"{path}: changed while formatting; run cryfeed fmt again")
            atomic_write(path, canonical.encode("utf-8"))
    return True


# ---------------------------------------------------------------- adding songs


def _lock(path: Path) -> FileLock:
    """The lock that fmt, add and remove hold while they rewrite the catalog."""
    # Imported here: validate never writes, and this keeps filelock out of its start-up.
    from filelock import FileLock

    return FileLock(path.with_name(path.name + ".lock"))


@dataclass(frozen=True)
class NewSong:
    """What a maintainer gives `cryfeed add`, named like Song's fields; `added` is filled in."""

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
    sources: Sequence[Mapping[str, Any]] = ()  # {url, facts}
    id: str | None = None


# The fields `cryfeed add` sets, in Song's order, and the flag that sets each, so that a
# problem in the new song is told in the user's terms (a list field's flag is singular and
# repeatable: --collection).
ADD_FIELDS = tuple(name for name in Song.model_fields if name not in ("added", "study"))
ADD_FLAGS = {name: "--" + name.replace("_", "-").removesuffix("s") for name in ADD_FIELDS}


def _entry(new: NewSong, song_id: str, added: str) -> dict[str, Any]:
    """The new song as it will stand in songs.json, keys in Song's order."""
    values = {field.name: getattr(new, field.name) for field in dataclasses.fields(new)}
    values.update(id=song_id, added=added)
    entry: dict[str, Any] = {}
    for name in Song.model_fields:
        value = values.get(name)
        if name not in values:
            continue  # study notes are written by hand
        if isinstance(value, Sequence) and not isinstance(value, str):
            value = [dict(item) if isinstance(item, Mapping) else item for item in value]
        entry[name] = value
    return entry


def duplicate_message(catalog: Catalog, title: str, artist: str) -> str | None:
    """Why a song with this title and artist cannot be added, or None if it is new."""
    key = song_key(title, artist)
    for index, existing in enumerate(catalog.songs):
        if song_key(existing.title, existing.artist) == key:
            return (
                f"{quoted(title)} by {quoted(artist)[1:-1]} is already in the catalog "
                f"(songs[{index}], id {existing.id})"
            )
    return None


def new_song_problems(
    catalog_data: Mapping[str, Any], entry: Mapping[str, Any], now: datetime
) -> list[tuple[Loc, str]]:
    """Every problem of one new song, by its path inside the song, in Song's field order.

    The song is checked on its own (field rules) and against the catalog (the rules that
    span songs); the rest of the catalog was validated already.
    """
    problems: list[tuple[Loc, str]] = []
    try:
        Song.model_validate(entry, context={"now": now})
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc, message, _ = _request(item, Song)
            problems.append((loc, message))
    songs = [*catalog_data.get("songs", []), entry]
    index = len(songs) - 1
    spanning = cross_check({**catalog_data, "songs": songs})
    problems += [(loc[2:], message) for loc, message in spanning if loc[:2] == ("songs", index)]
    order = list(Song.model_fields)

    def position(problem: tuple[Loc, str]) -> tuple[int, list[tuple[bool, str | int]]]:
        loc = problem[0]
        field = order.index(loc[0]) if loc and loc[0] in order else -1
        return field, [(isinstance(part, str), part) for part in loc[1:]]

    return sorted(problems, key=position)


def check_answer(catalog: Catalog, name: str, value: Any, now: datetime | None = None) -> list[str]:
    """Problems of one answer to `cryfeed add` (same rules and messages as its flags)."""
    moment = now or datetime.now(UTC)
    placeholder = _entry(
        NewSong(title="t", artist="a", note="n", collections=[catalog.collections[0].id]),
        "new-song",
        moment.isoformat(),
    )
    raw = {"collections": [{"id": c.id} for c in catalog.collections], "songs": []}
    problems = new_song_problems(raw, {**placeholder, name: value}, moment)
    return [message for loc, message in problems if loc[:1] == (name,)]


def add_song(path: Path | str, new: NewSong, now: datetime | None = None) -> Song:
    """Append one song, validating the catalog and the new song; atomic and under a file lock."""
    path = Path(path)
    with _lock(path), _no_garbage_collection():
        text, data = load_raw(path)
        catalog = validate_data(data, text, str(path), now)
        if len(catalog.songs) >= MAX_SONGS:
            raise CryfeedError(
                f"{path}: already holds {len(catalog.songs)} songs, the most a catalog may "
                "hold; nothing was added"
            )
        duplicate = duplicate_message(catalog, new.title, new.artist)
        if duplicate:
            raise CryfeedError(f"{path}: {duplicate}; nothing was added")
        moment = now or datetime.now(UTC)
        zone = timezone(catalog.site.timezone)
        added = moment.astimezone(zone).replace(microsecond=0)
        song_id = new.id or unique_id(slugify(new.artist, new.title), (s.id for s in catalog.songs))
        entry = _entry(new, song_id, added.isoformat())
        # Only the new song is checked here: the file was validated just above, and a full
        # second validation of the written text would cost as much again for nothing new.
        problems = new_song_problems(data, entry, moment)
        if problems:
            lines = [f"{ADD_FLAGS.get(str(loc[0]), 'the new song')}: {m}" for loc, m in problems]
            raise CryfeedError("\n".join([*lines, f"{path}: nothing was added"]))
        data["songs"].append(entry)
        atomic_write(path, canonical_text(data).encode("utf-8"))
        return Song.model_validate(entry, context={"now": moment})


def remove_song(
    path: Path | str, song_id: str, reason: str, now: datetime | None = None
) -> Removed:
    """Take a published song out for good: it leaves songs, a tombstone keeps its id and why.

    Atomic and under the same lock as add; the whole catalog is validated before and after.
    """
    path = Path(path)
    with _lock(path), _no_garbage_collection():
        text, data = load_raw(path)
        catalog = validate_data(data, text, str(path), now)
        catalog.song(song_id)  # a CryfeedError naming the closest id when there is none
        moment = now or datetime.now(UTC)
        zone = timezone(catalog.site.timezone)
        when = moment.astimezone(zone).replace(microsecond=0).isoformat()
        data["songs"] = [song for song in data["songs"] if song.get("id") != song_id]
        data.setdefault("removed", []).append({"id": song_id, "reason": reason, "removed": when})
        updated = canonical_text(data)
        # Validated again as written: the reason is checked like any text (length, invisible
        # characters), with its position in the text that would be written.
        try:
            validate_data(json.loads(updated), updated, str(path), moment)
        except CatalogError as error:
            lines = [f"--reason: {problem.message}" for problem in error.problems]
            raise CryfeedError("\n".join([*lines, f"{path}: nothing was removed"])) from None
        atomic_write(path, updated.encode("utf-8"))
        return Removed.model_validate(data["removed"][-1], context={"now": moment})


def located_problems(path: Path | str, found: Sequence[tuple[Loc, str]]) -> CatalogError:
    """Problems found after validation (against the last publication), each at its position."""
    text = read_text(Path(path))
    return CatalogError(str(path), _Locator(text).problems((loc, m, False) for loc, m in found))


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
