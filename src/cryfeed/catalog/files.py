"""A catalog file's bytes, read within the size a catalog may have."""

# Apart from load.py, which loads pydantic: validate's cache reads the file without it.

from __future__ import annotations

from pathlib import Path

from cryfeed.errors import CryfeedError

# Refused before parsing: parsing needs several times the file's size in memory (a 73 MiB
# file peaks near 600 MiB). In canonical form (two-space indent) songs with study notes as
# full as the shipped ones take about 7.3 KiB each: 10,000 take 73 MiB, the most the models
# allow (MAX_SONGS, 20,000) about 150 MiB; the rest is room for richer notes.
MAX_FILE_BYTES = 192 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """A catalog's bytes, reporting a missing or huge file."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # bounded even for a pipe or a device
    except FileNotFoundError:
        raise CryfeedError(
            f"{name}: no such file; run cryfeed in the folder that holds songs.json, "
            "or pass its path with --catalog"
        ) from None
    except OSError as error:
        raise CryfeedError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CryfeedError(
            f"{name}: larger than {MAX_FILE_BYTES // 2**20} MiB, the most a catalog may be "
            "(20,000 songs with study notes take about 150 MiB); check that --catalog "
            "names songs.json"
        )
    return data
