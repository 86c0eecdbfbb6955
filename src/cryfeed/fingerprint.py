"""What a built book depends on besides the song data: reuse _build only when it is the same."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import cryfeed
from cryfeed.writer import atomic_write

# Beside the HTML: the fingerprint of the build that wrote it (removed while one runs).
FINGERPRINT_FILE = ".cryfeed-fingerprint"


def installed() -> list[tuple[str, str]]:
    """Every installed distribution, as its metadata folder's name (PEP 627: name and
    version) with the size and time of its metadata file, sorted.

    Why all of them and not a list of the Sphinx packages: a page's layout can move with
    any library an extension or the theme calls (pygments, babel, beautifulsoup4 ...), and
    a hand-kept list misses the next extension added to the config. A version bump of an
    unrelated tool (pytest, ruff) only makes one build fresh, which is safe.

    Folders are listed rather than read through importlib.metadata, which parses every
    METADATA file: 0.1 s of each `cryfeed feeds` (a fifth of it for the shipped catalog)
    against a few milliseconds. The same sys.path entries are searched; a reinstall of
    the same version changes the metadata file's time, so it counts too.
    """
    found: set[tuple[str, str]] = set()
    for entry in sys.path:
        try:
            listing = os.scandir(entry or ".")
        except OSError:
            continue  # a zip file or a folder that is gone: no metadata folders in it
        with listing:
            for item in listing:
                if item.name.endswith((".dist-info", ".egg-info")):
                    found.add((item.name, _stamp(item)))
    return sorted(found)


def _stamp(item: os.DirEntry[str]) -> str:
    """Size and time of a metadata folder's METADATA (or an egg's PKG-INFO); "" if none
    (an interrupted install can leave a folder without it)."""
    try:
        if not item.is_dir():
            status = item.stat()
        else:
            name = "METADATA" if item.name.endswith(".dist-info") else "PKG-INFO"
            status = os.stat(os.path.join(item.path, name))
    except OSError:
        return ""
    return f"{status.st_size} {status.st_mtime_ns}"


def _files(folder: Path, skip: set[str]) -> Iterator[Path]:
    """Every file under folder, sorted, but not under the top-level names in skip (not
    even listed: the generated folders hold a file per song)."""
    for top in sorted(folder.iterdir()):
        if top.name in skip or top.name == "__pycache__":
            continue
        if top.is_file():
            yield top
        elif top.is_dir():
            yield from (
                path
                for path in sorted(top.rglob("*"))
                if path.is_file() and "__pycache__" not in path.parts
            )


def code_fingerprint() -> str:
    """A digest of the code that renders: cryfeed's own files (its data tables too) and
    the versions of Python and of every installed distribution (sphinx-design draws an
    icon cryfeed copies into pages). What a rendered page depends on besides its data."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    digest.update(json.dumps(installed()).encode())
    package = Path(cryfeed.__file__).parent
    for path in _files(package, set()):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(
    book_dir: Path, config: Mapping[str, Any], generated: set[str], code: str | None = None
) -> str:
    """A digest of everything a book build reads besides the generated sources: cryfeed's
    own code (the extension, its templates and scripts), the versions of Python and of
    every installed distribution (see installed), the Sphinx configuration, and the
    book's hand-written files (chapters, _config.yml, _static/). generated: the top-level
    names under book_dir that cryfeed writes (left out: a song changes them). code: the
    code_fingerprint() the caller already has (the page memo's), so it is made once."""
    digest = hashlib.sha256()
    digest.update((code or code_fingerprint()).encode("ascii"))
    digest.update(json.dumps(dict(config), sort_keys=True, default=repr).encode())
    for path in _files(book_dir, generated | {"_build"}):
        digest.update(path.relative_to(book_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(html_dir: Path, expected: str) -> bool:
    """Whether html_dir was written by a completed build with this fingerprint."""
    try:
        return (html_dir / FINGERPRINT_FILE).read_text(encoding="ascii") == expected
    except (OSError, ValueError):
        return False


def forget(html_dir: Path) -> None:
    """Before a build: one that fails on the way leaves no fingerprint, so the next is fresh."""
    (html_dir / FINGERPRINT_FILE).unlink(missing_ok=True)


def remember(html_dir: Path, value: str) -> None:
    """After a completed build: through the one writer, so a crash leaves no torn value."""
    atomic_write(html_dir / FINGERPRINT_FILE, value.encode("ascii"))
