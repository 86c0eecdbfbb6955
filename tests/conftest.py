"""Fixtures and helpers shared by test modules: the hand-written book copied into a test
project, synthetic catalogs, and the fixture catalog's book, built once per session."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog.json"
# The hidden MyST page tests/test_parity.py compares with cryfeed's HTML builders.
PARITY_DOC = "parity/parity"

# Hypothesis fails any example slower than 200 ms by default: a timed test in all but
# name, and on this shared two-core machine a busy moment failed test_korean with 345 ms.
# Speed is measured in benchmarks/, so no property test has a deadline.
settings.register_profile("cryfeed", deadline=None)
settings.load_profile("cryfeed")


def _copy_book(destination: Path) -> Path:
    """The real book's hand-written files (chapters, _config.yml, _static/, icons), none
    of what cryfeed generates, in a fresh folder."""
    from cryfeed.book import GENERATED_FOLDERS, TOC_FILE

    generated = {"_build", TOC_FILE, *GENERATED_FOLDERS}
    shutil.copytree(
        ROOT / "book",
        destination,
        ignore=lambda folder, names: [name for name in names if name in generated]
        if Path(folder) == ROOT / "book"
        else [],
    )
    return destination


@pytest.fixture(scope="session")
def copy_book() -> Callable[[Path], Path]:
    """copy_book(destination): the real book's hand-written files in a fresh folder."""
    return _copy_book


def _new_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE_CATALOG, root / "songs.json")
    _copy_book(root / "book")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the fixture catalog as songs.json and the real hand-written book."""
    return _new_project(tmp_path)


@pytest.fixture(scope="session")
def new_project() -> Callable[[Path], Path]:
    """new_project(folder): the fixture catalog and the hand-written book in folder."""
    return _new_project


def _synthetic(count: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE_CATALOG.read_text(encoding="utf-8"))
    template = data["songs"][2]
    data["songs"] = [
        {
            **template,
            "id": f"song-{number}",
            "title": f"Song {number}",
            "artist": f"Artist {number % 7}",
            "added": f"2026-01-01T{number // 60:02d}:{number % 60:02d}:00+09:00",
            "moods": ["regret", "longing"][: 1 + number % 2],
        }
        for number in range(count)
    ]
    return data


@pytest.fixture(scope="session")
def synthetic_catalog() -> Callable[[int], dict[str, Any]]:
    """synthetic_catalog(count): the fixture catalog's fullest song, count times, as raw data."""
    return _synthetic


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/catalog.json built with the real book's chapters (warnings are errors),
    plus the hidden parity page (tests/fixtures/parity.md).

    Returns the HTML folder (feeds copied under feeds/), as `cryfeed build` makes it.
    """
    from cryfeed.build import build

    root = _new_project(tmp_path_factory.mktemp("fixture-book"))
    parity = root / "book" / f"{PARITY_DOC}.md"
    parity.parent.mkdir()
    shutil.copy(FIXTURES / "parity.md", parity)
    build(root / "songs.json")
    return root / "book" / "_build" / "html"


@pytest.fixture(scope="session")
def parity_page(fixture_site: Path) -> Path:
    """The hidden parity page of the session's build, as HTML."""
    return fixture_site / f"{PARITY_DOC}.html"
