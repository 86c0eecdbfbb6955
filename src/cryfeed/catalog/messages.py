"""Pydantic's validation errors, explained in the user's terms and placed by path."""

from __future__ import annotations

import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from cryfeed.catalog.positions import (
    Loc,
)
from cryfeed.models import (
    Catalog,
    quoted,
)


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


def _bounds(loc: Loc, root: type[BaseModel]) -> tuple[float, float]:
    """The ge/le limits of the number field at loc (none: infinite)."""
    low, high = -math.inf, math.inf
    model = model_at(loc[:-1], root) if loc else None
    info = _field_by_alias(model).get(str(loc[-1])) if model is not None else None
    for rule in info.metadata if info is not None else ():
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _not_whole(value: Any, loc: Loc, root: type[BaseModel]) -> str:
    """A count given as something else; a float such as 50.0 gets the number to write
    when that number is allowed."""
    low, high = _bounds(loc, root)
    if isinstance(value, float) and value.is_integer() and low <= value <= high:
        return f"must be a whole number, not {value!r}; write {int(value)}"
    if isinstance(value, float) and not value.is_integer():
        return f"must be a whole number, not a fraction ({value!r})"
    if isinstance(value, float) and abs(value) >= 1e15:  # 1e300: as lax mode said before
        return "is too large for a whole number; write one such as 50"
    if isinstance(value, float) and math.isfinite(low) and math.isfinite(high):
        return f"must be a whole number from {low:g} to {high:g}, not {value!r}"
    return f"must be a whole number, not {_json_type(value)}"


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
    "int_type": lambda e: _not_whole(e.value, e.loc, e.root),
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
