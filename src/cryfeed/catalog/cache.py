"""`cryfeed validate`'s cache: each valid song's facts under a hash of its bytes, as ruff keeps."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from cryfeed.cachedir import cache_folder, ensure_cache_folder
from cryfeed.catalog.files import read_bytes
from cryfeed.errors import CryfeedError, OutputError

# What this saves: a song validated once (with this head, by this code) is valid again; the
# rules that span songs (ids, duplicates, collections, removed ids) run again over the facts
# kept for each song, which is cheap. The cache only ever says "valid": on any miss that
# fails, any rule that fails, anything odd, the full path runs and reports every problem
# exactly as it would without a cache.
CACHE_FILE = "validate.bin"
_FORMAT = b"cryfeed validate cache 1"  # the first line; another means another layout

# Canonical songs.json (what `cryfeed fmt` writes: json.dumps(indent=2)) has the songs array
# at indent 2 and each song at indent 4, every line inside a song deeper still. JSON strings
# hold no raw line breaks, so these byte sequences occur only where they mean structure.
_SONGS_KEY = b'\n  "songs": [\n'
_SONGS_END = b"\n    }\n  ]"  # the last song's closing line, then the array's
_SONG_START = b'    {\n      "id": "'  # canonical key order: a song's id comes first
_BETWEEN = b"\n    },\n"
_SONG_END = b"\n    }"
_REMOVED = b'\n  "removed": ['
_BEFORE_REMOVED = b',' + _REMOVED + b"\n"  # the songs array's end, when tombstones follow
_REASON = b'\n      "reason": '  # a tombstone's key; no song has one


class Counts(NamedTuple):
    """What `cryfeed validate` reports of a valid catalog."""

    songs: int
    collections: int


class Verdict(NamedTuple):
    """A catalog found valid through the cache."""

    counts: Counts
    validated: int  # how many songs were validated afresh (the others the cache knew)


@dataclass(frozen=True)
class Cut:
    """A canonical songs.json cut into the bytes around the songs array and each song's."""

    raw: bytes
    songs_key: int  # where the "songs" key's line begins
    tail: int  # where the songs array's closing line begins
    songs: list[memoryview]  # each song from its "{" line, without its closing line

    def document(self, songs: Sequence[memoryview]) -> bytes:
        """The same file with only `songs` in its array."""
        return b"".join(
            [
                memoryview(self.raw)[: self.songs_key],
                _SONGS_KEY,
                _BETWEEN.join(songs),
                _SONG_END,
                memoryview(self.raw)[self.tail :],
            ]
        )

    def without_songs(self) -> bytes:
        """The same file with its songs array empty (its closing line kept, "]" and on)."""
        return b"".join(
            [
                memoryview(self.raw)[: self.songs_key],
                _SONGS_KEY[:-1],
                memoryview(self.raw)[self.tail + len(b"\n  ") :],
            ]
        )

    def frame(self) -> bytes:
        """A digest of all but the songs array: $schema, site, collections and removed."""
        digest = hashlib.sha256(memoryview(self.raw)[: self.songs_key])
        digest.update(b"\0")
        digest.update(memoryview(self.raw)[self.tail :])
        return digest.digest()


def cut(raw: bytes, lengths: Sequence[int] = ()) -> Cut | None:
    """The songs of a canonical file, or None if it is not shaped exactly so.

    lengths: each song's length in the file as last cut. Where the bytes still begin and end
    a song there, the cut follows them instead of searching (10,000 songs: 77 MB).

    How it is cut need not be proved here: a song is taken as valid only once the fast path
    has validated it as one song in this file's frame (see _validate_new).
    """
    if not raw.startswith(b'{\n  "'):  # not indented as fmt writes it: no need to search
        return None
    start = raw.find(_SONGS_KEY)
    body = start + len(_SONGS_KEY)
    # From the end, not the start: the first search would read all 77 MB of 10,000 songs.
    end = raw.rfind(_SONGS_END)
    last = raw.rfind(b"\n    {\n", body, end)  # the last object as deep as a song
    if last >= 0 and raw.find(_REASON, last, end) >= 0:
        # A tombstone: the songs end where the "removed" array begins, after them.
        end = raw.rfind(_SONGS_END + _BEFORE_REMOVED, body, last + 1)
    if start < 0 or end < body:
        return None
    whole, songs, begin = memoryview(raw), [], body
    for length in lengths:  # unchanged songs, in the same order, as the last cut found them
        stop = begin + length
        if not (
            raw.startswith(_SONG_START, begin)
            and (stop == end or (stop < end and raw.startswith(_BETWEEN, stop)))
        ):
            break
        songs.append(whole[begin:stop])
        if stop == end:
            return _cut(raw, start, end, songs)
        begin = stop + len(_BETWEEN)
    while True:
        if not raw.startswith(_SONG_START, begin):
            return None
        found = raw.find(_BETWEEN, begin, end)
        songs.append(whole[begin : end if found < 0 else found])
        if found < 0:
            return _cut(raw, start, end, songs)
        begin = found + len(_BETWEEN)


def _cut(raw: bytes, start: int, end: int, songs: list[memoryview]) -> Cut | None:
    last = songs[-1].tobytes()
    if _REMOVED in last or _REASON in last:  # not cut at the end of the songs after all
        return None
    return Cut(raw, start, end + len(_SONG_END), songs)


def _song_id(song: memoryview) -> bytes:
    """The id a cut song opens with, as written (a slug: no escapes)."""
    opening = song[len(_SONG_START) : len(_SONG_START) + 200].tobytes()
    return opening[: opening.find(b'"')]


def code_key() -> bytes:
    """What the verdict depends on besides the data: cryfeed's code (every .py file), the
    Python version (unicodedata, re, zoneinfo) and pydantic and pydantic-core.

    Cheaper than fingerprint.code_fingerprint (which reads every installed distribution's
    metadata, 0.1 s): the two libraries are found by their files, never imported.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    for library in ("pydantic", "pydantic_core"):
        digest.update(_library_key(library))
    return digest.digest()


def _library_key(name: str) -> bytes:
    """An installed library's versions and files, without importing it: the names of the
    .dist-info folders beside it (they carry the version) and the size and time of each
    of its files (the compiled core included)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return name.encode() + b" missing\0"
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = [name]
    with os.scandir(folder.parent) as entries:
        found += sorted(
            entry.name
            for entry in entries
            if entry.name.endswith(".dist-info") and entry.name.startswith(name + "-")
        )
    # Every file, subfolders too (pydantic's rules live in pydantic/_internal): an edit
    # there without a reinstall must not keep an old verdict. About 1.5 ms for pydantic.
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, folder)
            found.append(f"{relative} {status.st_size} {status.st_mtime_ns}")
    return "\0".join(found).encode() + b"\0"


def _song_key(song: memoryview) -> bytes:
    # sha256, not blake2b: with the CPU's SHA instructions it took half the time (77 MB).
    return hashlib.sha256(song).digest()


@dataclass(frozen=True)
class _Cache:
    """The cache file's contents: for one code and one frame, each song's facts."""

    code: bytes
    frame: bytes
    checked: float  # when the newest of its songs was validated (a POSIX timestamp)
    head: dict[str, list[str]]  # ids of the collections and of the removed songs; the zone
    songs: dict[bytes, list[Any]]  # song key: [id, title, artist, [collection ids]]
    lengths: list[int]  # each song's length, in the order of the file (see cut)

    def encode(self) -> bytes:
        # marshal, not JSON: 10,000 songs' facts load in 3 ms instead of 20. A digest of the
        # body comes first: a damaged file is ignored, never read (marshal trusts its input).
        fields = (self.code, self.frame, self.checked, self.head, self.songs, self.lengths)
        body = marshal.dumps(fields)
        return _FORMAT + b"\n" + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def _read_cache(path: Path) -> _Cache | None:
    """The cache, or None if there is none or it is damaged or of another format."""
    try:
        form, check, body = _regular_file_bytes(path).split(b"\n", 2)
        if form != _FORMAT or check != hashlib.sha256(body).hexdigest().encode():
            return None
        cache = _Cache(*marshal.loads(body))
    except (OSError, ValueError, TypeError, EOFError):
        return None
    fields = (cache.code, cache.frame, cache.checked, cache.head, cache.songs, cache.lengths)
    kinds = (bytes, bytes, float, dict, dict, list)
    if not all(map(isinstance, fields, kinds)):
        return None
    # The cut adds the lengths up: a cache not written by this code must not crash it.
    return cache if all(type(length) is int for length in cache.lengths) else None


def _regular_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file; b"" for anything else put in its place (a pipe would
    block the read, /dev/zero never end it). Opened without blocking to find out."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb") as handle:
        return handle.read() if stat.S_ISREG(os.fstat(descriptor).st_mode) else b""


def _read_catalog(path: Path) -> bytes | None:
    """The catalog's bytes, or None (a missing or huge file: the full path says so).

    Only from a regular file: a pipe (--catalog /dev/stdin) gives its bytes once, and the
    full path, which reads the file again, would find it empty.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        return read_bytes(path)
    except (CryfeedError, OSError):
        return None


def validate_catalog(path: Path | str, now: datetime | None = None, cache: bool = True) -> Counts:
    """Validate a catalog file as load_catalog does, through the cache when it can."""
    path = Path(path)
    now = now or datetime.now(UTC)
    if cache:
        verdict = cached_verdict(path, now)
        if verdict is not None:
            return verdict.counts
    from cryfeed.catalog.load import load_catalog

    catalog = load_catalog(path, now)
    return Counts(len(catalog.songs), len(catalog.collections))


def cached_verdict(path: Path, now: datetime) -> Verdict | None:
    """Valid, found through the cache (which it brings up to date); None: the full path
    decides (a problem, a doubt, or a file not in canonical form)."""
    raw = _read_catalog(path)
    if raw is None:
        return None
    code, old = code_key(), _read_cache(cache_folder(path) / CACHE_FILE)
    pieces = cut(raw, old.lengths if old is not None and old.code == code else ())
    if pieces is None:
        return None
    frame = pieces.frame()
    if old is None or (old.code, old.frame) != (code, frame) or old.checked > now.timestamp():
        # Another code or head, or the clock went back (a song's date might now be ahead).
        old = None
    known = old.songs if old is not None else {}
    keys, facts, new = _look_up(pieces, known)
    if any(_BETWEEN in pieces.songs[index].tobytes() for index in new):
        # Cut where the songs last ended, a new piece holds two songs: search instead.
        pieces = cut(raw)
        if pieces is None:
            return None
        keys, facts, new = _look_up(pieces, known)
    if new:
        found = _validate_new(pieces, new, now)
        if found is None:
            return None
        head, new_facts = found
        for index, fact in zip(new, new_facts, strict=True):
            facts[index] = fact
    elif old is not None:
        head = old.head
    else:
        return None  # not reached: a cut has a song, and a song the cache lacks is new
    counts = _cross_checked(head, facts)
    if counts is None:
        return None
    lengths = [len(song) for song in pieces.songs]
    if new or old is None or old.lengths != lengths:  # only after a successful validation
        checked = now.timestamp() if new or old is None else old.checked
        songs = dict(zip(keys, facts, strict=True))
        _write_cache(path, _Cache(code, frame, checked, head, songs, lengths))
    return Verdict(counts, len(new))


def _look_up(
    pieces: Cut, known: dict[bytes, list[Any]]
) -> tuple[list[bytes], list[Any], list[int]]:
    """Each song's key and the facts the cache holds for it (None if none), and the
    indices of the songs it lacks."""
    keys = list(map(_song_key, pieces.songs))
    facts: list[Any] = list(map(known.get, keys))
    return keys, facts, [index for index, fact in enumerate(facts) if fact is None]


def _validate_new(
    pieces: Cut, new: list[int], now: datetime
) -> tuple[dict[str, list[str]], list[list[Any]]] | None:
    """The head's ids and the facts of the songs at `new`, validated by the fast path on
    the file with only those songs; None if it does not say valid."""
    from cryfeed.catalog.fast import fast_catalog
    from cryfeed.catalog.load import _no_garbage_collection

    songs = [pieces.songs[index] for index in new]
    whole = len(songs) == len(pieces.songs)  # none known: the file itself, not a copy
    with _no_garbage_collection():
        catalog = fast_catalog(pieces.raw if whole else pieces.document(songs), now)
        if catalog is None:
            return None
        # Each piece opens an object with an "id" key, and no model inside a song has one:
        # as many songs as pieces, with their ids, means each piece is one whole song.
        if [song.id.encode() for song in catalog.songs] != list(map(_song_id, songs)):
            return None
        if not _only_songs_between(pieces, len(catalog.model_fields_set)):
            return None
        head = {
            "collections": [collection.id for collection in catalog.collections],
            "removed": [tombstone.id for tombstone in catalog.removed],
            "timezone": [catalog.site.timezone],  # looked up again: see _cross_checked
        }
        facts = [
            [song.id, song.title, song.artist, list(song.collections)] for song in catalog.songs
        ]
    return head, facts


def _only_songs_between(pieces: Cut, keys: int) -> bool:
    """True if the bytes the cut took for the songs array are that array and no more.

    The ids above show that each piece opens a song, not that the last song ends where its
    piece does, nor that the array does not close among the pieces and another key follow
    (collections after the songs, say): then a piece holds part of a song or something
    else, and cached it would stand for a song in a file where it is none (tests). With the
    songs taken out, the rest must be a JSON object with as many keys as the catalog had:
    a last song that went on after its piece leaves closing brackets too many, and a key
    among the pieces would be missing.
    """
    import json

    try:
        outside = json.loads(pieces.without_songs())
    except (ValueError, RecursionError):
        return False
    return isinstance(outside, dict) and len(outside) == keys


def _cross_checked(head: dict[str, list[str]], facts: list[list[Any]]) -> Counts | None:
    """The counts if the rules that span songs hold over the kept facts, as they do in the
    models (Catalog's limit on songs and models/rules.py's cross_check); None if not."""
    from cryfeed.models.limits import MAX_SONGS, timezone
    from cryfeed.models.rules import cross_check

    if len(facts) > MAX_SONGS:
        return None
    try:
        # The time zone database is no part of the code key (the system's zoneinfo, or the
        # tzdata package): the site's zone must still be one, as the models would ask.
        if any(timezone(name) is None for name in head["timezone"]):
            return None
        summary = {
            "collections": [{"id": name} for name in head["collections"]],
            "songs": [
                {"id": song_id, "title": title, "artist": artist, "collections": collections}
                for song_id, title, artist, collections in facts
            ],
            "removed": [{"id": name} for name in head["removed"]],
        }
    except (KeyError, TypeError, ValueError):  # a cache not written by this code
        return None
    if cross_check(summary):
        return None
    return Counts(len(facts), len(head["collections"]))


def _write_cache(catalog_path: Path, cache: _Cache) -> None:
    """Through the one writer; a folder that cannot be written only means no cache."""
    from cryfeed.writer import atomic_write

    folder = ensure_cache_folder(catalog_path)
    if folder is None:
        return
    with contextlib.suppress(OSError, OutputError):
        atomic_write(folder / CACHE_FILE, cache.encode())
