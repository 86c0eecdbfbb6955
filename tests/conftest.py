"""Fixtures shared by test modules: the fixture catalog's book, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURE_CATALOG = TESTS / "fixtures" / "catalog.json"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/catalog.json built with the real book's chapters (warnings are errors).

    Returns the HTML folder (feeds copied under feeds/), as `cryfeed build` makes it.
    """
    from cryfeed.book import GENERATED_FOLDERS, TOC_FILE
    from cryfeed.build import build

    root = tmp_path_factory.mktemp("fixture-book")
    shutil.copy(FIXTURE_CATALOG, root / "songs.json")
    book = root / "book"
    # Everything hand-written (chapters, _config.yml, _static/, icons), nothing generated.
    generated = {"_build", TOC_FILE, *GENERATED_FOLDERS}
    shutil.copytree(
        TESTS.parent / "book",
        book,
        ignore=lambda folder, names: [name for name in names if name in generated]
        if Path(folder) == TESTS.parent / "book"
        else [],
    )
    build(root / "songs.json")
    return book / "_build" / "html"
