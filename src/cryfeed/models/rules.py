"""Rules that span entries of songs.json (duplicates, unknown collections, removed ids)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from cryfeed.models.limits import (
    _BIDI,
    _INVISIBLE,
    _JOINERS,
    BARE_DATE,
    MAX_SONG_GROUPS,
    quoted,
    timezone,
)

_INVISIBLE_ANYWHERE = re.compile(f"[{_BIDI}{_INVISIBLE}{_JOINERS}]")
_WHITESPACE_RUN = re.compile(r"\s+")


def fold(text: str) -> str:
    """What a reader sees: invisible characters removed, case and width folded (NFKC),
    every run of spaces one space, so that visual twins compare equal."""
    if text.isascii():  # most titles and names: nothing invisible, NFKC changes nothing
        return " ".join(text.lower().split())  # split() and \s agree on what a space is
    text = _INVISIBLE_ANYWHERE.sub("", text)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return _WHITESPACE_RUN.sub(" ", text).strip()


def song_key(title: str, artist: str) -> tuple[str, str]:
    """Two songs are the same song when title and artist look the same (see `fold`)."""
    return fold(title), fold(artist)


Loc = tuple[str | int, ...]
Found = list[tuple[Loc, str]]


def _first_seen(seen: dict[Any, int], key: Any, index: int) -> int | None:
    """The index that first used `key`, or None (and remember `index`) if this is the first."""
    first = seen.setdefault(key, index)
    return None if first == index else first


def _check_collection_ids(collections: Any, found: Found) -> dict[str, int]:
    ids: dict[str, int] = {}
    if not isinstance(collections, list):
        return ids
    for index, collection in enumerate(collections):
        name = collection.get("id") if isinstance(collection, dict) else None
        if isinstance(name, str) and (first := _first_seen(ids, name, index)) is not None:
            found.append(
                (
                    ("collections", index, "id"),
                    f"duplicate collection id {quoted(name)} "
                    f"(first used by collections[{first}]); rename one",
                )
            )
    return ids


def _check_song_collections(index: int, names: Any, ids: dict[str, int], found: Found) -> None:
    if not isinstance(names, list):
        return
    # Past the limit the list is refused anyway; do not look up thousands of names.
    for position, name in enumerate(names[:MAX_SONG_GROUPS]):
        if isinstance(name, str) and name not in ids:
            known = ", ".join(sorted(ids)) or "none defined"
            close = difflib.get_close_matches(name, list(ids), n=1)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            found.append(
                (
                    ("songs", index, "collections", position),
                    f"unknown collection {quoted(name)}; {hint}use one of the ids under "
                    f'"collections" ({known}) or add it there',
                )
            )


def cross_check(data: Any) -> Found:
    """Rules that span entries; works on raw JSON so it runs even when one song is invalid."""
    found: Found = []
    if not isinstance(data, dict):
        return found
    collection_ids = _check_collection_ids(data.get("collections"), found)
    songs = data.get("songs")
    if not isinstance(songs, list):
        return found
    seen_ids: dict[str, int] = {}
    seen_songs: dict[tuple[str, str], int] = {}
    for index, song in enumerate(songs):
        if not isinstance(song, dict):
            continue
        song_id, title, artist = song.get("id"), song.get("title"), song.get("artist")
        first = _first_seen(seen_ids, song_id, index) if isinstance(song_id, str) else None
        if isinstance(song_id, str) and first is not None:
            found.append(
                (
                    ("songs", index, "id"),
                    f"duplicate id {quoted(song_id)} (first used by songs[{first}]); "
                    "ids are permanent, so give this song a new one",
                )
            )
        if (
            isinstance(title, str)
            and isinstance(artist, str)
            and (first := _first_seen(seen_songs, song_key(title, artist), index)) is not None
        ):
            found.append(
                (
                    ("songs", index, "title"),
                    f"duplicate song {quoted(title)} by {quoted(artist)[1:-1]} "
                    f"(already songs[{first}]); remove one of them",
                )
            )
        _check_song_collections(index, song.get("collections"), collection_ids, found)
    _check_removed(data.get("removed"), seen_ids, found)
    return found


def _check_removed(removed: Any, song_ids: dict[str, int], found: Found) -> None:
    """A removed id is never used again, by a song or by a second tombstone."""
    if not isinstance(removed, list):
        return
    seen: dict[str, int] = {}
    for index, tombstone in enumerate(removed):
        song_id = tombstone.get("id") if isinstance(tombstone, dict) else None
        if not isinstance(song_id, str):
            continue
        first = _first_seen(seen, song_id, index)
        if first is not None:
            found.append(
                (("removed", index, "id"), f"{quoted(song_id)} is already removed[{first}]; "
                 "remove one of them")
            )  # fmt: skip
        if song_id in song_ids:
            found.append(
                (
                    ("songs", song_ids[song_id], "id"),
                    f"{quoted(song_id)} was removed (removed[{index}]) and can never be used "
                    "again: readers have seen it go; give this song a new id",
                )
            )


def _resolve_bare_dates(data: Any) -> Any:
    """A bare `added` date means midnight in site.timezone, resolved before songs validate."""
    if not isinstance(data, dict) or not isinstance(data.get("songs"), list):
        return data
    site = data.get("site")
    zone_name = site.get("timezone", "Asia/Seoul") if isinstance(site, dict) else None
    zone = timezone(zone_name) if isinstance(zone_name, str) else None
    if zone is None:
        return data
    songs = []
    for song in data["songs"]:
        added = song.get("added") if isinstance(song, dict) else None
        if isinstance(added, str) and BARE_DATE.match(added):
            try:
                day = date.fromisoformat(added)
            except ValueError:
                songs.append(song)
                continue
            song = {**song, "added": datetime(day.year, day.month, day.day, tzinfo=zone)}
        songs.append(song)
    return {**data, "songs": songs}
