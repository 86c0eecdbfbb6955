"""Where everything lives, once: feed files and their MIME types, book documents and pages,
absolute URLs and permanent feed ids."""

from __future__ import annotations

from urllib.parse import quote_plus

from cryfeed.models import Site

# ---------------------------------------------------------------- feeds (under feeds/)

FEEDS_FOLDER = "feeds"
RSS_FILE = "rss.xml"
ATOM_FILE = "atom.xml"
JSON_FEED_FILE = "feed.json"
OPML_FILE = "feeds.opml"
CATALOG_FILE = "catalog.json"  # the index of the static JSON API
# One JSON document per song, and the index's full pages (fixed once full, like the archives).
SONGS_JSON_FOLDER = "songs"
CATALOG_PAGES_FOLDER = "catalog"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"


def collection_rss(collection_id: str) -> str:
    """A collection's RSS feed, relative to feeds/."""
    return f"collections/{collection_id}.xml"


def collection_json_feed(collection_id: str) -> str:
    """A collection's JSON Feed, relative to feeds/."""
    return f"collections/{collection_id}.json"


def archive_file(feed_file: str, number: int) -> str:
    """Page `number` of a feed's RFC 5005 archive, relative to feeds/.

    rss.xml -> archive/rss/1.xml; collections/ballads.json -> archive/collections/ballads/1.json:
    one folder per feed, so no feed's pages can collide with another feed's file.
    """
    stem, dot, extension = feed_file.rpartition(".")
    return f"archive/{stem}/{number}{dot}{extension}"


def song_json_file(song_id: str) -> str:
    """A song's document in the static JSON API, relative to feeds/."""
    return f"{SONGS_JSON_FOLDER}/{song_id}.json"


def catalog_page_file(number: int) -> str:
    """Page `number` of the catalog index (catalog.json), relative to feeds/."""
    return f"{CATALOG_PAGES_FOLDER}/{number}.json"


def is_feed_file(relative: str) -> bool:
    """True for a path under feeds/ that the feed renderer makes (and so may delete)."""
    if relative in (RSS_FILE, ATOM_FILE, JSON_FEED_FILE, OPML_FILE, CATALOG_FILE):
        return True
    folder = relative.partition("/")[0]
    if folder in (SONGS_JSON_FOLDER, CATALOG_PAGES_FOLDER):
        return relative.endswith(".json")
    return folder in ("collections", "archive") and relative.endswith((".xml", ".json"))


# ---------------------------------------------------------------- book documents
# (Constants shaped like the feed names above; they name other things.)
# A document name is a page's path in the book without suffix: songs/<id> is written
# by cryfeed.book as songs/<id>.json or .md and published as songs/<id>.html.

NEWEST_DOC = "generated/newest"
A_TO_Z_DOC = "generated/a-z"
COLLECTIONS_DOC = "generated/collections"
MOODS_DOC = "generated/moods"
ARTISTS_DOC = "generated/artists"
GLOSSARY_DOC = "generated/glossary"
# The grammar of longing (the study chapter that replaced the bare grammar index keeps its
# address, so links to a pattern's section still work) and the other study chapters.
GRAMMAR_DOC = "generated/grammar"
READING_DOC = "generated/reading-hangul"
SOUNDS_DOC = "generated/sound-changes"
LEVELS_DOC = "generated/speech-levels"
WORDS_DOC = "generated/words-of-sorrow"
VOCABULARY_FILE = "generated/vocabulary.tsv"
ANKI_FILE = "generated/vocabulary.apkg"
# Every word once, for the review page's flashcards (static/practice.js reads it).
WORDS_FILE = "generated/words.json"
REVIEW_DOC = "generated/review"
# Files the book links to by these very addresses (not Sphinx's hashed _downloads/ paths),
# so an Anki user or a script can fetch the newest one from the same URL every time.
STABLE_DOWNLOADS = (VOCABULARY_FILE, ANKI_FILE, WORDS_FILE)


def song_doc(song_id: str) -> str:
    return f"songs/{song_id}"


def collection_doc(collection_id: str) -> str:
    return f"collections/{collection_id}"


def mood_doc(mood: str) -> str:
    return f"moods/{mood}"


def artist_doc(slug: str) -> str:
    return f"artists/{slug}"


def glossary_page_doc(name: str) -> str:
    """One page of the glossary, like glossary_page_doc("giyeok")."""
    return f"{GLOSSARY_DOC}/{name}"


# The feeds' preview pages (cryfeed.book.feed_previews): one per subscription feed file.
FEED_PREVIEW_FOLDER = "subscribe"
_SITE_FEED_PREVIEWS = {RSS_FILE: "rss", ATOM_FILE: "atom", JSON_FEED_FILE: "json"}
_COLLECTION_FEED_PREVIEWS = {".xml": "rss", ".json": "json"}


def feed_preview_doc(feed_file: str) -> str:
    """The book page previewing a feed file (relative to feeds/): rss.xml ->
    subscribe/rss, collections/<id>.xml -> subscribe/<id>-rss, collections/<id>.json ->
    subscribe/<id>-json. No two feeds share one: a collection's name always ends with a
    dash and its format, which the site feeds' names never hold."""
    if feed_file in _SITE_FEED_PREVIEWS:
        return f"{FEED_PREVIEW_FOLDER}/{_SITE_FEED_PREVIEWS[feed_file]}"
    collection, dot, suffix = feed_file.removeprefix("collections/").rpartition(".")
    return f"{FEED_PREVIEW_FOLDER}/{collection}-{_COLLECTION_FEED_PREVIEWS[dot + suffix]}"


def page(docname: str) -> str:
    """The published page of a document, relative to the site root."""
    return docname + ".html"


def song_page(song_id: str) -> str:
    """The book page of a song, relative to the site root."""
    return page(song_doc(song_id))


def collection_page(collection_id: str) -> str:
    return page(collection_doc(collection_id))


# Written beside the pages for search engines (cryfeed.sphinxext.sitemap).
SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"


# ---------------------------------------------------------------- absolute URLs and ids


def absolute(site: Site, relative: str) -> str:
    """An absolute URL under site.url (which always ends with /)."""
    return site.url + relative


def song_url(site: Site, song_id: str) -> str:
    return absolute(site, song_page(song_id))


def collection_url(site: Site, collection_id: str) -> str:
    return absolute(site, collection_page(collection_id))


def feed_url(site: Site, name: str) -> str:
    """URL of a file under feeds/, like feed_url(site, RSS_FILE)."""
    return absolute(site, f"{FEEDS_FOLDER}/{name}")


def tag_uri(site: Site, song_id: str) -> str:
    """RFC 4151 tag URI: independent of site.url, so moving the site re-announces nothing."""
    return f"tag:{site.tag_authority}:song:{song_id}"


def collection_tag_uri(site: Site, collection_id: str) -> str:
    return f"tag:{site.tag_authority}:collection:{collection_id}"


def feed_tag_uri(site: Site) -> str:
    return f"tag:{site.tag_authority}:feed"


# ---------------------------------------------------------------- where to listen
# Searches, not guessed addresses: a video id is linked only when a cited page gives it.
# Each service's public search address, with the query URL-encoded.
SEARCHES = (
    ("YouTube", "https://www.youtube.com/results?search_query={}"),
    ("Spotify", "https://open.spotify.com/search/{}"),
    ("Apple Music", "https://music.apple.com/search?term={}"),
)
KOREAN_SEARCHES = (("Melon", "https://www.melon.com/search/total/index.htm?q={}"),)


def listen_searches(
    title: str, artist: str, title_ko: str | None, artist_ko: str | None
) -> list[tuple[str, str, str]]:
    """(service, query, address) of each search for a song: in Hangul where known, in English."""
    queries = [f"{artist} {title}"]
    if title_ko:
        korean = f"{artist_ko or artist} {title_ko}"
        if korean != queries[0]:
            queries.insert(0, korean)
    found = []
    for query in queries:
        services = SEARCHES + (KOREAN_SEARCHES if query != queries[-1] else ())
        for service, pattern in services:
            found.append((service, query, pattern.format(quote_plus(query))))
    return found
