"""Start-up: each command imports only what it needs (no Sphinx, feedgen or lxml to validate)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# Slow to import and needed only to render feeds or build the book, or (filelock) only to
# rewrite the catalog (issue 17: start-up).
HEAVY = ("sphinx", "feedgen", "lxml", "docutils", "jupyter_book", "myst_parser", "yaml", "filelock")

# A fresh interpreter: the test process has long since imported all of these.
PROBE = """
import sys
from cryfeed.cli import main

main(sys.argv[1:], prog_name="cryfeed", standalone_mode=False)
heavy = {part for name in sys.modules for part in (name.split(".")[0], name)} & set(HEAVY)
print("heavy:", " ".join(sorted(heavy)) or "none")
"""


def loaded_after(tmp_path: Path, *command: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """What `cryfeed COMMAND` prints, run in a new interpreter, then the heavy modules loaded."""
    shutil.copy(FIXTURES / "catalog.json", tmp_path / "songs.json")
    code = f"HEAVY = {heavy!r}\n{PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", code, *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (("validate",), "songs.json: OK (3 songs, 2 collections)"),
        (("fmt", "--check"), "songs.json: already canonical"),
        (("romanize", "눈물"), "nunmul"),
    ],
)
def test_light_commands_import_no_renderer(
    tmp_path: Path, command: tuple[str, ...], said: str
) -> None:
    assert loaded_after(tmp_path, *command) == [said, "heavy: none"]


def test_the_probe_sees_what_feeds_import(tmp_path: Path) -> None:
    # Without this the test above could pass with a probe that never sees any module.
    heavy = loaded_after(tmp_path, "feeds", "--out", "feeds")[-1].split()
    assert {"feedgen", "lxml"} <= set(heavy)


# The pronunciation engine (its tables take a while to build) is for the book, the feeds'
# readings, `romanize` and `add`; a valid catalog's Hangul is checked by pattern.
ENGINE = ("cryfeed.korean", "cryfeed.korean.sounds", "cryfeed.korean.hangul")


def test_validate_does_not_load_the_pronunciation_engine(tmp_path: Path) -> None:
    said = loaded_after(tmp_path, "validate", heavy=ENGINE)
    assert said == ["songs.json: OK (3 songs, 2 collections)", "heavy: none"]


def test_the_probe_sees_the_engine_when_it_is_loaded(tmp_path: Path) -> None:
    said = loaded_after(tmp_path, "romanize", "눈물", heavy=ENGINE)
    assert said == ["nunmul", "heavy: " + " ".join(sorted(ENGINE))]


# A valid catalog is read by catalog/fast.py alone: not the modules that format, add or
# explain problems, nor pydantic's plugin lookup (importlib.metadata reads every installed
# package's entry points), which finishing the models' own validators would run.
VALIDATE_SKIPS = (
    "cryfeed.catalog.add",
    "cryfeed.catalog.canonical",
    "cryfeed.catalog.schema",
    "cryfeed.writer",
    "pydantic.plugin._loader",
    "importlib.metadata",
)


def test_validate_imports_only_the_loader(tmp_path: Path) -> None:
    said = loaded_after(tmp_path, "validate", "--no-cache", heavy=VALIDATE_SKIPS)
    assert said == ["songs.json: OK (3 songs, 2 collections)", "heavy: none"]


def test_validate_with_its_cache_up_to_date_writes_nothing(tmp_path: Path) -> None:
    first = loaded_after(tmp_path, "validate", heavy=VALIDATE_SKIPS)
    assert first == ["songs.json: OK (3 songs, 2 collections)", "heavy: cryfeed.writer"]
    said = loaded_after(tmp_path, "validate", heavy=VALIDATE_SKIPS)
    assert said == ["songs.json: OK (3 songs, 2 collections)", "heavy: none"]


# With every song known to the cache, nothing is validated again: only the rules that span
# songs run, over the facts the cache keeps.
MODELS = ("pydantic", "pydantic_core", "cryfeed.models.entries", "cryfeed.catalog.fast")


def test_validate_with_its_cache_up_to_date_loads_no_pydantic(tmp_path: Path) -> None:
    first = loaded_after(tmp_path, "validate", heavy=MODELS)
    assert first == ["songs.json: OK (3 songs, 2 collections)", "heavy: " + " ".join(sorted(MODELS))]
    said = loaded_after(tmp_path, "validate", heavy=MODELS)
    assert said == ["songs.json: OK (3 songs, 2 collections)", "heavy: none"]


def test_the_probe_sees_what_fmt_imports(tmp_path: Path) -> None:
    said = loaded_after(tmp_path, "fmt", "--check", heavy=VALIDATE_SKIPS)
    assert said[0] == "songs.json: already canonical"
    assert {"cryfeed.catalog.canonical", "cryfeed.writer"} <= set(said[-1].split())
