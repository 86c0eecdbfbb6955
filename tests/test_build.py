"""The build pipeline and its commands: build, book --no-html, serve, incremental appends."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click.testing
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from cryfeed.book import html as book_html
from cryfeed.book import myst
from cryfeed.book.memo import MEMO_FILE
from cryfeed.book.rendered import RenderedPage
from cryfeed.build import Progress, build, build_html
from cryfeed.catalog import NewSong, add_song, load_catalog
from cryfeed.cli import main
from cryfeed.errors import CryfeedError
from cryfeed.models import Song
from cryfeed.sphinxext import compat, rendered_pages, shells

FIXTURES = Path(__file__).parent / "fixtures"
NEWEST = "jang-deok-cheol-see-you-later"
SUMMARY = re.compile(
    r"^Done: 3 songs, \d+ pages, 15 feed files, built in \d+\.\d seconds$", re.MULTILINE
)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@dataclasses.dataclass(frozen=True)
class Built:
    project: Path
    snapshot: Path
    output: str  # what `cryfeed build` printed


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, new_project: Callable[[Path], Path]) -> Built:
    """The fixture project built once by `cryfeed build`, and a snapshot of it."""
    project = new_project(tmp_path_factory.mktemp("built") / "project")
    result = run("build", "-c", str(project / "songs.json"))
    assert result.exit_code == 0, result.output
    snapshot = project.parent / "snapshot"
    shutil.copytree(project, snapshot)
    return Built(project, snapshot, result.output)


@pytest.fixture
def built_project(built: Built) -> Path:
    """The built fixture project, as the first build left it.

    Restored in place from the snapshot: Sphinx refuses a saved environment from another
    folder (and would read everything again), and copytree keeps each file's mtime, so
    an incremental build finds nothing changed."""
    shutil.rmtree(built.project)
    shutil.copytree(built.snapshot, built.project)
    return built.project


def hrefs(path: Path) -> list[str]:
    found = lxml_html.fromstring(path.read_text(encoding="utf-8")).xpath("//article//a/@href")
    assert isinstance(found, list)
    return [str(h) for h in found]



def append_song(project: Path, note: str) -> Song:
    """Appends one song (as `cryfeed add` would) to the project's catalog."""
    return add_song(
        project / "songs.json",
        NewSong(
            title="Appended Song",
            artist="New Artist",
            note=note,
            collections=["male-ballads"],
            moods=["regret"],
        ),
        now=datetime(2026, 11, 21, tzinfo=UTC),
    )


@pytest.mark.slow
def test_appending_a_song_and_rebuilding_incrementally_links_it(built_project: Path) -> None:
    project = built_project
    html = project / "book" / "_build" / "html"
    untouched = html / "songs" / "urban-zakapa-counting-days.html"
    before = untouched.stat().st_mtime_ns
    song = append_song(project, "Appended after the first build.")
    result = build(project / "songs.json", fresh=False)
    assert result.songs == 4
    page = f"../songs/{song.id}.html"
    assert page in hrefs(html / "generated" / "a-z.html")
    newest = [h for h in hrefs(html / "generated" / "newest.html") if "/songs/" in h]
    assert newest[0] == page
    assert page in hrefs(html / "songs" / f"{NEWEST}.html")  # its "next" link
    assert page in hrefs(html / "collections" / "male-ballads.html")
    assert f"../songs/{NEWEST}.html" in hrefs(html / "songs" / f"{song.id}.html")  # "previous"
    assert (html / "feeds" / "rss.xml").read_bytes() == (project / "feeds" / "rss.xml").read_bytes()
    assert song.id.encode() in (html / "feeds" / "rss.xml").read_bytes()
    # Only pages whose sources changed are rewritten.
    assert untouched.stat().st_mtime_ns == before


@pytest.mark.slow
def test_build_command_builds_the_site(built: Built, built_project: Path) -> None:
    assert SUMMARY.search(built.output)
    assert "validated" in built.output and "HTML:" in built.output  # the steps
    html = built_project / "book" / "_build" / "html"
    assert (html / "index.html").is_file() and (html / "songs" / f"{NEWEST}.html").is_file()
    assert (html / "feeds" / "feed.json").is_file()


def test_book_no_html_stops_after_the_sources(project: Path) -> None:
    result = run("book", "-c", str(project / "songs.json"), "--no-html")
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert re.fullmatch(r"Done: 3 songs, \d+ pages, sources written in \d+\.\d seconds", last)
    book = project / "book"
    assert (book / "songs" / f"{NEWEST}.json").is_file() and (book / "_toc.yml").is_file()
    # No HTML, no Sphinx environment; _build holds only the page memo (cryfeed.book.memo).
    assert [p.name for p in (book / "_build").iterdir()] == [MEMO_FILE.name]
    assert not (project / "feeds").exists()  # `book` leaves the feeds alone


@pytest.mark.slow
def test_each_broken_link_fails_the_build_with_its_message(project: Path) -> None:
    # One build, four breakages: warnings are collected (keep_going), each with its place.
    build(project / "songs.json", html=False, feeds=False)
    intro = project / "book" / "intro.md"
    # A Sphinx cross-reference; a link between book pages (checked by cryfeed.sphinxext,
    # not by Sphinx); a link in an HTML block (long song lists on MyST pages).
    broken_reference = "See {ref}`no-such-label`."
    broken_page_link = "See " + myst.page_link("gone", "songs/no-such-song.md") + "."
    block = book_html.bullets(
        [book_html.page_link(book_html.text("gone"), "songs/no-such-page.html")]
    )
    intro.write_text(
        intro.read_text()
        + f"\n{broken_reference}\n\n{broken_page_link}\n\n{myst.html_block(block)}",
        encoding="utf-8",
    )
    # A rendered song page (which skips Sphinx's reader) linking to a missing artist.
    source = project / "book" / "songs" / f"{NEWEST}.json"
    page = RenderedPage.load(source.read_bytes())
    links = tuple(
        "../artists/nobody.html" if link == "../artists/jang-deok-cheol.html" else link
        for link in page.links
    )
    assert links != page.links
    source.write_bytes(dataclasses.replace(page, links=links).dump())
    with pytest.raises(CryfeedError) as failure:
        build_html(project / "book", load_catalog(project / "songs.json"))
    lines = str(failure.value).splitlines()

    def line_with(*parts: str) -> str:
        found = [line for line in lines if all(part in line for part in parts)]
        assert len(found) == 1, (parts, lines)
        return found[0]

    assert "intro.md:" in line_with("no-such-label")
    missing = "which is not a page of the book"
    assert "intro.md:" in line_with("songs/no-such-song.html", missing)
    assert "intro.md:" in line_with("songs/no-such-page.html", missing)
    assert line_with(f"songs/{NEWEST}.json: link to ../artists/nobody.html", missing)
    assert lines[-1] == (
        "the book build failed: 4 warnings (warnings are errors; fix each one above)"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "gone", ["moods/regret.md", "artists/jang-deok-cheol.json"], ids=["myst", "rendered"]
)
def test_a_page_gone_since_the_last_build_fails_an_unchanged_page_linking_to_it(
    built_project: Path, gone: str
) -> None:
    # An incremental build reads again only the rendered pages that changed, unless a page
    # of the book (a MyST page or a rendered one) is gone: then every page's links are
    # checked, and the song page, whose file did not change, links to the missing page.
    book = built_project / "book"
    (book / gone).unlink()
    with pytest.raises(CryfeedError) as failure:
        build_html(book, load_catalog(built_project / "songs.json"))
    page = gone.rpartition(".")[0] + ".html"
    assert f"songs/{NEWEST}.json: link to ../{page}, which is not a page of the book" in str(
        failure.value
    )


@pytest.mark.slow
def test_a_page_that_failed_to_load_and_is_then_gone_fails_a_page_linking_to_it(
    built_project: Path,
) -> None:
    # Incremental both times (as Sphinx run by itself with --keep-going would be): the
    # artist page's file is damaged (the build fails, but its manifest is written), then
    # removed. The song page links to it; a fresh build would say so, and so must this.
    book = built_project / "book"
    catalog = load_catalog(built_project / "songs.json")
    (book / "artists" / "jang-deok-cheol.json").write_bytes(b"not a page")
    with pytest.raises(CryfeedError, match="not a page cryfeed rendered"):
        build_html(book, catalog, fresh=False)
    (book / "artists" / "jang-deok-cheol.json").unlink()
    with pytest.raises(CryfeedError) as failure:
        build_html(book, catalog, fresh=False)
    assert (
        f"songs/{NEWEST}.json: link to ../artists/jang-deok-cheol.html, which is not a page "
        "of the book" in str(failure.value)
    )


@pytest.mark.slow
def test_a_page_whose_link_was_missing_is_checked_again_by_the_next_build(
    built_project: Path,
) -> None:
    # Incremental both times (as Sphinx run by itself with --keep-going would be): the
    # first build finds the song page's link missing and writes its manifest; the song
    # page's file is unchanged, yet the second build must check its links again.
    book = built_project / "book"
    catalog = load_catalog(built_project / "songs.json")
    (book / "artists" / "jang-deok-cheol.json").unlink()
    missing = f"songs/{NEWEST}.json: link to ../artists/jang-deok-cheol.html, which is not"
    for _ in range(2):
        with pytest.raises(CryfeedError, match=re.escape(missing)):
            build_html(book, catalog, fresh=False)


def test_build_errors_reach_the_command_line_as_one_message(project: Path) -> None:
    # No book build needed: a missing _config.yml fails before Sphinx starts.
    (project / "book" / "_config.yml").unlink()
    result = run("build", "-c", str(project / "songs.json"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "_config.yml not found" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_change_only_to_a_song_page_reaches_it_incrementally(built_project: Path) -> None:
    # Only the song's own page changes (no index page shows its note), so Sphinx finds
    # none of its MyST pages out of date; the rendered page must be written all the same.
    project = built_project
    data = json.loads((project / "songs.json").read_text(encoding="utf-8"))
    data["songs"][0]["note"] = "A note rewritten after the first build."
    (project / "songs.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(project / "songs.json", fresh=False)
    song = project / "book" / "_build" / "html" / "songs" / f"{data['songs'][0]['id']}.html"
    assert "A note rewritten after the first build." in song.read_text(encoding="utf-8")


def search_titles(html: Path) -> dict[str, str]:
    """{page: title} of every page in the built site's search index."""
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
    return dict(zip(index["docnames"], index["titles"], strict=True))


@pytest.mark.slow
def test_rendered_pages_are_searchable_and_rewritten_only_when_needed(
    built_project: Path,
) -> None:
    project = built_project
    html = project / "book" / "_build" / "html"
    titles = search_titles(html)
    assert titles[f"songs/{NEWEST}"] == "있어줘요 · See you later"
    assert titles["artists/beast"].startswith("BEAST")
    song = html / "songs" / f"{NEWEST}.html"
    before = song.stat().st_mtime_ns
    build(project / "songs.json", fresh=False)
    assert song.stat().st_mtime_ns == before  # nothing changed: not written again
    assert f"songs/{NEWEST}" in search_titles(html)  # still indexed after an incremental build
    # A change to the layout (here the book's title) reaches every rendered page.
    data = json.loads((project / "songs.json").read_text(encoding="utf-8"))
    data["site"]["title"] = "A renamed book"
    (project / "songs.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(project / "songs.json", fresh=False)
    assert song.stat().st_mtime_ns != before
    assert "A renamed book" in song.read_text(encoding="utf-8")
    # A song taken out of the catalog takes its page with it.
    data["songs"] = [s for s in data["songs"] if s["id"] != NEWEST]
    (project / "songs.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(project / "songs.json", fresh=False)
    assert not song.exists()
    assert f"songs/{NEWEST}" not in search_titles(html)


def test_bad_catalog_writes_nothing(project: Path) -> None:
    data = json.loads((project / "songs.json").read_text(encoding="utf-8"))
    data["songs"][0]["collections"] = ["nowhere"]
    (project / "songs.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("build", "-c", str(project / "songs.json"))
    assert result.exit_code == 1
    assert 'unknown collection "nowhere"' in result.output
    assert not (project / "book" / "_toc.yml").exists() and not (project / "feeds").exists()


def test_missing_book_folder_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "catalog.json", tmp_path / "songs.json")
    with pytest.raises(CryfeedError, match=r"_config\.yml not found"):
        build(tmp_path / "songs.json")


def test_stale_generated_pages_are_removed(project: Path) -> None:
    build(project / "songs.json", html=False, feeds=False)
    stale = project / "book" / "artists" / "beast.json"
    assert stale.is_file()
    data = json.loads((project / "songs.json").read_text(encoding="utf-8"))
    data["songs"][1]["artist"] = "Highlight"
    (project / "songs.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(project / "songs.json", html=False, feeds=False)
    assert not stale.exists() and (project / "book" / "artists" / "highlight.json").is_file()
    assert (project / "book" / "intro.md").is_file()  # hand-written pages are never touched


def test_serve_needs_a_built_site(tmp_path: Path) -> None:
    result = run("serve", "--dir", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'nothing'}/index.html not found; run cryfeed build first\n"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_serves_the_site_on_localhost(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cryfeed", "serve", "--dir", str(tmp_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
                    assert response.read() == b"<p>hello</p>"
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def site_files(html: Path) -> dict[str, bytes]:
    """Every file of a built site by path, and its bytes."""
    return {
        path.relative_to(html).as_posix(): path.read_bytes()
        for path in sorted(html.rglob("*"))
        if path.is_file()
    }


def read_catalog(project: Path) -> Any:
    return json.loads((project / "songs.json").read_text(encoding="utf-8"))


def write_catalog(project: Path, data: Any) -> None:
    (project / "songs.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def assert_same_site(built_again: Path, fresh: Path) -> None:
    """Two built sites hold the same files with the same bytes (the search index and
    sitemap included), named by what differs."""
    again, new = site_files(built_again), site_files(fresh)
    assert sorted(again) == sorted(new)
    assert [name for name in again if again[name] != new[name]] == []


def build_output(catalog: Path, fresh: bool | None = None) -> str:
    """What build() reports, step by step."""
    stream = io.StringIO()
    build(catalog, progress=Progress(stream), fresh=fresh)
    return stream.getvalue()


def fresh_copy(project: Path, destination: Path) -> Path:
    """A new project with project's songs.json and book sources, built fresh."""
    shutil.copytree(project, destination, ignore=shutil.ignore_patterns("_build"))
    assert "(fresh, " in build_output(destination / "songs.json")
    return destination / "book" / "_build" / "html"


@pytest.mark.slow
def test_the_plain_build_after_an_append_is_incremental_and_equals_a_fresh_build(
    built_project: Path, tmp_path: Path
) -> None:
    project = built_project
    append_song(project, "Appended.")
    assert "(incremental, " in build_output(project / "songs.json")
    html = project / "book" / "_build" / "html"
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    assert '"indexentries": {"' in index  # the glossary's terms (sphinx #12599 dropped them)
    assert_same_site(html, fresh_copy(project, tmp_path / "fresh"))


@pytest.mark.slow
def test_a_new_sidebar_title_reaches_every_page_of_an_incremental_build(
    built_project: Path, tmp_path: Path
) -> None:
    # A collection's title is in the sidebar of every page, but in the source of one.
    project = built_project
    data = read_catalog(project)
    data["collections"][0]["title"] = "Renamed collection"
    write_catalog(project, data)
    assert "(incremental, " in build_output(project / "songs.json")
    html = project / "book" / "_build" / "html"
    assert "Renamed collection" in (html / "intro.html").read_text(encoding="utf-8")
    assert_same_site(html, fresh_copy(project, tmp_path / "fresh"))


@pytest.mark.slow
def test_pages_and_feeds_no_longer_made_leave_an_incremental_build(
    built_project: Path, tmp_path: Path
) -> None:
    # A mood no song has any more, and a collection dropped: Sphinx and the feed copy
    # would leave their old pages and feeds published.
    project = built_project
    html = project / "book" / "_build" / "html"
    gone = [html / "moods" / "rain.html", html / "collections" / "male-ballads.html"]
    gone += [html / "feeds" / "collections" / f"male-ballads{suffix}" for suffix in (".xml", ".json")]
    assert all(path.exists() for path in gone)
    data = read_catalog(project)
    data["collections"] = [c for c in data["collections"] if c["id"] != "male-ballads"]
    for song in data["songs"]:
        song["collections"] = ["tearjerkers"]
        song["moods"] = [mood for mood in song["moods"] if mood != "rain"] or ["longing"]
    write_catalog(project, data)
    assert "(incremental, " in build_output(project / "songs.json")
    assert [path for path in gone if path.exists()] == []
    assert_same_site(html, fresh_copy(project, tmp_path / "fresh"))


@pytest.mark.slow
def test_a_changed_chapter_or_a_failed_build_makes_the_next_build_fresh(
    built_project: Path,
) -> None:
    project = built_project
    intro = project / "book" / "intro.md"
    assert "(incremental, " in build_output(project / "songs.json")
    intro.write_text(intro.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert "(fresh, " in build_output(project / "songs.json")
    assert "(incremental, " in build_output(project / "songs.json")
    # A failing build leaves no fingerprint: the next one cannot trust what it left.
    intro.write_text(intro.read_text(encoding="utf-8") + "\n{ref}`no-such-label`\n")
    with pytest.raises(CryfeedError):
        build(project / "songs.json")
    intro.write_text(intro.read_text(encoding="utf-8").replace("{ref}`no-such-label`", ""))
    assert "(fresh, " in build_output(project / "songs.json")
    assert "(fresh, " in build_output(project / "songs.json", fresh=True)
    result = run("build", "-c", str(project / "songs.json"), "--incremental")
    assert result.exit_code == 0 and "(incremental, " in result.output


@pytest.mark.slow
def test_pages_written_by_a_forked_worker_are_the_same(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture has too few pages to fork for; any number forks here.
    monkeypatch.setattr(rendered_pages, "FORK_FROM", 1)
    forked = fresh_copy(built_project, tmp_path / "forked")
    assert_same_site(built_project / "book" / "_build" / "html", forked)


@pytest.mark.slow
def test_sharing_the_template_checks_of_rendered_pages_changes_no_byte(
    built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The theme's own way: every template of every page rendered to see if it is empty.
    monkeypatch.setattr(compat, "SHARE_TEMPLATE_CHECKS", False)
    checked = fresh_copy(built_project, tmp_path / "checked")
    assert_same_site(built_project / "book" / "_build" / "html", checked)


@pytest.mark.slow
def test_shared_sidebar_entries_and_one_more_writer_change_no_byte(
    new_project: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.builders import Builder

    project = new_project(tmp_path / "shared")
    plain = tmp_path / "plain"
    shutil.copytree(project, plain)
    cut: list[str] = []
    writers: list[int] = []
    cut_to_titles, write_parallel = compat._cut_to_titles, Builder._write_parallel

    def noting_cut(toc: Any) -> None:
        cut.append(toc.astext())
        cut_to_titles(toc)

    def noting_writers(self: Builder, docnames: Any, nproc: int) -> None:
        writers.append(nproc)
        write_parallel(self, docnames, nproc)

    monkeypatch.setattr(compat, "_cut_to_titles", noting_cut)
    monkeypatch.setattr(Builder, "_write_parallel", noting_writers)
    build_output(project / "songs.json")
    # Each chapter's entry was cut at most twice in this process, where Sphinx writes its
    # first page (once where the chapter is that page or its ancestor, once where not),
    # and the pages were written by two workers (two jobs, the default).
    assert cut and max(cut.count(text) for text in cut) <= 2
    assert writers == [2]
    # Sphinx's own way: each entry copied whole and cut on every page; one writer.
    monkeypatch.setattr(compat, "SHARE_TITLES_ONLY_ENTRIES", False)
    monkeypatch.setattr(compat, "WRITE_IN_ONE_MORE_PROCESS", False)
    build_output(plain / "songs.json")
    assert writers == [2, 1]
    assert_same_site(project / "book" / "_build" / "html", plain / "book" / "_build" / "html")


# Titles and artists whose every escaping differs (quotes, entities, tags, runs of spaces,
# Hangul), each on a song of the same kind (shells.kind) as the fixture's third.
TRICKY = [
    ('Tom & "Jerry\'s" <b>x</b>', "Tom & Jerry's"),
    ("It's  two  spaces", "김 <i>kim</i>"),
    ("A &amp; B", "&amp; co"),
    ("<script>alert(1)</script> 눈물", "눈물 & 이별"),
    ("있어줘요 · Stay", "Plain Artist"),
]


def tricky_project(new_project: Callable[[Path], Path], folder: Path) -> Path:
    """The fixture project with a song for each of TRICKY, and its artist."""
    project = new_project(folder)
    data = read_catalog(project)
    template = data["songs"][2]
    data["songs"] += [
        {
            **template,
            "id": f"tricky-{number}",
            "title": title,
            "artist": artist,
            "artist_ko": None,
            "note": f"{title} by {artist}: a note & <more>",
        }
        for number, (title, artist) in enumerate(TRICKY)
    ]
    write_catalog(project, data)
    return project


@pytest.mark.slow
def test_pages_laid_out_from_shells_are_the_theme_s_byte_for_byte(
    new_project: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tricky_project(new_project, tmp_path / "shells")
    theme = tmp_path / "theme"
    shutil.copytree(project, theme)
    filled: list[str] = []
    fill = shells.Shell.fill

    def noting_fill(self: shells.Shell, values: dict[str, str]) -> str:
        filled.append(values["name"])
        return fill(self, values)

    monkeypatch.setattr(shells.Shell, "fill", noting_fill)
    monkeypatch.setattr(shells, "SHELL_FROM", 2)
    build_output(project / "songs.json")
    # Each kind's first page is checked against its shell (one fill), the others filled.
    songs = {f"tricky-{number}" for number in range(len(TRICKY))}
    assert songs <= set(filled)
    assert len({name for name in filled if name not in songs}) >= len(TRICKY)  # artists
    monkeypatch.setattr(shells, "USE_SHELLS", False)
    build_output(theme / "songs.json")
    assert_same_site(project / "book" / "_build" / "html", theme / "book" / "_build" / "html")


@pytest.mark.slow
def test_rendered_pages_fed_to_the_search_index_as_sphinx_feeds_them(
    new_project: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tricky_project(new_project, tmp_path / "fed")
    sphinx_fed = tmp_path / "sphinx-fed"
    shutil.copytree(project, sphinx_fed)
    build_output(project / "songs.json")
    # Sphinx's own IndexBuilder.feed, given each page's doctree.
    monkeypatch.setattr(compat, "FEED_RENDERED_PAGES", False)
    build_output(sphinx_fed / "songs.json")
    index = project / "book" / "_build" / "html" / "searchindex.js"
    assert "tricky-4" in index.read_text(encoding="utf-8")
    assert_same_site(project / "book" / "_build" / "html", sphinx_fed / "book" / "_build" / "html")
