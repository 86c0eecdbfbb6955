"""The fast path: a catalog with no problem validated from its bytes in pydantic-core."""

from __future__ import annotations

import contextlib
import functools
import itertools
import operator
import re
import types
import typing
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError, ValidationInfo
from pydantic_core import CoreSchema, PydanticCustomError, SchemaValidator, core_schema

from cryfeed.catalog.messages import model_at
from cryfeed.models import BARE_DATE, Catalog, Model, Site, Song, cross_check, timezone
from cryfeed.models.entries import _TOLD_APART_BY, NoRepeats, _no_repeats, _parse_added
from cryfeed.models.plain import plain_schema

# Why a second path: the full one (load.py) parses with a Python hook on every object, to
# find repeated keys, and validates every string with a Python rule; 10,000 songs took
# seconds. Here pydantic-core parses the bytes and checks plain strings by pattern (see
# models/plain.py). It answers only "valid, and here is the catalog" or None: on any
# doubt at all the full path runs and reports every problem, positioned, exactly as before.


def _faster(schema: Any, marks: tuple[Any, Any]) -> Any:
    """The models' core schema with each text rule tried first as a pattern; `marks` are
    the Catalog's `site` field and the Song's `added` rule (see _song_added)."""
    if isinstance(schema, list):
        return [_faster(item, marks) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    function = schema.get("function")
    rule = function.get("function") if isinstance(function, dict) else None
    if kind == "function-after" and (plain := plain_schema(rule)) is not None:
        # Left to right: the pattern in Rust, and only for text it refuses, the rule itself.
        return core_schema.union_schema([plain, schema], mode="left_to_right")
    if kind == "function-before" and rule == Catalog._bare_dates:
        # It would turn the whole parsed document into Python objects first; bare dates are
        # resolved one by one below instead.
        return _faster(schema["schema"], marks)
    if kind == "function-after" and rule is _no_repeats:
        # Checked on the whole catalog at once after validation (_checked_keys): a Python
        # call for each of 140,000 lists at 10,000 songs took a quarter of a second.
        return _faster(schema["schema"], marks)
    catalog_site, song_added = marks
    if kind == "function-before" and rule is _parse_added and schema is song_added:
        return core_schema.with_info_before_validator_function(_song_added, schema["schema"])
    if kind == "model-field" and schema is catalog_site:
        site = core_schema.with_info_after_validator_function(_remember_zone, schema["schema"])
        return {**schema, "schema": _faster(site, marks)}
    if kind == "list":
        # A bad catalog takes the full path anyway: stop at its first bad entry.
        return {**_faster_items(schema, marks), "fail_fast": True}
    return _faster_items(schema, marks)


def _faster_items(schema: dict[str, Any], marks: tuple[Any, Any]) -> dict[str, Any]:
    return {key: _faster(value, marks) for key, value in schema.items()}


def _field_rule(schema: CoreSchema, model: type[BaseModel], name: str) -> Any:
    """The core schema of one field of `model` (as built into the Catalog's `schema`)."""
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "model" and node.get("cls") is model:
                fields = node["schema"]
                while fields.get("type") != "model-fields":
                    fields = fields["schema"]
                return fields["fields"][name]
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    raise LookupError(f"{model.__name__}.{name}")


# A bare `added` date means midnight in site.timezone (models/rules.py resolves them all
# before validating; here each is resolved as it is met, site being validated first).
def _remember_zone(site: Site, info: ValidationInfo) -> Site:
    if isinstance(info.context, dict):
        info.context["zone"] = timezone(site.timezone)
    return site


def _song_added(value: Any, info: ValidationInfo) -> datetime:
    zone = info.context.get("zone") if isinstance(info.context, dict) else None
    if zone is not None and isinstance(value, str) and BARE_DATE.match(value):
        with contextlib.suppress(ValueError):  # not a real date: _parse_added says so
            day = date.fromisoformat(value)
            value = datetime(day.year, day.month, day.day, tzinfo=zone)
    return _parse_added(value, info)


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """`model` and every model its fields hold, however deep."""
    found, stack = {model}, [model]
    while stack:
        current = stack.pop()
        for name in current.model_fields:
            child = model_at((name,), current)
            if child is not None and child not in found:
                found.add(child)
                stack.append(child)
    return found


def _core_schema() -> CoreSchema:
    """The Catalog's core schema, generated as pydantic would, without finishing the models.

    The models are built on first use (defer_build, models/entries.py): finishing them here
    would build a validator and a serializer for each of them, and look up pydantic plugins
    (importing importlib.metadata and reading every installed package's entry points), only
    for this module to build its own validator. Checked with pydantic 2.14 (GenerateSchema is
    pydantic's own, private); on any change the public way below is taken.
    """
    if not Catalog.__pydantic_complete__:
        try:
            from pydantic._internal._config import ConfigWrapper
            from pydantic._internal._generate_schema import GenerateSchema
            from pydantic._internal._namespace_utils import NsResolver

            config = ConfigWrapper(Catalog.model_config, check=False)
            generate = GenerateSchema(config, NsResolver())
            return generate.clean_schema(generate.generate_schema(Catalog))
        except Exception:  # pydantic's internals changed: finish the models instead
            Catalog.model_rebuild()
    return Catalog.__pydantic_core_schema__


@functools.cache
def _validator() -> SchemaValidator | None:
    """The fast validator, or None (every catalog takes the full path) if the models' core
    schema is not shaped as this module expects (tests/test_fast.py would say so)."""
    catalog_schema = _core_schema()
    try:
        marks = (
            _field_rule(catalog_schema, Catalog, "site"),
            _field_rule(catalog_schema, Song, "added")["schema"],
        )
    except LookupError:
        return None
    schema: CoreSchema = _faster(catalog_schema, marks)
    # pydantic-core reuses a finished model's own validator for a schema naming that model
    # ("prebuilt"), which would drop the patterns above: while building, the models say
    # they are not finished (a flag in the class's own __dict__; put back right after).
    finished = {model: model.__pydantic_complete__ for model in _models(Catalog)}
    try:
        for model in finished:
            model.__pydantic_complete__ = False
        return SchemaValidator(schema)
    finally:
        for model, complete in finished.items():
            model.__pydantic_complete__ = complete


@functools.cache
def _children(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel], bool], ...]:
    """The fields of `model` that hold a model (or, True, a list of them), with its class."""
    found = []
    for name, info in model.model_fields.items():
        child = model_at((info.alias or name,), model)
        if child is not None:
            found.append((name, child, typing.get_origin(_bare(info.annotation)) is list))
    return tuple(found)


def _bare(annotation: Any) -> Any:
    """The type inside Optional and Annotated."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


_FIELDS_SET = operator.attrgetter("__pydantic_fields_set__")


@functools.cache
def _unique_lists(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """The list fields of `model` that name each thing once (NoRepeats), each with the field
    that tells its entries apart (None: the entries themselves)."""
    found = []
    for name, info in model.model_fields.items():
        if any(rule is NoRepeats for rule in info.metadata):
            child = model_at((info.alias or name,), model)
            entry = child if child is not None and issubclass(child, Model) else None
            found.append((name, _TOLD_APART_BY.get(entry) if entry is not None else None))
    return tuple(found)


def _no_repeats_in(lists: list[Any], told_apart_by: str | None) -> bool:
    """True if no list repeats an entry, as models/entries.py's _no_repeats decides."""
    try:
        keys = lists if told_apart_by is None else map(
            functools.partial(map, operator.attrgetter(told_apart_by)), lists
        )
        if list(map(len, map(set, keys))) == list(map(len, lists)):
            return True  # every entry named differently: no repeats (the rule's quick check)
    except TypeError:  # entries that cannot be hashed: the rule itself decides, below
        pass
    for items in lists:
        if isinstance(items, list) and len(items) > 1:
            try:
                _no_repeats(items)  # two share a name: the rule itself says if they repeat
            except PydanticCustomError:
                return False
    return True


def _checked_keys(catalog: Catalog) -> int | None:
    """How many keys the document gave, counted on the models (a repeated key counts once);
    None if a list repeats an entry (the full path says where).

    Level by level, one class at a time, so that the loops over 400,000 models run in C.
    """
    count = 0
    groups: list[tuple[type[BaseModel], list[Any]]] = [(Catalog, [catalog])]
    while groups:
        model, instances = groups.pop()
        count += sum(map(len, map(_FIELDS_SET, instances)))
        for name, told_apart_by in _unique_lists(model):
            if not _no_repeats_in(list(map(operator.attrgetter(name), instances)), told_apart_by):
                return None
        for name, child, many in _children(model):
            values = map(operator.attrgetter(name), instances)
            held = list(itertools.chain.from_iterable(values) if many else filter(None, values))
            if held:
                groups.append((child, held))
    return count


_SPACE_BEFORE_COLON = re.compile(rb'"[ \t\r\n]+:')


def _key_tokens(raw: bytes) -> int | None:
    """How many keys the text has, at least (a string value starting with ":" counts too);
    None if some key has space before its colon, which `cryfeed fmt` never writes."""
    if _SPACE_BEFORE_COLON.search(raw):
        return None
    if b"\\" not in raw:  # nothing escaped (a quick scan for one byte): one count will do
        return raw.count(b'":')
    # A quote after an odd number of backslashes is inside a string: count `":` after an
    # even number (c0 - c1 + c2 - ..., where ck counts `":` after at least k backslashes).
    total, sign, marker = 0, 1, b'":'
    while found := raw.count(marker):
        total += sign * found
        sign, marker = -sign, b"\\" + marker
    return total


def fast_catalog(raw: bytes, now: datetime) -> Catalog | None:
    """The catalog if `raw` is valid and plainly so; None means: take the full path."""
    tokens = _key_tokens(raw)
    if tokens is None or raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None  # the full path names a byte order mark
    validator = _validator()
    if validator is None:
        return None
    context = {"now": now, "cross_checked": True}
    try:
        catalog = validator.validate_json(raw, context=context)
    except ValidationError:
        return None
    if not isinstance(catalog, Catalog) or _checked_keys(catalog) != tokens:
        return None  # a key given twice (json keeps the last one silently), or a repeat
    summary = {
        "collections": [{"id": c.id} for c in catalog.collections],
        "songs": [
            {"id": s.id, "title": s.title, "artist": s.artist, "collections": s.collections}
            for s in catalog.songs
        ],
        "removed": [{"id": r.id} for r in catalog.removed],
    }
    return None if cross_check(summary) else catalog
