"""RFC 5005 archived feeds: which songs each archive page holds, and the links between pages.

A subscription feed holds the newest `feed_limit` songs. Its history is cut, oldest first,
into pages of `feed_limit` songs; only complete pages are published, so a page's songs never
change once it exists (RFC 5005 section 4: archive documents SHOULD NOT change). The songs
after the last complete page are fewer than `feed_limit`, so the subscription feed always
holds them: the pages plus the subscription feed reconstruct every song. They may overlap
(the subscription feed also repeats the newest page's latest songs); readers reconcile
entries by id, and the ids are the songs' permanent tag URIs, so nothing is announced twice.

Changing `feed_limit` cuts the pages anew. Readers reconcile by id, so that re-announces
nothing either, but the page files change: keep `feed_limit` fixed once published.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from lxml import etree

HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"

T = TypeVar("T")


def pages(newest_first: Sequence[T], size: int) -> list[tuple[int, tuple[T, ...]]]:
    """Complete pages of `size` items, oldest page first, each page's items newest first."""
    oldest_first = list(reversed(newest_first))
    complete = len(oldest_first) // size
    return [
        (number + 1, tuple(reversed(oldest_first[number * size : (number + 1) * size])))
        for number in range(complete)
    ]


def page_count(total: int, size: int) -> int:
    """How many complete pages `total` items make."""
    return total // size


class HistoryExtension:
    """A feedgen extension: RFC 5005 links (and the fh:archive marker) in RSS and Atom.

    feedgen writes only rel="self" as an atom:link in RSS and has no fh:archive element,
    so both are added to the XML tree it builds, the way its own extensions do.
    """

    def __init__(self) -> None:
        self.links: list[tuple[str, str]] = []
        self.archive = False

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NAMESPACE} if self.archive else {}

    def _extend(self, parent: etree._Element, link_tag: str) -> None:
        for rel, href in self.links:
            etree.SubElement(parent, link_tag, rel=rel, href=href)
        if self.archive:
            etree.SubElement(parent, f"{{{HISTORY_NAMESPACE}}}archive")

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        self._extend(feed[0], f"{{{ATOM_NAMESPACE}}}link")  # <rss><channel>: atom:link
        return feed

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        # feedgen writes the Atom namespace as a plain xmlns attribute, so its elements have
        # no namespace in lxml's eyes: a plain "link" serializes as an Atom link.
        self._extend(feed, "link")
        return feed


class HistoryEntryExtension:
    """feedgen loads an entry extension for each entry; the history links are feed-level."""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        return entry

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return entry
