"""The one writer: paths stay in the output folder, and only changed files are written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cryfeed.errors import OutputError
from cryfeed.writer import file_identity, safe_join, write_files


@pytest.mark.parametrize(
    "relative", ["../x.json", "/etc/passwd", "a/../../b.json", "a\\b.json", "", ".", "a/.."]
)
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(OutputError, match="outside the output folder"):
        safe_join(tmp_path, relative)
    with pytest.raises(OutputError, match="outside the output folder"):
        write_files(tmp_path / "out", {relative: b"x"})
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("relative", "parts"),
    [
        ("songs/a-b_c.json", ("songs", "a-b_c.json")),
        ("archive/collections/x/1.xml", ("archive", "collections", "x", "1.xml")),
        ("a/./b.json", ("a", "b.json")),  # not a plain path: pathlib normalizes it
        ("a//b.json", ("a", "b.json")),
        ("a/.hidden", ("a", ".hidden")),
    ],
)
def test_paths_inside_the_folder_are_joined(
    tmp_path: Path, relative: str, parts: tuple[str, ...]
) -> None:
    assert safe_join(tmp_path, relative) == tmp_path.joinpath(*parts)


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    first = write_files(tmp_path, {"a.json": b"one", "deep/b.json": b"two"})
    assert first.written == ["a.json", "deep/b.json"] and not first.unchanged
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o644
    os.chmod(tmp_path / "a.json", 0o600)
    past = 1_000_000_000
    os.utime(tmp_path / "deep" / "b.json", (past, past))
    # Same size, other bytes: rewritten (the size only saves reading files that differ).
    second = write_files(tmp_path, {"a.json": b"ONE", "deep/b.json": b"two"})
    assert (second.written, second.unchanged) == (["a.json"], ["deep/b.json"])
    assert (tmp_path / "a.json").read_bytes() == b"ONE"
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o600  # a replaced file keeps it
    assert (tmp_path / "deep" / "b.json").stat().st_mtime == past  # untouched
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.json", "b.json", "deep"]


def test_files_the_caller_knows_on_disk_are_neither_read_nor_written(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.json": b"one", "b.json": b"two", "c.json": b"three"})
    known = {name: file_identity(os.stat(tmp_path / name)) for name in ("b.json", "c.json")}
    # The caller's word is taken while the file is the one it read (the page memo has
    # read it): b.json is not compared, so even other bytes than it holds leave it as it
    # is. c.json changed since (another program wrote it): it is compared and written.
    (tmp_path / "c.json").write_bytes(b"changed")
    report = write_files(
        tmp_path, {"a.json": b"ONE", "b.json": b"TWO", "c.json": b"three"}, on_disk=known
    )
    assert (report.written, report.unchanged) == (["a.json", "c.json"], ["b.json"])
    assert (tmp_path / "b.json").read_bytes() == b"two"
    assert (tmp_path / "c.json").read_bytes() == b"three"
