"""Catalogs grown from the shipped songs.json: benchmarks measure text like the real catalog's.

Why not made-up songs: the earlier synthetic songs had ASCII-heavy text, short study notes
and few shared words, and the benchmarks built on them met targets that the real catalog
then missed (issue 17). A grown catalog keeps everything a real song carries: Hangul
titles, the full study notes (words with examples and hanja, grammar with examples and
mistakes, self-checks), sources with facts, and vocabulary that repeats across songs.

How it grows (deterministic: the same size and seed give the same bytes):
- the 54 shipped songs stay as they are, last in the file (the newest);
- before them come copies, one "generation" of the shipped songs after another, each in a
  seeded shuffle of their order. Generation g renames every artist "<artist> g" (and
  "<artist_ko> g"), so a copy is a new song by a new artist: artists keep the shipped
  ratio (48 artists to 54 songs) and (title, artist) stays unique. Ids are "<id>-g";
- copies were added six hours apart, the oldest first, ending an hour before the oldest
  shipped song (10,000 songs reach back about seven years, so monthly groups fill up).

What it does not model: a real 10,000-song catalog would have more distinct words and
titles. Here the 200 shipped words and 54 titles repeat, so each glossary entry lists
about n / 54 * (its shipped uses) songs: fewer, longer glossary entries (errs slow on
per-entry work, fast on per-word work), and A-Z has the shipped letters only.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "songs.json"
SEED = 17
COPY_INTERVAL = timedelta(hours=6)


def shipped() -> dict[str, Any]:
    """The shipped catalog as raw JSON."""
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


def _copy(song: dict[str, Any], label: str, added: datetime) -> dict[str, Any]:
    """`song` as a new song by a new artist (artist names end in `label`)."""
    grown = copy.deepcopy(song)
    grown["id"] = f"{song['id']}-{label}"
    grown["artist"] = f"{song['artist']} {label}"
    if song.get("artist_ko"):
        grown["artist_ko"] = f"{song['artist_ko']} {label}"
    grown["added"] = added.isoformat()
    return grown


def grow(count: int, seed: int = SEED) -> dict[str, Any]:
    """A catalog of `count` songs: the shipped songs and seeded copies of them (see above).

    Fewer songs than shipped: the first `count` shipped songs.
    """
    data = shipped()
    songs: list[dict[str, Any]] = data["songs"]
    if count <= len(songs):
        data["songs"] = songs[:count]
        return data
    rng = random.Random(seed)
    templates: list[tuple[int, dict[str, Any]]] = []
    generation = 1
    while len(templates) < count - len(songs):
        generation += 1
        order = list(songs)
        rng.shuffle(order)
        templates.extend((generation, song) for song in order)
    templates = templates[: count - len(songs)]
    oldest = min(datetime.fromisoformat(song["added"]) for song in songs)
    first = oldest - timedelta(hours=1) - COPY_INTERVAL * (len(templates) - 1)
    copies = [
        _copy(song, str(generation), first + COPY_INTERVAL * number)
        for number, (generation, song) in enumerate(templates)
    ]
    data["songs"] = [*copies, *songs]
    ids = [song["id"] for song in data["songs"]]
    if len(set(ids)) != len(ids):
        raise ValueError("grown ids collide with shipped ids; change the id scheme")
    return data


def appended(data: dict[str, Any], number: int) -> dict[str, Any]:
    """The `number`th song appended to a grown catalog (1, 2, ...): a shipped song sung by
    another shipped artist, added after every other song. An existing artist, shared
    collections, moods and words: the append touches its artist's page, its collections,
    moods and glossary entries, as a real one does."""
    shipped_songs = shipped()["songs"]
    template = shipped_songs[number % len(shipped_songs)]
    singer = next(
        other
        for offset in range(1, len(shipped_songs))
        if (other := shipped_songs[(number + offset) % len(shipped_songs)])["artist"]
        != template["artist"]
    )
    newest = max(datetime.fromisoformat(song["added"]) for song in data["songs"])
    song: dict[str, Any] = copy.deepcopy(template)
    song["id"] = f"appended-{number}-{template['id']}"
    song["artist"], song["artist_ko"] = singer["artist"], singer.get("artist_ko")
    song["added"] = (newest + timedelta(hours=1)).isoformat()
    return song


def write(data: dict[str, Any], path: Path, compact: bool = False) -> None:
    """songs.json as `cryfeed fmt` writes it (UTF-8, two-space indent, a trailing newline),
    or on one line."""
    text = json.dumps(data, ensure_ascii=False, indent=None if compact else 2)
    path.write_text(text + "\n", encoding="utf-8")
