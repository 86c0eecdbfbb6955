"""The one writer: atomic, change-only file writes that never leave the output folder."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cryfeed.errors import OutputError


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then rename over the target.

    A crash at any point leaves either the old file or the new one, never a mix.
    """
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    if mode is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    _replace(str(path), data, mode, durable=True)
    _fsync_folder(path.parent)


def _replace(path: str, data: bytes, mode: int | None, durable: bool) -> None:
    """Temp file in path's folder, then os.replace onto path (mode None: a new file).

    durable: fsync the data before the rename, so a power cut cannot leave the name on an
    empty file. A new file needs no fsync: lost, it is written again on the next run, and
    an old one is never at stake. (An fsync costs milliseconds on this disk: per file it
    was most of `cryfeed feeds` for thousands of new files.)
    """
    folder, _, name = path.rpartition(os.sep)
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            if durable:
                temp.flush()
                os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644 if mode is None else mode)
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot write {path}: {error.strerror or error}; the old file is unchanged"
            ) from None
        raise


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry itself reaches the disk.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# A relative path of plain names (what the renderers make), joined without pathlib.
_PLAIN_PATH = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*", re.ASCII)


def safe_join(root: Path, relative: str) -> Path:
    """Join a renderer's relative POSIX path to root, refusing anything that escapes it."""
    return Path(_join(str(root), relative))


def joined(root: str, relative: str) -> str:
    """safe_join on plain strings (no Path object: thousands of files are checked a run)."""
    return _join(root, relative)


def _join(root: str, relative: str) -> str:
    if _PLAIN_PATH.fullmatch(relative) and "/." not in relative:  # no "..", no hidden names
        return f"{root}{os.sep}{relative}" if os.sep == "/" else os.path.join(root, relative)
    pure = PurePosixPath(relative)
    if pure.is_absolute() or not pure.parts or ".." in pure.parts or "\\" in relative:
        raise OutputError(f"refusing to write {relative!r}: outside the output folder")
    return str(Path(root).joinpath(*pure.parts))


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _same_bytes(path: str, size: int, data: bytes) -> bool:
    # The size from the stat already made comes first: a changed file rarely keeps it.
    if size != len(data):
        return False
    with open(path, "rb") as file:
        return file.read() == data


def file_identity(status: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is written or replaced: its device and inode, size, and
    modification and change times (a change in the same file-time tick as the last one
    and of the same size goes unseen, as it does for Sphinx's own mtime checks)."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def write_files(
    root: Path | str,
    files: Mapping[str, bytes],
    on_disk: Mapping[str, tuple[int, ...]] | None = None,
) -> WriteReport:
    """Write every file under root, skipping files whose bytes are already identical.

    on_disk: paths the caller has read and found holding exactly these bytes, with the
    file_identity of the file it read (the page memo's reused pages): such a file is not
    read again while it is still that file (another program may have changed it since).

    Unchanged files keep their mtime, so Sphinx rebuilds only the pages that changed. A
    replaced file is fsynced before its rename; new files are not (see _replace), and each
    folder that changed is fsynced once at the end, so the renames are durable too. Paths
    are plain strings here: pathlib cost more than the writes for 10,000 small files.
    """
    root_name = str(root)
    on_disk = on_disk or {}
    report = WriteReport()
    folders: set[str] = set()
    changed_folders: set[str] = set()
    for relative in sorted(files):
        target = _join(root_name, relative)
        data = files[relative]
        try:
            status = os.stat(target)
            if on_disk.get(relative) == file_identity(status) or _same_bytes(
                target, status.st_size, data
            ):
                report.unchanged.append(relative)
                continue
            mode: int | None = status.st_mode & 0o777
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise OutputError(f"cannot read {target}: {error.strerror}") from None
        folder = os.path.dirname(target)
        if folder not in folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as error:
                raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
            folders.add(folder)
        _replace(target, data, mode, durable=mode is not None)
        changed_folders.add(folder)
        report.written.append(relative)
    for folder in sorted(changed_folders):
        _fsync_folder(Path(folder))
    return report


def _owned_files(root: Path, owned: Callable[[str], bool]) -> list[str]:
    # os.walk, not Path.rglob: no Path object or stat per file (10,000 song documents).
    found = []
    for folder, _, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + name for name in names if owned(prefix + name)]
    return sorted(found)


def remove_stale(
    root: Path | str, files: Container[str], owned: Callable[[str], bool]
) -> list[str]:
    """Delete the files under root that `owned` says the renderer makes but it no longer does
    (a removed collection's feed, say), so no stale file is ever published. Files it does
    not own are never touched."""
    root = Path(root)
    removed = []
    for relative in _owned_files(root, owned):
        if relative not in files:
            path = safe_join(root, relative)
            try:
                path.unlink()
            except OSError as error:
                raise OutputError(f"cannot remove stale {path}: {error.strerror}") from None
            removed.append(relative)
    return removed


def stale_files(
    root: Path | str, files: Mapping[str, bytes], owned: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """(path, what is wrong) for every file under root that differs from `files`: changed,
    missing, or no longer made. Reads only; `[]` means root is up to date."""
    root = Path(root)
    problems = []
    for relative in sorted(files):
        target = _join(str(root), relative)
        try:
            if not _same_bytes(target, os.stat(target).st_size, files[relative]):
                problems.append((relative, "out of date"))
        except FileNotFoundError:
            problems.append((relative, "missing"))
    problems += [
        (relative, "no longer published")
        for relative in _owned_files(root, owned)
        if relative not in files
    ]
    return sorted(problems)
