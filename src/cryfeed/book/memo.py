"""Song and artist pages of the last build, reused when everything they show is the same.

Why: after appending one song, a 10,000-song book re-rendered every song page (over 20 s
of CPU) though nearly all came out the same bytes. A page is rendered from its inputs
alone: a song page from its song and its SongContext (cryfeed.book.song_pages), an artist
page from its Artist; both from cryfeed's code and the packages it uses. The key is a
digest of exactly those: every field of the input objects (found by dataclasses.fields,
so a new context field is in the key without anyone adding it), every field of every
song among them (its JSON), and fingerprint.code_fingerprint().

The memo keeps (key, sha256 of the bytes) per source path in the build folder; the bytes
are the source file the last build wrote into the book folder. A page is reused only when
its key is the same and the file still holds exactly those bytes; otherwise it is rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryfeed.fingerprint import code_fingerprint
from cryfeed.models import Song
from cryfeed.writer import atomic_write, file_identity

# Not .cryfeed-pages.json: that is the rendered-page manifest beside the HTML (sphinxext).
MEMO_FILE = Path("_build/.cryfeed-memo.json")
# The memo file's own layout; a different one is ignored.
FORMAT = 1


class PageMemo:
    """The pages of the last build (read from book_dir) and those of this one (to save).

    reuse=False renders every page (`cryfeed build --fresh`) but still saves the memo."""

    def __init__(self, book_dir: Path, reuse: bool = True, code: str | None = None) -> None:
        self.book_dir = book_dir
        self.code = code if code is not None else code_fingerprint()
        self._songs: dict[int, tuple[Song, str]] = {}
        self.old: dict[str, list[str]] = {}
        self.new: dict[str, list[str]] = {}
        # The sources get() read and found holding the remembered bytes, with the identity
        # of the file read: the writer need not read them again while it is still that
        # file (cryfeed.writer.write_files's on_disk).
        self.on_disk: dict[str, tuple[int, ...]] = {}
        if reuse:
            try:
                data = json.loads((book_dir / MEMO_FILE).read_bytes())
                if data.get("format") == FORMAT and data.get("code") == self.code:
                    self.old = {
                        source: entry
                        for source, entry in data["pages"].items()
                        if isinstance(entry, list) and len(entry) == 2
                    }
            except (OSError, ValueError, KeyError, AttributeError, RecursionError):
                self.old = {}  # a damaged memo: every page rendered

    @property
    def reused(self) -> int:
        """How many pages get() found."""
        return len(self.on_disk)

    def key(self, kind: str, *inputs: Any) -> str:
        """The digest of a page's inputs (kind: which renderer)."""
        value = [self.code, kind, [self._canonical(item) for item in inputs]]
        encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def _canonical(self, value: Any) -> Any:
        """value as JSON: a song as the digest of all its fields, a dataclass as all of its
        fields by name; anything else unknown is an error (never a repr that hides data)."""
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, Song):
            return ["song", self._song(value)]
        if isinstance(value, list | tuple):
            return [self._canonical(item) for item in value]
        if isinstance(value, dict):
            return [[self._canonical(k), self._canonical(v)] for k, v in value.items()]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return [
                type(value).__name__,
                [[f.name, self._canonical(getattr(value, f.name))] for f in fields],
            ]
        raise TypeError(f"no memo key for {type(value).__name__}")

    def _song(self, song: Song) -> str:
        # By object (held here, so its id stays its own): a song is in many keys (its
        # own, its neighbours', its related songs').
        found = self._songs.get(id(song))
        if found is None:
            dumped = song.model_dump_json().encode("utf-8")
            found = self._songs[id(song)] = (song, hashlib.sha256(dumped).hexdigest())
        return found[1]

    def get(self, source: str, key: str) -> bytes | None:
        """The page the last build wrote for source, if its key was the same and the file
        still holds it."""
        entry = self.old.get(source)
        if entry is None or entry[0] != key:
            return None
        try:
            with open(self.book_dir / source, "rb") as file:
                # Before reading: a change made while or after it is read is then seen.
                identity = file_identity(os.fstat(file.fileno()))
                data = file.read()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry[1]:
            return None
        self.new[source] = entry
        self.on_disk[source] = identity
        return data

    def put(self, source: str, key: str, data: bytes) -> None:
        self.new[source] = [key, hashlib.sha256(data).hexdigest()]

    def save(self) -> None:
        """Write this build's entries (after its sources are written)."""
        path = self.book_dir / MEMO_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "code": self.code, "pages": self.new}
        atomic_write(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
