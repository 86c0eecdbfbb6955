"""Sphinx extension: pages rendered by cryfeed, feed autodiscovery, checked page links,
and what gets the book found and shared (sitemap, robots.txt, link previews, 404 page).

Load it with `extensions = [..., "cryfeed.sphinxext"]` (book/_config.yml does). setup()
only connects handlers; they live in the modules below.

  state.py           what one build keeps, on the Sphinx app
  rendered_pages.py  song and artist pages from cryfeed.book: layout, search, staleness
  shells.py          their layout: the theme's page once per kind of page, filled per page
  links.py           links between book pages, checked; glossary index entries
  korean.py          Korean text on MyST pages marked lang="ko"
  autodiscovery.py   feed <link>s on every page and the site's index.html
  sitemap.py         sitemap.xml and robots.txt
  social.py          Open Graph and Twitter card tags of the rendered pages
  not_found.py       the 404 page's article (sphinx-notfound-page lays it out)
  compat.py          every version-specific workaround, with the versions it was checked on
  templates/         sbt-sidebar-nav.html (the shared sidebar), before the theme's own
  practice.py        the flashcard script on the pages using it; Anki files at stable addresses
  static/            cryfeed.js (the sidebar button fix, lang="ko" in search results),
                     copy-address.js (feed previews), words.css (phone tables, ruby),
                     practice.js and practice.css (flashcards)
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cryfeed.book.myst import GLOSSARY_INDEX_DIRECTIVE
from cryfeed.sphinxext import (
    autodiscovery,
    compat,
    korean,
    links,
    not_found,
    practice,
    rendered_pages,
    sitemap,
    state,
)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", compat.add_templates)
    app.connect("builder-inited", compat.trust_multitoc_numbering)
    app.connect("builder-inited", compat.add_static)
    app.add_js_file("cryfeed.js", defer="defer")
    app.add_css_file("words.css")
    app.add_transform(korean.MarkKorean)
    app.connect("builder-inited", state.start)
    app.connect("builder-inited", compat.keep_search_index)
    app.connect("builder-inited", compat.write_in_one_more_process)
    app.connect("env-get-updated", rendered_pages.rewrite_on_sidebar_change)
    app.connect("env-get-outdated", rendered_pages.delete_removed_pages)
    app.connect("builder-inited", not_found.configure)
    # Before sphinx-external-toc's ensure_index_file (default priority 500).
    app.connect("build-finished", autodiscovery.write_root_page, priority=400)
    app.connect("build-finished", sitemap.write_sitemap)
    app.connect("html-page-context", compat.share_orphan_sidebar)
    compat.share_template_checks()
    compat.index_raw_html_as_text()
    compat.share_titles_only_entries()
    app.connect("doctree-read", links.check_page_links)
    app.add_directive(GLOSSARY_INDEX_DIRECTIVE, links.GlossaryIndex)
    app.connect("html-collect-pages", rendered_pages.collect_pages)
    app.connect("env-updated", rendered_pages.write_stale_pages)
    # Runs after a page's references are resolved, before the page is indexed.
    app.connect("doctree-resolved", compat.remember_stems)
    # After sphinx-notfound-page's handler (priority 400), whose pathto makes the 404
    # page's feed links absolute.
    app.connect("html-page-context", autodiscovery.add_feed_links)
    app.connect("html-page-context", rendered_pages.add_page_scripts)
    app.connect("html-page-context", compat.absolute_content_root)
    # After sphinxext-opengraph's handler (default priority 500) has written its tags.
    app.connect("html-page-context", compat.escape_opengraph_title, priority=600)
    app.connect("html-page-context", practice.add_practice_script)
    app.connect("build-finished", practice.copy_downloads)
    # After sphinx-book-theme's own handler (default priority 500) has set the titles.
    app.connect("html-page-context", compat.escape_theme_titles, priority=900)
    return {"version": "3", "parallel_read_safe": True, "parallel_write_safe": True}
