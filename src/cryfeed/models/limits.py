"""The limits, patterns and character classes of songs.json's fields (no pydantic: see why)."""

# Why apart from fields.py: the rules that span songs (rules.py) need some of them, and
# validate's cache runs those rules without loading pydantic (issue 17: start-up).

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RELEASED_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
# RFC 3339 with an explicit offset, or a bare date that means midnight in site.timezone.
ADDED_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}))?$"
)
# An IANA name is ASCII words joined by "/"; checked before the tz database is opened, so a
# long or odd name never reaches the file system (ZoneInfo("Asia") opens a folder).
TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$"
BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Limits, each with its reason (the README's maintainer guide lists them too).
MAX_QUOTED_LINES = 4  # quotation policy
MAX_QUOTED_CHARS = 80  # quotation policy
MAX_SLUG = 80  # ids name files and URLs; 80 keeps them readable
# A title, name, gloss or question is one line in a feed reader or one table cell; the
# longest in the shipped catalog has 73 characters.
MAX_LINE = 200
# A note, description, explanation or answer is a paragraph or two (about 600 words), and
# every note goes into every feed item. The longest shipped one has 332 characters.
MAX_PARAGRAPH = 4000
# The longest address that browsers, crawlers and feed readers all handle (sitemaps: 2,048).
MAX_URL = 2000
MAX_LANGUAGE = 35  # BCP 47 asks software to handle tags of at least 35 characters
MAX_TAG_AUTHORITY = 255  # a domain name (at most 253 characters) and a date
MAX_TIMEZONE = 64  # the longest IANA name has 32 characters
# Every collection has its own feed, page and OPML entry; past 100 they stop being a guide.
MAX_COLLECTIONS = 100
# Twice the 10,000 songs that the builds are measured with (benchmarks/).
MAX_SONGS = 20_000
MAX_SONG_GROUPS = 10  # collections or moods of one song: in more, it is in none in particular
MAX_SONG_URLS = 20  # links or sources of one song
MAX_BREAKDOWN = 30  # morphemes of one title
MAX_VOCABULARY = 50  # words studied on one song page
MAX_STUDY_ITEMS = 20  # grammar points or self-check questions on one song page
MAX_EXAMPLES = 10  # example sentences of one grammar point
FEED_LIMIT_RANGE = (1, 1000)  # items per feed: at least one; past 1,000 readers time out

# Control characters hide in copied text and break feeds (XML 1.0 forbids most of them).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Lone surrogates (from "\ud800" escapes) and U+FFFE/U+FFFF: XML cannot carry them at all.
_UNENCODABLE = "\ud800-\udfff\ufffe\uffff"
# Bidirectional controls reorder what a reader sees around them ("Trojan Source",
# CVE-2021-42574): refused everywhere, notes included.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters: the other format characters (Unicode category Cf) and
# default-ignorable code points (Hangul fillers, tags), as of Unicode 14;
# tests/test_limits.py checks the list against unicodedata. They make one title look like
# another while comparing different, so one-line fields refuse them all.
_INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b\u2060-\u2064\u206a-\u206f\u3164\ufeff\ufff9-\ufffb\uffa0"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e001f\U000e0080-\U000e00ff\U000e01f0-\U000e0fff"
)
# What emoji sequences and some scripts genuinely need (ZWNJ, ZWJ, variation selectors,
# emoji tag characters): kept in notes, refused in one-line fields.
_JOINERS = "\u200c\u200d\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef"
# In a message, whatever a reader could not see or tell apart from a plain space is escaped.
_SHOWN_ESCAPED = re.compile(
    f"[{_CONTROL}\t\n\u2028\u2029{_UNENCODABLE}{_BIDI}{_INVISIBLE}{_JOINERS}"
    "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
MAX_SHOWN = 60


def quoted(value: str) -> str:
    """A value quoted for a message: invisible characters escaped, long text shortened."""
    if len(value) > MAX_SHOWN:
        value = value[: MAX_SHOWN - 1] + "…"
    if not (value.isascii() and value.isprintable()):
        value = _SHOWN_ESCAPED.sub(lambda m: ascii(m.group())[1:-1], value)
    return f'"{value}"'


def timezone(name: str) -> ZoneInfo | None:
    """The IANA time zone called `name`, or None if there is none."""
    if len(name) > MAX_TIMEZONE or not re.fullmatch(TIMEZONE_PATTERN, name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
