"""Sphinx extension: pages rendered by cryfeed, feed autodiscovery, checked page links.

Load it with `extensions = [..., "cryfeed.sphinxext"]` (book/_config.yml does). setup()
only connects handlers; they live in the modules below.

  state.py           what one build keeps, on the Sphinx app
  rendered_pages.py  song and artist pages from cryfeed.book: layout, search, staleness
  links.py           links between book pages, checked; glossary term anchors
  autodiscovery.py   feed <link>s on every page and the site's index.html
  compat.py          every version-specific workaround, with the versions it was checked on
  templates/         sbt-sidebar-nav.html (the shared sidebar), before the theme's own
  practice.py        the flashcard script on the pages using it; Anki files at stable addresses
  static/            cryfeed.js (the sidebar button fix), cryfeed.css (phone tables),
                     practice.js and practice.css (flashcards)
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cryfeed.sphinxext import autodiscovery, compat, links, practice, rendered_pages, state


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", compat.add_templates)
    app.connect("builder-inited", compat.trust_multitoc_numbering)
    app.connect("builder-inited", compat.add_static)
    app.add_js_file("cryfeed.js", defer="defer")
    app.add_css_file("cryfeed.css")
    app.connect("builder-inited", state.start)
    # Before sphinx-external-toc's ensure_index_file (default priority 500).
    app.connect("build-finished", autodiscovery.write_root_page, priority=400)
    app.connect("html-page-context", compat.share_orphan_sidebar)
    app.connect("doctree-read", links.check_page_links)
    app.connect("doctree-read", links.anchor_glossary_terms)
    app.connect("html-collect-pages", rendered_pages.collect_pages)
    app.connect("env-updated", rendered_pages.write_stale_pages)
    # Runs after a page's references are resolved, before the page is indexed.
    app.connect("doctree-resolved", compat.remember_stems)
    app.connect("html-page-context", autodiscovery.add_feed_links)
    app.connect("html-page-context", practice.add_practice_script)
    app.connect("build-finished", practice.copy_downloads)
    # After sphinx-book-theme's own handler (default priority 500) has set the titles.
    app.connect("html-page-context", compat.escape_theme_titles, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
