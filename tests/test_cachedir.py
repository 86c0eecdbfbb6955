"""The cache folder: made once, ignored by git, tagged for backup tools, optional."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cryfeed.cachedir import CACHE_FOLDER, cache_folder, ensure_cache_folder


def test_made_beside_the_catalog_and_ignored_by_git(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    catalog = tmp_path / "songs.json"
    catalog.write_text("{}", encoding="utf-8")
    folder = ensure_cache_folder(catalog)
    assert folder == tmp_path / CACHE_FOLDER == cache_folder(catalog)
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(
        b"Signature: 8a477f597d28d172789f06886806bc55"
    )
    (folder / "validate.json").write_text("{}", encoding="utf-8")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout
    assert status.splitlines() == ["?? songs.json"]


def test_no_cache_when_the_folder_cannot_be_made(tmp_path: Path) -> None:
    # A file where the folder should be: mkdir fails as it would in a read-only project
    # (this test runs as root in CI, where permissions would not stop it).
    catalog = tmp_path / "songs.json"
    catalog.write_text("{}", encoding="utf-8")
    (tmp_path / CACHE_FOLDER).write_text("not a folder", encoding="utf-8")
    assert ensure_cache_folder(catalog) is None
    assert (tmp_path / CACHE_FOLDER).read_text(encoding="utf-8") == "not a folder"
