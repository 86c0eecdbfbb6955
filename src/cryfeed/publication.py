"""What a real publication needs: an address of its own and a tag authority that never changes."""

from __future__ import annotations

from urllib.parse import urlsplit

from cryfeed.errors import CryfeedError
from cryfeed.models import Site

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
