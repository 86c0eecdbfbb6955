"""What publishing promises: a real address, and ids, addresses and dates that never change.

feeds/ is committed: it is the last publication. Before new feeds are written, the catalog
is compared with feeds/catalog.json (the index and its pages; a version 2 file, from before
the index, is read too), and anything subscribers would see as broken is an error with its
position in songs.json: a published song that vanished (removing one goes through
`cryfeed remove`, which leaves a tombstone), a changed tag authority (every item id would
change), a moved `added` date, or a new site address (every page address changes;
`--moved` accepts it when the site really moved)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryfeed import urls
from cryfeed.catalog import located_problems
from cryfeed.errors import CryfeedError
from cryfeed.models import Catalog, Site

# Names that can never be a real site (RFC 2606 and RFC 6761): example.com/.net/.org and
# the .example, .test, .invalid and .localhost top-level domains, and localhost itself.
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
_RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")


def is_placeholder(host: str) -> bool:
    """True for a host name that RFC 2606 or RFC 6761 reserves, like cryfeed.example.org."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.rsplit(".", 1)[-1] in _RESERVED_TOP_LEVEL:
        return True
    return any(host == domain or host.endswith("." + domain) for domain in _RESERVED_DOMAINS)


def authority_host(tag_authority: str) -> str:
    """The domain of a tag authority ("example.org,2026" or "someone@example.org,2026")."""
    name = tag_authority.rsplit(",", 1)[0]
    return name.rpartition("@")[2]


def check_release(site: Site, catalog_name: str) -> None:
    """Refuse to publish under a placeholder address or tag authority, with what to set."""
    problems = []
    host = urlsplit(site.url).hostname or ""
    if is_placeholder(host):
        problems.append(
            f"{catalog_name}: site.url {site.url} is a placeholder; set it to the address "
            "the site is published at, like https://USER.github.io/REPO/"
        )
    if is_placeholder(authority_host(site.tag_authority)):
        problems.append(
            f"{catalog_name}: site.tag_authority {site.tag_authority} is a placeholder; set it "
            "to a domain you control and the date you first publish, like "
            "USER.github.io,2026-11-29. It becomes part of every feed item's id, so it must "
            "never change after the first release"
        )
    if problems:
        raise CryfeedError(
            "\n".join(problems) + "\na release build needs the real site address "
            '(see "Publishing" in the README)'
        )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError):
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("songs"), list):
        raise CryfeedError(
            f"{path} is not a cryfeed publication; restore it with git (git checkout -- {path})"
        )
    return document


def _published(feeds_dir: Path) -> dict[str, Any] | None:
    """The last publication's catalog index, every song in one `songs` list (the version 3
    pages read in, so a version 3 index looks like a version 2 catalog.json here), or None
    before the first publication."""
    path = feeds_dir / urls.CATALOG_FILE
    try:
        document = _read_json(path)
    except FileNotFoundError:
        return None
    pages = document.get("pages")
    if isinstance(pages, list):  # version 3: older songs in full pages, oldest first
        songs = [song for number in range(len(pages), 0, -1) for song in _page(feeds_dir, number)]
        document = {**document, "songs": [*document["songs"], *songs]}
    return document


def _page(feeds_dir: Path, number: int) -> list[Any]:
    path = feeds_dir / urls.catalog_page_file(number)
    try:
        songs: list[Any] = _read_json(path)["songs"]
    except FileNotFoundError:
        raise CryfeedError(
            f"{path} is missing from the last publication; restore it with git "
            f"(git checkout -- {path})"
        ) from None
    return songs


def _old_tag_uri(published: dict[str, Any], old: dict[str, Any]) -> str | None:
    """The song's published item id: version 2 kept it per song, version 3 keeps the tag
    authority once, in the index's site."""
    if "feed_id" in old:
        return str(old["feed_id"])
    site = published.get("site")
    authority = site.get("tag_authority") if isinstance(site, dict) else None
    return f"tag:{authority}:song:{old['id']}" if isinstance(authority, str) else None


def publication_problems(
    catalog: Catalog, published: dict[str, Any], moved: bool = False
) -> list[tuple[tuple[str | int, ...], str]]:
    """What would break for subscribers, as (JSON path in songs.json, message) pairs."""
    site = catalog.site
    old_site = published.get("site")
    old_url = str(old_site.get("url", "")) if isinstance(old_site, dict) else ""
    # Nothing was really published under a placeholder address: it may change freely once.
    if is_placeholder(urlsplit(old_url).hostname or ""):
        return []
    found: list[tuple[tuple[str | int, ...], str]] = []
    if old_url and old_url != site.url and not moved:
        found.append(
            (
                ("site", "url"),
                f"was {old_url} in the last publication; every page address would change. "
                "If the site really moved, keep a redirect at the old address and build with "
                "--moved; otherwise set it back",
            )
        )
    position = {song.id: index for index, song in enumerate(catalog.songs)}
    removed = {tombstone.id for tombstone in catalog.removed}
    for old in published["songs"]:
        if not isinstance(old, dict) or not isinstance(old.get("id"), str):
            continue
        song_id = old["id"]
        if song_id not in position:
            if song_id not in removed:
                found.append(
                    (
                        ("songs",),
                        f'"{song_id}" was published and is gone; put it back, or remove it for '
                        f'good with: cryfeed remove {song_id} --reason "…"',
                    )
                )
            continue
        index = position[song_id]
        song = catalog.songs[index]
        old_id = _old_tag_uri(published, old)
        if old_id not in (None, urls.tag_uri(site, song_id)):
            found.append(
                (
                    ("site", "tag_authority"),
                    f"every feed item id would change ({old_id} becomes "
                    f"{urls.tag_uri(site, song_id)}): subscribers would see every song again; "
                    "set the tag authority back",
                )
            )
            break  # one message says it for every song
        try:
            old_added = datetime.fromisoformat(str(old.get("added")))
        except ValueError:
            continue
        if old_added != song.added:
            found.append(
                (
                    ("songs", index, "added"),
                    f"was {old['added']} when published; an added date never moves (readers "
                    f'would see the song as new again); set it back to "{old["added"]}"',
                )
            )
    return found


def check_publication(
    catalog: Catalog, catalog_path: Path | str, feeds_dir: Path | str, moved: bool = False
) -> None:
    """Refuse a catalog that breaks the last publication in feeds_dir (see the module)."""
    published = _published(Path(feeds_dir))
    if published is None:
        return
    found = publication_problems(catalog, published, moved)
    if found:
        raise located_problems(catalog_path, found)
