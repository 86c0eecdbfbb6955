"""Read and parse songs.json with line:column for every problem, and validate it."""

from __future__ import annotations

import collections
import contextlib
import gc
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cryfeed.catalog.fast import fast_catalog
from cryfeed.catalog.files import read_bytes
from cryfeed.catalog.messages import _json_type, _request
from cryfeed.catalog.positions import (
    _TOKEN,
    Loc,
    _find_token,
    _Locator,
    _position,
    _problem_at,
)
from cryfeed.errors import CatalogError, Problem
from cryfeed.models import (
    Catalog,
    cross_check,
    quoted,
)

# songs.json nests 6 levels deep; Python's parser gives up near 1,000 (RecursionError).
MAX_DEPTH = 64
# The only number in songs.json is feed_limit (1 to 1,000); Python refuses to read integers
# of more than 4,300 digits at all, so a long one is refused here with its position.
MAX_DIGITS = 100


def read_text(path: Path) -> str:
    """Read a catalog as UTF-8, reporting a missing or huge file, a BOM or bad bytes."""
    return decode(read_bytes(path), str(path))


def decode(data: bytes, name: str) -> str:
    """The text of a catalog's bytes, reporting a BOM or bytes that are not UTF-8."""
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
        raw = read_bytes(path)
        # Nearly always valid: checked fast first; the full path finds and places problems.
        catalog = fast_catalog(raw, now or datetime.now(UTC))
        if catalog is not None:
            return catalog
        text = decode(raw, str(path))
        del raw  # 50 MB for 10,000 songs, while the full path needs memory most
        return validate_data(parse_json(text, str(path)), text, str(path), now)


def load_to_rewrite(path: Path, now: datetime | None = None) -> tuple[str, Any, Catalog]:
    """The text, the parsed JSON and the validated catalog, for a command that rewrites
    the file (fmt, add, remove); CatalogError as load_catalog raises it."""
    raw = read_bytes(path)
    text = decode(raw, str(path))
    catalog = fast_catalog(raw, now or datetime.now(UTC))
    if catalog is not None:
        # Valid, with no repeated key (the fast path counts them): the standard parser
        # reads it as parse_json would, about twice as fast.
        return text, json.loads(text), catalog
    data = parse_json(text, str(path))
    return text, data, validate_data(data, text, str(path), now)


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
            # The next young collection would scan everything just built (0.4 s for 10,000
            # songs) only to find it all alive: hand it to the oldest generation at once
            # (freeze and unfreeze each move whole lists; nothing is left frozen).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def located_problems(path: Path | str, found: Sequence[tuple[Loc, str]]) -> CatalogError:
    """Problems found after validation (against the last publication), each at its position."""
    text = read_text(Path(path))
    return CatalogError(str(path), _Locator(text).problems((loc, m, False) for loc, m in found))
