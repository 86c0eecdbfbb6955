"""Open Graph and Twitter card tags of the rendered pages (songs, artists, feed previews).

sphinxext-opengraph writes them for the pages Sphinx reads (MyST), from each page's
doctree; the rendered pages have none, so they get the same tags here, from what their
renderer knew: the title and a description (a song's is its curator's note). The site's
address, name, page type and extra tags come from sphinxext-opengraph's settings
(ogp_site_url, ogp_site_name, ogp_type, ogp_custom_meta_tags), so both kinds of page say
the same. Every value is escaped for its attribute.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urljoin

from cryfeed import urls
from cryfeed.book.rendered import RenderedPage
from cryfeed.text import url


def meta(attribute: str, name: str, content: str) -> str:
    """One <meta> element; content is plain text."""
    return f'<meta {attribute}="{name}" content="{html.escape(content)}" />'


def page_tags(config: Any, docname: str, page: RenderedPage) -> str:
    """The page's <meta> elements, in the order sphinxext-opengraph writes them."""
    site_url = getattr(config, "ogp_site_url", "") or config.html_baseurl
    site_name = getattr(config, "ogp_site_name", None) or config.html_title or config.project
    tags = [
        meta("property", "og:title", page.title),
        meta("property", "og:type", getattr(config, "ogp_type", "website")),
        meta("property", "og:url", urljoin(site_url, url(urls.page(docname)))),
        meta("property", "og:site_name", site_name),
    ]
    if page.description:
        tags.append(meta("property", "og:description", page.description))
        tags.append(meta("name", "description", page.description))
    tags += list(getattr(config, "ogp_custom_meta_tags", ()))
    return "\n".join(tags) + "\n"
