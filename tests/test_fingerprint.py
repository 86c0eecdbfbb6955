"""The build fingerprint: what makes the next build start fresh."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cryfeed import fingerprint
from cryfeed.book import GENERATED_FOLDERS, TOC_FILE

CONFIG = {"extensions": ["myst_parser", "a_new_extension"], "html_theme": "sphinx_book_theme"}


def _book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "_static").mkdir(parents=True)
    (book / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (book / "_static" / "x.css").write_text("p {}\n", encoding="utf-8")
    return book


def _print(book: Path) -> str:
    return fingerprint.fingerprint(book, CONFIG, {*GENERATED_FOLDERS, TOC_FILE})


def _distribution(site: Path, name: str, version: str) -> None:
    """An installed distribution as importlib.metadata finds one: a .dist-info folder."""
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )


def test_a_new_or_upgraded_package_of_any_name_makes_the_next_build_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path)
    before = _print(book)
    assert _print(book) == before
    # A package no hand-kept list would name: the extension a config change brings in.
    site = tmp_path / "site"
    _distribution(site, "a-new-extension", "1.0")
    monkeypatch.syspath_prepend(str(site))
    assert "a-new-extension-1.0.dist-info" in dict(fingerprint.installed())
    with_it = _print(book)
    assert with_it != before
    (site / "a-new-extension-1.0.dist-info").rename(site / "a-new-extension-1.1.dist-info")
    (site / "a-new-extension-1.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: a-new-extension\nVersion: 1.1\n", encoding="utf-8"
    )
    assert _print(book) not in (before, with_it)


def test_hand_written_files_count_and_generated_ones_do_not(tmp_path: Path) -> None:
    book = _book(tmp_path)
    before = _print(book)
    for name in GENERATED_FOLDERS:
        (book / name).mkdir(exist_ok=True)
        (book / name / "page.md").write_text("# made by cryfeed\n", encoding="utf-8")
    (book / TOC_FILE).write_text("root: intro\n", encoding="utf-8")
    assert _print(book) == before
    (book / "_static" / "x.css").write_text("p { color: red }\n", encoding="utf-8")
    assert _print(book) != before


def test_the_fingerprint_is_remembered_whole_and_forgotten_before_a_build(tmp_path: Path) -> None:
    html = tmp_path / "html"
    html.mkdir()
    assert not fingerprint.is_current(html, "abc")
    fingerprint.remember(html, "abc")
    assert fingerprint.is_current(html, "abc")
    assert not fingerprint.is_current(html, "abd")
    assert [path.name for path in html.iterdir()] == [fingerprint.FINGERPRINT_FILE]
    fingerprint.forget(html)
    assert not fingerprint.is_current(html, "abc")


def test_a_damaged_installed_package_does_not_stop_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An interrupted pip install can leave a .dist-info with an empty METADATA, or none.
    site = tmp_path / "site"
    (site / "broken-1.0.dist-info").mkdir(parents=True)
    (site / "broken-1.0.dist-info" / "METADATA").write_text("", encoding="utf-8")
    (site / "unfinished-2.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    found = dict(fingerprint.installed())
    assert found["broken-1.0.dist-info"].startswith("0 ")
    assert found["unfinished-2.0.dist-info"] == ""
    assert len(_print(_book(tmp_path))) == 64


def test_every_distribution_importlib_finds_is_counted() -> None:
    # The folder listing stands in for importlib.metadata: it must see what that sees.
    from importlib import metadata

    listed = {name for name, _ in fingerprint.installed()}
    for dist in metadata.distributions():
        folder = getattr(dist, "_path", None)
        assert folder is not None and Path(folder).name in listed, dist.name


def test_a_reinstall_of_the_same_version_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _distribution(site, "rebuilt", "1.0")
    monkeypatch.syspath_prepend(str(site))
    book = _book(tmp_path)
    before = _print(book)
    metadata_file = site / "rebuilt-1.0.dist-info" / "METADATA"
    status = metadata_file.stat()
    os.utime(metadata_file, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert _print(book) != before


def test_the_code_fingerprint_given_by_the_caller_is_the_one_used(tmp_path: Path) -> None:
    # build() hands over the page memo's code fingerprint, so it is made once a build.
    book = _book(tmp_path)
    generated = {*GENERATED_FOLDERS, TOC_FILE}
    code = fingerprint.code_fingerprint()
    assert fingerprint.fingerprint(book, CONFIG, generated, code) == _print(book)
    assert fingerprint.fingerprint(book, CONFIG, generated, "other code") != _print(book)
