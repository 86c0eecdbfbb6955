"""The thin command line: parse options, call one library function, print the outcome.

One module, a little over 400 lines: every command is a few lines of click around one library
call and shares the options and error reporting above it, and one file lists every command.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

# Only what every command needs is imported here: each command imports its own modules, and
# `validate` with its cache up to date loads neither pydantic nor the models (issue 17).
from cryfeed import __version__
from cryfeed.errors import CatalogError, CryfeedError
from cryfeed.text import plural

if TYPE_CHECKING:
    from cryfeed.models import Catalog

F = TypeVar("F", bound=Callable[..., Any])


def catalog_option(function: F) -> F:
    return click.option(
        "--catalog",
        "-c",
        "catalog_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("songs.json"),
        show_default=True,
        help="The catalog file.",
    )(function)


def reports_errors(function: F) -> F:
    """Print a CryfeedError as a plain message and exit 1: no traceback for bad input."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CatalogError as error:
            click.echo(str(error), err=True)
            count = len(error.problems)
            click.echo(f"{error.filename}: {plural(count, 'problem')}", err=True)
            sys.exit(1)
        except CryfeedError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cryfeed")
def main() -> None:
    """Publish a curated song catalog as feeds and a Jupyter Book study guide."""


@main.command()
@catalog_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Validate every song afresh: neither read nor write .cryfeed-cache/validate.bin.",
)
@reports_errors
def validate(catalog_path: Path, no_cache: bool) -> None:
    """Check the catalog and report every problem with its line and column."""
    from cryfeed.catalog.cache import validate_catalog

    songs, collections = validate_catalog(catalog_path, cache=not no_cache)
    click.echo(f"{catalog_path}: OK ({songs} songs, {collections} collections)")


@main.command()
@catalog_option
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the file is not canonical.")
@reports_errors
def fmt(catalog_path: Path, check: bool) -> None:
    """Rewrite the catalog in canonical form (key order, NFC, 2-space indent)."""
    from cryfeed.catalog import format_catalog

    changed = format_catalog(catalog_path, check=check)
    if check and changed:
        click.echo(f"{catalog_path}: would be reformatted; run cryfeed fmt", err=True)
        sys.exit(1)
    click.echo(f"{catalog_path}: {'reformatted' if changed else 'already canonical'}")


def _interview(catalog_path: Path, answers: dict[str, Any]) -> dict[str, Any]:
    """Ask for each field no flag gave, checking every answer as it is given.

    A wrong answer is explained and asked again, so nothing typed is lost; Ctrl-C or the end
    of input stops before anything is written.
    """
    from cryfeed.catalog import load_catalog

    catalog = load_catalog(catalog_path)  # the questions name its ids; a broken file stops here
    collection_ids = ", ".join(c.id for c in catalog.collections)
    moods = sorted({mood for song in catalog.songs for mood in song.moods})
    moods_in_use = ", ".join(moods) or "none yet"
    questions = [
        ("title", "Title", True),
        ("artist", "Artist", True),
        ("title_ko", "Title in Hangul (Enter to skip)", False),
        ("artist_ko", "Artist in Hangul (Enter to skip)", False),
        ("released", "Released, YYYY, YYYY-MM or YYYY-MM-DD (Enter if unknown)", False),
        ("album", "Album, single or drama (Enter if unknown)", False),
        ("collections", f"Collections, comma-separated; one or more of: {collection_ids}", True),
        ("moods", f"Moods, comma-separated (in use: {moods_in_use}; Enter to skip)", False),
        ("note", "Curator's note (why this song makes people cry)", True),
    ]
    position = 0
    while position < len(questions):
        name, question, required = questions[position]
        position += 1
        if not answers.get(name):
            answers[name] = click.prompt(
                question,
                default=None if required else "",
                show_default=False,
                value_proc=functools.partial(_checked_answer, catalog, name),
            )
        if name == "artist":
            from cryfeed.catalog import duplicate_message

            duplicate = duplicate_message(catalog, answers["title"], answers["artist"])
            if duplicate:
                click.echo(f"Error: {duplicate}; give another title or artist", err=True)
                answers["title"] = answers["artist"] = None
                position = 0
    return answers


def _checked_answer(catalog: Catalog, name: str, text: str) -> Any:
    """One typed answer as the field's value, or a UsageError that makes click ask again."""
    value: Any = text.strip() or None
    if name in ("collections", "moods") and value:
        value = [part.strip() for part in value.split(",") if part.strip()]
    if value is None:
        return None
    from cryfeed.catalog import check_answer

    problems = check_answer(catalog, name, value)
    if problems:
        raise click.UsageError("\n".join(problems))
    return value


_FACTS_PREFIX = re.compile(r"[a-z_]+(?:,[a-z_]+)*")


def _parse_source(text: str) -> dict[str, Any]:
    """FACT,FACT=URL or a bare URL (a URL's own query may hold "=" too)."""
    facts, separator, url = text.partition("=")
    if separator and _FACTS_PREFIX.fullmatch(facts):
        return {"url": url, "facts": facts.split(",")}
    return {"url": text, "facts": []}


def _parse_link(text: str) -> dict[str, str]:
    """KIND=URL, or a bare URL of a video (a URL's own query may hold "=" too)."""
    kind, separator, url = text.partition("=")
    if separator and kind.isalpha():
        return {"kind": kind, "url": url}
    return {"kind": "video", "url": text}


@main.command()
@catalog_option
@click.option("--title", help="English (or original) title.")
@click.option("--artist", help="Artist as usually written in English.")
@click.option("--title-ko", help="Title in Hangul.")
@click.option("--artist-ko", help="Artist in Hangul.")
@click.option("--released", help="YYYY, YYYY-MM or YYYY-MM-DD; leave out if unknown.")
@click.option("--album", help="Album, single or drama; leave out if unknown.")
@click.option("--collection", "collections", multiple=True, help="Collection id (repeatable).")
@click.option("--mood", "moods", multiple=True, help="Mood id, like longing (repeatable).")
@click.option("--note", help="The curator's note: why this song makes people cry.")
@click.option("--link", "links", multiple=True, help="KIND=URL or URL of a video (repeatable).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="URL of a page about the song; FACT,FACT=URL names the facts it states "
    "(title, title_ko, artist, artist_ko, released, album). Repeatable.",
)
@click.option("--id", "song_id", help="Override the id made from artist and title.")
@reports_errors
def add(
    catalog_path: Path,
    title: str | None,
    artist: str | None,
    title_ko: str | None,
    artist_ko: str | None,
    released: str | None,
    album: str | None,
    collections: tuple[str, ...],
    moods: tuple[str, ...],
    note: str | None,
    links: tuple[str, ...],
    sources: tuple[str, ...],
    song_id: str | None,
) -> None:
    """Append one song (asking on a terminal for what is missing) and print its id."""
    if sys.stdin.isatty():
        answers = _interview(
            catalog_path,
            {
                "title": title,
                "artist": artist,
                "title_ko": title_ko,
                "artist_ko": artist_ko,
                "released": released,
                "album": album,
                "collections": list(collections),
                "moods": list(moods),
                "note": note,
            },
        )
        title, artist, note = answers["title"], answers["artist"], answers["note"]
        title_ko, artist_ko = answers["title_ko"], answers["artist_ko"]
        released, album = answers["released"], answers["album"]
        collections, moods = tuple(answers["collections"]), tuple(answers["moods"] or ())
    missing = [
        flag
        for flag, value in (
            ("--title", title),
            ("--artist", artist),
            ("--collection", collections),
            ("--note", note),
        )
        if not value
    ]
    if missing:
        raise click.UsageError(f"missing {', '.join(missing)} (required to add a song)")
    assert title and artist and note  # narrowed by the check above
    from cryfeed.catalog import NewSong, add_song

    song = add_song(
        catalog_path,
        NewSong(
            title=title,
            artist=artist,
            note=note,
            collections=[c.strip() for c in collections if c.strip()],
            title_ko=title_ko or None,
            artist_ko=artist_ko or None,
            released=released or None,
            album=album or None,
            moods=moods,
            links=[_parse_link(link) for link in links],
            sources=[_parse_source(source) for source in sources],
            id=song_id,
        ),
    )
    click.echo(song.id)


@main.command()
@catalog_option
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the schema is out of date.")
@reports_errors
def schema(catalog_path: Path, check: bool) -> None:
    """Write songs.schema.json (from the models) beside the catalog, for editors."""
    from cryfeed.catalog import write_schema

    target, changed = write_schema(catalog_path, check=check)
    if check and changed:
        click.echo(f"{target}: out of date; run cryfeed schema", err=True)
        sys.exit(1)
    click.echo(f"{target}: {'written' if changed else 'up to date'}")


def moved_option(function: F) -> F:
    return click.option(
        "--moved",
        is_flag=True,
        help="Accept a new site.url: the site really moved (item ids do not change).",
    )(function)


@main.command()
@catalog_option
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("feeds"),
    show_default=True,
    help="Folder to write the feeds into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 naming each stale file.")
@moved_option
@reports_errors
def feeds(catalog_path: Path, out: Path, check: bool, moved: bool) -> None:
    """Write the RSS, Atom and JSON feeds, the OPML list and catalog.json (changed files only)."""
    from cryfeed.build import check_feeds, write_feeds

    folder = out.as_posix().rstrip("/") + "/"
    if check:
        stale = check_feeds(catalog_path, out)
        for relative, problem in stale:
            click.echo(f"{folder}{relative}: {problem}", err=True)
        if stale:
            raise CryfeedError(
                f"{folder} is stale ({plural(len(stale), 'file')}); run cryfeed feeds "
                f"(or cryfeed build) and commit {folder}"
            )
        click.echo(f"{folder}: up to date")
        return
    report = write_feeds(catalog_path, out, moved)
    total = len(report.written) + len(report.unchanged)
    removed = f", {len(report.removed)} removed" if report.removed else ""
    click.echo(
        f"{folder}: {total} files "
        f"({len(report.written)} written, {len(report.unchanged)} unchanged{removed})"
    )


@main.command()
@click.argument("song_id")
@click.option("--reason", required=True, help="Why it goes; its page shows this for good.")
@catalog_option
@reports_errors
def remove(song_id: str, reason: str, catalog_path: Path) -> None:
    """Take a published song out for good: a tombstone keeps its id, which is never reused."""
    from cryfeed.catalog import remove_song

    removed = remove_song(catalog_path, song_id, reason)
    click.echo(f"removed {removed.id}: it leaves the feeds, and its page now says why")


@main.command()
@catalog_option
@reports_errors
def ping(catalog_path: Path) -> None:
    """Tell the catalog's WebSub hub (site.websub_hub) that the feeds changed."""
    from cryfeed.catalog import load_catalog
    from cryfeed.websub import ping as notify_hub

    catalog = load_catalog(catalog_path)
    told = notify_hub(catalog)
    click.echo(f"{catalog.site.websub_hub}: told of {plural(len(told), 'feed')}")


@main.command()
@click.argument("texts", nargs=-1, required=True, metavar="TEXT...")
def romanize(texts: tuple[str, ...]) -> None:
    """Print the Revised Romanization of each TEXT, one line each."""
    from cryfeed.korean import romanize as revised_romanization

    for text in texts:
        click.echo(revised_romanization(text))


@main.command()
@click.argument("texts", nargs=-1, required=True, metavar="TEXT...")
@click.option("--explain", is_flag=True, help="After each line, one line per sound change.")
@click.option("--phrase", is_flag=True, help="Say the words of a TEXT as one breath group.")
@click.option(
    "--analyse",
    is_flag=True,
    help="Let the morphological analyser (the vocab extra) find tensing after stems and -ㄹ.",
)
@reports_errors
def pronounce(texts: tuple[str, ...], explain: bool, phrase: bool, analyse: bool) -> None:
    """Print the standard pronunciation (표준 발음법) of each TEXT in Hangul, one line each."""
    from cryfeed.korean import pronounce as standard_pronunciation

    for text in texts:
        pronunciation = standard_pronunciation(text, phrase=phrase, analyse=analyse)
        click.echo(f"[{pronunciation.text}]")
        if explain:
            for change in pronunciation.changes:
                click.echo(f"  {change.explain()}")


@main.command()
@click.argument("song_id")
@catalog_option
@reports_errors
def suggest(song_id: str, catalog_path: Path) -> None:
    """Print title_breakdown/vocabulary JSON for a song's Korean text, to check and complete."""
    from cryfeed.catalog import load_catalog
    from cryfeed.vocab import suggest_snippet

    click.echo(suggest_snippet(load_catalog(catalog_path).song(song_id)))


def book_option(function: F) -> F:
    return click.option(
        "--book",
        "book_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The book folder (default: book/ beside the catalog).",
    )(function)


def fresh_option(function: F) -> F:
    # Without --fresh the build reuses the last one when only song data changed (it
    # decides itself, see cryfeed.build); --incremental, once needed for that, is still
    # accepted, hidden, and changes nothing.
    function = click.option("--incremental", is_flag=True, hidden=True, expose_value=False)(
        function
    )
    return click.option(
        "--fresh",
        is_flag=True,
        flag_value=True,
        default=None,
        help="Start from nothing instead of reusing the last build.",
    )(function)


def jobs_option(function: F) -> F:
    return click.option(
        "--jobs", "-j", type=click.IntRange(1), default=2, show_default=True,
        help="Sphinx processes.",
    )(function)  # fmt: skip


@main.command()
@catalog_option
@book_option
@fresh_option
@jobs_option
@click.option(
    "--release",
    is_flag=True,
    help="Refuse the placeholder site address and tag authority (for the deploy).",
)
@moved_option
@reports_errors
def build(
    catalog_path: Path,
    book_dir: Path | None,
    fresh: bool | None,
    jobs: int,
    release: bool,
    moved: bool,
) -> None:
    """Validate, write feeds/, generate the book and build its HTML into book/_build/html."""
    _build_site(
        catalog_path, book_dir=book_dir, fresh=fresh, jobs=jobs, release=release, moved=moved
    )


def _build_site(catalog_path: Path, **options: Any) -> None:
    # Imported here: Sphinx is slow to import, and validate, fmt and add should start fast.
    from cryfeed.build import Progress
    from cryfeed.build import build as build_site

    click.echo(build_site(catalog_path, progress=Progress(sys.stderr), **options).summary())


@main.command()
@catalog_option
@book_option
@fresh_option
@click.option("--no-html", is_flag=True, help="Stop after writing the book sources.")
@jobs_option
@reports_errors
def book(
    catalog_path: Path, book_dir: Path | None, fresh: bool | None, no_html: bool, jobs: int
) -> None:
    """Generate the book sources and build the HTML (no feeds)."""
    _build_site(
        catalog_path, book_dir=book_dir, feeds=False, html=not no_html, fresh=fresh, jobs=jobs
    )


@main.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("book/_build/html"),
    show_default=True,
    help="The built site.",
)
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True)
@reports_errors
def serve(directory: Path, port: int) -> None:
    """Preview the built book on http://127.0.0.1:PORT/ (local only)."""
    from cryfeed.build import serve as serve_site

    serve_site(directory, port)


# --- commands added by other modules go above this line ---
