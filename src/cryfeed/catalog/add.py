"""Append a song to songs.json (cryfeed add) or take one out for good (cryfeed remove)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cryfeed.catalog.canonical import _lock, canonical_text
from cryfeed.catalog.fast import fast_catalog
from cryfeed.catalog.load import _no_garbage_collection, load_to_rewrite, validate_data
from cryfeed.catalog.messages import _request
from cryfeed.catalog.positions import Loc
from cryfeed.errors import CatalogError, CryfeedError
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
from cryfeed.text import slugify, unique_id
from cryfeed.writer import atomic_write


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
        _, data, catalog = load_to_rewrite(path, now)
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
        _, data, catalog = load_to_rewrite(path, now)
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
            encoded = updated.encode("utf-8", "surrogatepass")
            if fast_catalog(encoded, moment) is None:
                validate_data(json.loads(updated), updated, str(path), moment)
        except CatalogError as error:
            lines = [f"--reason: {problem.message}" for problem in error.problems]
            raise CryfeedError("\n".join([*lines, f"{path}: nothing was removed"])) from None
        atomic_write(path, updated.encode("utf-8"))
        return Removed.model_validate(data["removed"][-1], context={"now": moment})
