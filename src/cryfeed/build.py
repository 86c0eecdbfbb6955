"""The one place that joins the stages: validate → feeds → book sources → HTML.

`cryfeed build` reuses the last build (Sphinx reads and writes only the changed pages)
when everything but the generated sources is as it was: cryfeed's code, the versions of
Sphinx, the theme and the extensions, the configuration and the hand-written book files
(cryfeed.fingerprint); otherwise, or with `fresh=True`, it starts fresh. The extension
makes an incremental build's search index, sitemap and pages the same as a fresh
build's (cryfeed.sphinxext: compat.keep_search_index for sphinx #12599,
rendered_pages.rewrite_on_sidebar_change); tests/test_build.py compares the two.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import re
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from cryfeed import fingerprint, urls
from cryfeed.book import GENERATED_FOLDERS, TOC_FILE, PageMemo, render_book
from cryfeed.book.rendered import PAGE_SUFFIX, find_pages
from cryfeed.cachedir import ensure_cache_folder
from cryfeed.catalog import load_catalog
from cryfeed.errors import CryfeedError, OutputError
from cryfeed.feed_memo import FeedMemo, write_outputs
from cryfeed.feeds import feed_outputs, render_feeds
from cryfeed.models import Catalog
from cryfeed.publication import check_publication, check_release
from cryfeed.text import plural
from cryfeed.writer import WriteReport, remove_stale, stale_files, write_files

HTML_FOLDER = Path("_build/html")
DOCTREES_FOLDER = Path("_build/.doctrees")
DEFAULT_JOBS = 2
# An incremental build with at most this many changed sources runs Sphinx in one process.
SERIAL_BELOW = 50
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Sphinx's own progress lines: "reading sources... [ 50%] songs/x"
_SPHINX_PROGRESS = re.compile(r"^(?P<phase>[a-z][a-z ]+)\.\.\. *\[ *(?P<percent>\d+)%\]")


class Progress:
    """Shows each step; on a terminal, also a live percentage for the long ones."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.live = bool(stream is not None and stream.isatty())
        self._pending = False

    def step(self, message: str) -> None:
        self._write(message, final=True)

    def percent(self, phase: str, percent: int) -> None:
        if self.live:
            self._write(f"  {phase} {percent:3d}%", final=False)

    def _write(self, text: str, final: bool) -> None:
        if self.stream is None:
            return
        if self.live:
            self.stream.write("\r\x1b[2K" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


class _SphinxStatus:
    """A file-like sink for Sphinx's status output that turns progress lines into percents."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def write(self, text: str) -> int:
        for line in _ANSI.sub("", text).replace("\r", "\n").splitlines():
            found = _SPHINX_PROGRESS.match(line.strip())
            if found:
                self.progress.percent(found["phase"], int(found["percent"]))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _Warnings:
    """Collects Sphinx warnings (each one fails the build) as plain text lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines += [line for line in _ANSI.sub("", text).splitlines() if line.strip()]
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@dataclass(frozen=True)
class BuildResult:
    songs: int
    pages: int
    feeds: int
    seconds: float
    html: bool

    def summary(self) -> str:
        built = "built" if self.html else "sources written"
        feeds = f", {self.feeds} feed files" if self.feeds else ""
        return (
            f"Done: {self.songs} songs, {self.pages} pages{feeds}, {built} "
            f"in {self.seconds:.1f} seconds"
        )


def _load(catalog_path: Path | str) -> Catalog:
    """The validated catalog, its objects moved out of the garbage collector's sight.

    The catalog lives until the process ends, and 10,000 songs are millions of objects:
    every full collection walked them all again (over a second of `cryfeed feeds` at
    10,000 songs). gc.freeze() is Python's own remedy for a long-lived heap like this.
    """
    catalog = load_catalog(catalog_path)
    gc.freeze()
    return catalog


def write_feeds(catalog_path: Path | str, out: Path | str, moved: bool = False) -> WriteReport:
    """Validate the catalog, check it against the last publication in `out`, render every
    feed file the feeds memo cannot keep, then write only the files that changed and delete
    the ones no longer made.

    Nothing is written when validation or the publication check fails.
    """
    catalog = _load(catalog_path)
    check_publication(catalog, catalog_path, out, moved)
    return _write_feed_outputs(catalog, catalog_path, out)[0]


def _write_feed_outputs(
    catalog: Catalog,
    catalog_path: Path | str,
    out: Path | str,
    code: str | None = None,
    fresh: bool = False,
) -> tuple[WriteReport, list[str]]:
    """Every feed file written through the feeds memo (cryfeed.feed_memo) in the cache
    folder beside the catalog (without one, every file is rendered); the report and the
    names of all feed files. fresh: keep nothing from the memo (but save it)."""
    folder = ensure_cache_folder(catalog_path)
    memo = None if folder is None else FeedMemo(folder, out, code=code, reuse=not fresh)
    outputs = feed_outputs(catalog)
    return write_outputs(out, outputs, memo), [output.path for output in outputs]


def _publish_feeds(out: Path | str, files: Mapping[str, bytes]) -> WriteReport:
    report = write_files(out, files)
    report.removed = remove_stale(out, files, urls.is_feed_file)
    return report


def check_feeds(catalog_path: Path | str, out: Path | str) -> list[tuple[str, str]]:
    """Every file of `out` that differs from what the catalog renders: [] when up to date.

    Renders and reads every file, never the feeds memo: a check is what catches what the
    memo's stat test cannot see (a file changed within the tick it was written in), and
    CI runs it on a fresh clone, which has no memo anyway.
    """
    return stale_files(out, render_feeds(_load(catalog_path)), urls.is_feed_file)


def write_book_sources(
    book_dir: Path,
    files: Mapping[str, bytes],
    on_disk: Mapping[str, tuple[int, ...]] | None = None,
) -> WriteReport:
    """Write the generated sources and delete generated files that are no longer rendered.

    A stale page (a renamed artist, say) would still be built and could link to a page
    that is gone, so the generated folders hold exactly what the catalog renders.
    on_disk: sources read and found holding their bytes, by file identity (see
    writer.write_files).
    """
    report = write_files(book_dir, files, on_disk)
    for folder in GENERATED_FOLDERS:
        base = book_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(book_dir).as_posix()
            if path.is_file() and relative not in files:
                try:
                    path.unlink()
                except OSError as error:
                    raise OutputError(f"cannot remove stale {path}: {error.strerror}") from None
    return report


def sphinx_config(book_dir: Path, catalog: Catalog) -> dict[str, Any]:
    """The Sphinx configuration Jupyter Book would use, with the site facts from songs.json."""
    import jsonschema

    from cryfeed.sphinxext.compat import jupyter_book_config

    site = catalog.site
    try:
        return jupyter_book_config(
            book_dir,
            {
                "html_title": site.title,
                "project": site.title,
                "author": site.author.name,
                "html_baseurl": site.url,
                # Link previews (sphinxext-opengraph, and cryfeed.sphinxext.social for the
                # rendered pages) and the 404 page's absolute links (sphinx-notfound-page).
                "ogp_site_url": site.url,
                "ogp_site_name": site.title,
                "notfound_urls_prefix": urlsplit(site.url).path or "/",
                "language": site.language,
                "latex_individualpages": False,
            },
        )
    except jsonschema.ValidationError as error:
        raise CryfeedError(f"{book_dir / '_config.yml'}: {error.message}") from None


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    # sphinx-external-toc and myst print notes to stdout; the progress display is ours.
    with contextlib.redirect_stdout(_Warnings()):
        yield


def _generated_names() -> set[str]:
    """The top-level names under book/ that cryfeed writes."""
    return {*GENERATED_FOLDERS, TOC_FILE, *(name.split("/")[0] for name in _GENERATED_FILES)}


_GENERATED_FILES = (urls.VOCABULARY_FILE, urls.ANKI_FILE, urls.WORDS_FILE)


def build_html(
    book_dir: Path,
    catalog: Catalog,
    *,
    fresh: bool | None = None,
    jobs: int = DEFAULT_JOBS,
    progress: Progress | None = None,
    changed: int | None = None,
    code: str | None = None,
) -> int:
    """Build book_dir into book_dir/_build/html with Sphinx, warnings as errors.

    fresh: True starts from nothing; None (the default) reuses the last build when its
    fingerprint matches (see the module's docstring), else starts fresh. changed: how
    many sources changed, when known (a handful is built in one process). code: the
    fingerprint of cryfeed's code and packages, when the caller has made it already.
    Returns the number of pages in the book; raises CryfeedError listing every warning.
    """
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    progress = progress or Progress()
    html_dir, doctrees = book_dir / HTML_FOLDER, book_dir / DOCTREES_FOLDER
    warnings = _Warnings()
    try:
        config = sphinx_config(book_dir, catalog)
        expected = fingerprint.fingerprint(book_dir, config, _generated_names(), code)
        if fresh is None:
            fresh = not fingerprint.is_current(html_dir, expected)
        if fresh:
            for folder in (html_dir, doctrees):
                shutil.rmtree(folder, ignore_errors=True)
        else:
            fingerprint.forget(html_dir)
            if changed is not None and changed <= SERIAL_BELOW:
                # Sphinx's parallel read sends the whole environment back from every
                # worker; for a handful of changed pages that costs more than it saves.
                jobs = 1
        progress.step(f"building HTML ({'fresh' if fresh else 'incremental'}, {jobs} jobs)")
        with _quiet_stdout(), patch_docutils(str(book_dir)), docutils_namespace():
            app = Sphinx(
                srcdir=book_dir,
                confdir=None,
                outdir=html_dir,
                doctreedir=doctrees,
                buildername="html",
                confoverrides=config,
                status=_SphinxStatus(progress),  # type: ignore[arg-type]
                warning=warnings,  # type: ignore[arg-type]
                freshenv=fresh,
                warningiserror=True,
                keep_going=True,
                parallel=jobs,
            )
            app.build()
    except (SphinxError, OSError, ValueError) as error:
        detail = "\n".join(warnings.lines)
        raise CryfeedError(f"the book build failed: {error}\n{detail}".rstrip()) from None
    if app.statuscode or warnings.lines:
        count = len(warnings.lines)
        raise CryfeedError(
            "\n".join(warnings.lines)
            + f"\nthe book build failed: {plural(count, 'warning')} "
            "(warnings are errors; fix each one above)"
        )
    try:
        fingerprint.remember(html_dir, expected)
    except OSError as error:
        raise OutputError(f"cannot write {html_dir}: {error.strerror}") from None
    return len(app.env.found_docs) + len(find_pages(book_dir))


def build(
    catalog_path: Path | str,
    *,
    book_dir: Path | str | None = None,
    feeds_dir: Path | str | None = None,
    feeds: bool = True,
    html: bool = True,
    fresh: bool | None = None,
    jobs: int = DEFAULT_JOBS,
    progress: Progress | None = None,
    release: bool = False,
    moved: bool = False,
) -> BuildResult:
    """Validate, write the feeds, write the book sources, build the HTML, copy the feeds.

    book_dir and feeds_dir default to book/ and feeds/ beside the catalog. Every step
    renders first and writes after, so a failure leaves the previous outputs intact.
    """
    started = time.perf_counter()
    progress = progress or Progress()
    catalog_path = Path(catalog_path)
    book = Path(book_dir) if book_dir is not None else catalog_path.parent / "book"
    feeds_out = Path(feeds_dir) if feeds_dir is not None else catalog_path.parent / "feeds"
    if not (book / "_config.yml").is_file():
        raise CryfeedError(
            f"{book / '_config.yml'} not found: the book folder holds the hand-written "
            "chapters and _config.yml (run from the project folder)"
        )

    catalog = _load(catalog_path)
    if release:
        check_release(catalog.site, catalog_path.name)
    if feeds:
        check_publication(catalog, catalog_path, feeds_out, moved)
    progress.step(f"validated {catalog_path}: {len(catalog.songs)} songs")

    # Only the names are kept while Sphinx runs: its workers are forks of this process,
    # and a 10,000-song catalog's feeds and book sources take hundreds of megabytes.
    # Made once: the feeds memo, the page memo and the book's fingerprint all hold it.
    code = fingerprint.code_fingerprint()
    feed_names: list[str] = []
    if feeds:
        # The feed files of the last run whose inputs are the same are kept
        # (cryfeed.feed_memo), not with --fresh.
        report, feed_names = _write_feed_outputs(
            catalog, catalog_path, feeds_out, code, fresh=fresh is True
        )
        progress.step(f"feeds: {len(feed_names)} files ({len(report.written)} changed)")
        feed_names.sort()

    # The song and artist pages of the last build whose inputs are the same are reused
    # (cryfeed.book.memo), not with --fresh.
    memo = PageMemo(book, reuse=fresh is not True, code=code)
    sources = render_book(catalog, memo)
    report = write_book_sources(book, sources, memo.on_disk)
    try:
        memo.save()
    except OSError as error:
        raise OutputError(f"cannot write {error.filename}: {error.strerror}") from None
    pages = sum(1 for name in sources if name.endswith((".md", PAGE_SUFFIX)))
    pages += len(list(book.glob("*.md")))
    progress.step(f"book sources: {len(sources)} files ({len(report.written)} changed)")
    del sources

    if html:
        pages = build_html(
            book,
            catalog,
            fresh=fresh,
            jobs=jobs,
            progress=progress,
            changed=len(report.written),
            code=memo.code,
        )
        progress.step(f"HTML: {pages} pages in {book / HTML_FOLDER}")
        if feed_names:
            # As just written to feeds_out (read back, see above).
            try:
                copied = {name: (feeds_out / name).read_bytes() for name in feed_names}
            except OSError as error:
                raise OutputError(f"cannot read {error.filename}: {error.strerror}") from None
            # With the stale ones deleted: an incremental build keeps the folder.
            _publish_feeds(book / HTML_FOLDER / urls.FEEDS_FOLDER, copied)
            progress.step(f"feeds copied to {book / HTML_FOLDER / urls.FEEDS_FOLDER}")

    return BuildResult(
        songs=len(catalog.songs),
        pages=pages,
        feeds=len(feed_names),
        seconds=time.perf_counter() - started,
        html=html,
    )


def serve(directory: Path | str, port: int = 8000) -> None:
    """Serve the built site on 127.0.0.1 until interrupted (a local preview, not a server)."""
    root = Path(directory)
    if not (root / "index.html").is_file():
        raise CryfeedError(f"{root}/index.html not found; run cryfeed build first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise CryfeedError(f"cannot listen on 127.0.0.1:{port}: {error.strerror}") from None
    print(f"Serving {root} at http://127.0.0.1:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


__all__ = ["BuildResult", "Progress", "build", "build_html", "serve", "write_feeds"]
