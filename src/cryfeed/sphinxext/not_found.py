"""The 404 page: sphinx-notfound-page lays it out with absolute links (the theme's
assets, the sidebar, the search form), under notfound_urls_prefix, the path of the
site's address (cryfeed.build sets it from site.url); this module writes its article."""

from __future__ import annotations

from sphinx.application import Sphinx

from cryfeed import urls
from cryfeed.book import html
from cryfeed.book.html import Html

TITLE = "Page not found"


def render_body(prefix: str, root_doc: str) -> Html:
    """The article: what happened, and where to go. prefix is the site's path ("/" or
    "/REPO/"); every link is absolute, since the page is served at any missing address."""

    def link(text: str, docname: str) -> Html:
        return html.page_link(html.text(text), prefix + urls.page(docname))

    where = [
        link("The introduction", root_doc),
        link("Newest additions", urls.NEWEST_DOC),
        link("Every song from A to Z", urls.A_TO_Z_DOC),
        link("Search the book", "search"),
    ]
    body = Html(
        "<p>There is no page at this address: the link may be mistyped, or the page may "
        "have been removed. These pages lead to everything in the book:</p>\n"
        + html.bullets(where)
    )
    return html.section("page-not-found", TITLE, body, level=1)


def configure(app: Sphinx) -> None:
    """Give sphinx-notfound-page the page's title and article (builder-inited: the root
    page is known only once sphinx-external-toc has read _toc.yml)."""
    if "notfound.extension" not in app.extensions:
        return
    config = app.config
    prefix = config.notfound_urls_prefix or "/"
    config.notfound_context = {"title": TITLE, "body": render_body(prefix, config.root_doc)}
