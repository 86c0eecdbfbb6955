"""WebSub: tell the site's hub that the feeds changed, so readers are pushed new songs."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlencode

from cryfeed import urls
from cryfeed.errors import CryfeedError
from cryfeed.models import Catalog


def topics(catalog: Catalog) -> list[str]:
    """The feeds that name the hub (the subscription feeds, not their archive pages)."""
    site = catalog.site
    names = [urls.RSS_FILE, urls.ATOM_FILE, urls.JSON_FEED_FILE]
    for collection in catalog.collections:
        names += [urls.collection_rss(collection.id), urls.collection_json_feed(collection.id)]
    return [urls.feed_url(site, name) for name in names]


def ping(catalog: Catalog, timeout: float = 10.0) -> list[str]:
    """POST hub.mode=publish for every feed to site.websub_hub; the feeds it was told about.

    The urllib of the standard library is enough for one form POST per feed; a failure is a
    CryfeedError saying which feed and what the hub answered.
    """
    hub = catalog.site.websub_hub
    if hub is None:
        raise CryfeedError(
            "site.websub_hub is not set in the catalog; set it to your hub's address to "
            "announce new songs (for example a hub you run, or a public WebSub hub)"
        )
    told = []
    for topic in topics(catalog):
        body = urlencode({"hub.mode": "publish", "hub.url": topic}).encode("ascii")
        request = urllib.request.Request(
            hub,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CryfeedError(f"cannot reach the hub {hub}: {reason}") from None
        if not 200 <= status < 300:
            raise CryfeedError(f"the hub {hub} answered {status} for {topic}; nothing else sent")
        told.append(topic)
    return told
