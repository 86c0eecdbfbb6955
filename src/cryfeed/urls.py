"""Where everything lives: page paths, absolute URLs and permanent feed ids, in one place."""

from __future__ import annotations

from cryfeed.models import Site

FEEDS_FOLDER = "feeds"


def song_page(song_id: str) -> str:
    """The book page of a song, relative to the site root."""
    return f"songs/{song_id}.html"


def collection_page(collection_id: str) -> str:
    return f"collections/{collection_id}.html"


def absolute(site: Site, relative: str) -> str:
    """An absolute URL under site.url (which always ends with /)."""
    return site.url + relative


def song_url(site: Site, song_id: str) -> str:
    return absolute(site, song_page(song_id))


def collection_url(site: Site, collection_id: str) -> str:
    return absolute(site, collection_page(collection_id))


def feed_url(site: Site, name: str) -> str:
    """URL of a file under feeds/, like feed_url(site, "rss.xml")."""
    return absolute(site, f"{FEEDS_FOLDER}/{name}")


def tag_uri(site: Site, song_id: str) -> str:
    """RFC 4151 tag URI: independent of site.url, so moving the site re-announces nothing."""
    return f"tag:{site.tag_authority}:song:{song_id}"


def collection_tag_uri(site: Site, collection_id: str) -> str:
    return f"tag:{site.tag_authority}:collection:{collection_id}"


def feed_tag_uri(site: Site) -> str:
    return f"tag:{site.tag_authority}:feed"
