"""The feeds memo: files of the last `cryfeed feeds` are kept when what they show is the same.

Why: at 10,000 songs the feeds folder is about 12,000 files and 265 MB, and appending one
song changes a few dozen of them; rendering all and comparing each with the disk took most
of the run. Every file is an Output (cryfeed.feeds.plan) whose renderer reads only its
inputs (songs, site and collection facts, page number and links) and cryfeed's code. The
key of a file is a digest of its path, its inputs (a song as the digest of its JSON, every
other object field by field, so nothing is left out by hand) and
fingerprint.code_fingerprint().

The memo (`.cryfeed-cache/feeds.json` beside the catalog) keeps, per path of one output
folder: the key and the file's size, mtime, ctime and inode after the write. A file is
kept, neither rendered nor compared, when its key is the same and its stat is the recorded
one. User space cannot set a ctime, so an edit, a `git checkout`, a chmod or a replaced
file all show. The one gap is git's "racy" one: a file changed within the clock tick it was
written in keeps all four. As in git, a file whose recorded mtime is not older than the
memo file itself is not trusted: it is rendered again (and the writer compares it). A
digest of every file's bytes would cost about 0.2 s at 10,000 songs for those few files.
Anything unreadable or from other code or another output folder is ignored: every file is
rendered, as without a memo.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

from cryfeed import urls
from cryfeed.errors import OutputError
from cryfeed.feeds.plan import Output
from cryfeed.fingerprint import code_fingerprint
from cryfeed.writer import WriteReport, atomic_write, joined, remove_stale, write_files

MEMO_FILE = "feeds.json"  # in the cache folder (cryfeed.cachedir)
# The memo file's own layout; a different one is ignored.
FORMAT = 1
# An entry: [key, size, mtime_ns, ctime_ns, inode] of the file as written.
_ENTRY_TYPES = [str, int, int, int, int]
_PLAIN = {str, int, float, bool, type(None)}


class FeedMemo:
    """The files the last run wrote into `out` (read from the cache folder) and this run's.

    reuse=False keeps nothing (every file rendered) but still saves this run's entries."""

    def __init__(
        self, folder: Path, out: Path | str, *, code: str | None = None, reuse: bool = True
    ) -> None:
        self.file = folder / MEMO_FILE
        self.out = str(Path(out).resolve())
        self.code = code if code is not None else code_fingerprint()
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        self.kept = 0
        self._saved_ns = 0  # the memo file's mtime: entries not older are not trusted
        self._tokens: dict[int, tuple[object, str]] = {}
        # A list's token by the ids of its items (every item is held in _tokens).
        self._sequences: dict[tuple[int, ...], str] = {}
        if reuse:
            self._read()

    def _read(self) -> None:
        try:
            with open(self.file, "rb") as handle:
                data = json.loads(handle.read())
                self._saved_ns = os.fstat(handle.fileno()).st_mtime_ns
            if data["format"] != FORMAT or data["code"] != self.code or data["out"] != self.out:
                return
            self.old = {
                path: entry
                for path, entry in data["files"].items()
                if type(entry) is list and [type(value) for value in entry] == _ENTRY_TYPES
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self.old = {}  # a damaged memo: every file rendered

    def key(self, output: Output) -> str:
        """The digest of the file's path, inputs and cryfeed's code."""
        value = "\0".join([self.code, output.path, self._token(output.inputs)])
        return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()

    def _token(self, value: Any) -> str:
        """value as one unambiguous string: a plain value as JSON, a list as its items'
        tokens, a pydantic model (a song, the site, a collection) as the digest of its
        JSON, a dataclass as all of its fields by name; anything else is an error (never a
        repr that could hide data). Remembered by object (held here, so an id stays its
        own): a song is in a dozen files, the site in all of them."""
        found = self._tokens.get(id(value))
        if found is not None:
            return found[1]
        kind = type(value)
        if kind in _PLAIN:
            token = json.dumps(value, ensure_ascii=False)
        elif kind is tuple or kind is list:
            # By the objects it holds too: each feed's RSS, Atom and JSON documents hold
            # equal, not identical, lists of songs.
            held = tuple(map(id, value))
            same = self._sequences.get(held)
            if same is None:
                get = self._tokens.get
                same = self._sequences[held] = (
                    "["
                    + ",".join(
                        [
                            known[1] if (known := get(id(item))) is not None else self._token(item)
                            for item in value
                        ]
                    )
                    + "]"
                )
            token = same
        elif isinstance(value, BaseModel):
            token = f"{kind.__name__}:{hashlib.sha256(pydantic_core.to_json(value)).hexdigest()}"
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            token = f"{kind.__name__}(" + ",".join(
                f"{f.name}={self._token(getattr(value, f.name))}" for f in fields
            ) + ")"
        else:
            raise TypeError(f"no memo key for {kind.__name__}")
        self._tokens[id(value)] = (value, token)
        return token

    def keep(self, path: str, key: str) -> bool:
        """Whether the file the last run wrote for path is this run's, as it is on disk:
        the same key and the recorded stat, written before the memo's clock tick."""
        entry = self.old.get(path)
        if entry is None or entry[0] != key or entry[2] >= self._saved_ns:
            return False
        try:
            status = os.stat(joined(self.out, path))
        except OSError:
            return False
        if [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino] != entry[1:]:
            return False
        self.new[path] = entry
        self.kept += 1
        return True

    def record(self, path: str, key: str) -> None:
        """After the writer: path holds the bytes rendered for key (written now, or
        already the same)."""
        status = os.stat(joined(self.out, path))
        self.new[path] = [
            key,
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
            status.st_ino,
        ]

    def save(self) -> None:
        """Write this run's entries (after its files are written)."""
        data = {"format": FORMAT, "code": self.code, "out": self.out, "files": self.new}
        atomic_write(self.file, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def write_outputs(out: Path | str, outputs: Sequence[Output], memo: FeedMemo | None) -> WriteReport:
    """Render and write the outputs the memo cannot keep, delete the feed files no longer
    made (exactly as without a memo), then save the memo.

    Kept files count as unchanged. A memo that cannot be saved costs only speed: the
    entries it already holds no longer match the files rewritten in this run.
    """
    rendered: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    kept: list[str] = []
    for output in outputs:
        if memo is not None:
            key = keys[output.path] = memo.key(output)
            if memo.keep(output.path, key):
                kept.append(output.path)
                continue
        rendered[output.path] = output.render()
    report = write_files(out, rendered)
    report.unchanged = sorted([*report.unchanged, *kept])
    report.removed = remove_stale(out, {output.path for output in outputs}, urls.is_feed_file)
    if memo is not None:
        try:
            for path in rendered:
                memo.record(path, keys[path])
            memo.save()
        except (OSError, OutputError):
            pass
    return report
