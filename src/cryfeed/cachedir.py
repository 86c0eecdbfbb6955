"""Where cryfeed keeps its caches: a `.cryfeed-cache` folder beside the catalog file."""

from __future__ import annotations

from pathlib import Path

from cryfeed.errors import OutputError

CACHE_FOLDER = ".cryfeed-cache"
# The layout ruff and pytest use for theirs: git ignores the folder by itself, and backup
# tools that honour the Cache Directory Tagging Specification skip it.
_GITIGNORE = b"# Made by cryfeed: everything here can be deleted and is made again.\n*\n"
_CACHEDIR_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by cryfeed.\n"
    b"# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def cache_folder(catalog_path: Path | str) -> Path:
    """The cache folder for this catalog (not made; see `ensure_cache_folder`)."""
    return Path(catalog_path).resolve().parent / CACHE_FOLDER


def ensure_cache_folder(catalog_path: Path | str) -> Path | None:
    """The cache folder, made with its .gitignore and CACHEDIR.TAG; None if it cannot be.

    A cache is only ever a shortcut: a read-only project still validates and builds, just
    without one.
    """
    from cryfeed.writer import atomic_write  # not for a cache that is only read

    folder = cache_folder(catalog_path)
    try:
        if not (folder / ".gitignore").is_file():
            folder.mkdir(exist_ok=True)
            atomic_write(folder / "CACHEDIR.TAG", _CACHEDIR_TAG)
            atomic_write(folder / ".gitignore", _GITIGNORE)
    except (OSError, OutputError):
        return None
    return folder
