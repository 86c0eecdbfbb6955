"""The book: sources for Jupyter Book from the catalog, rendered by the modules below.

A pure renderer: `render_book(catalog)` returns {path relative to book/: bytes}. Song,
mood, artist and feed preview pages are orphans reached from the index pages, so the
sidebar (which every page renders) stays small however many songs there are. Song,
artist and feed preview pages are rendered to HTML here (see cryfeed.book.rendered); the
others are MyST for Sphinx.

  index.py          what every page shares: orders, groups, related songs, glossary words, names
  song_pages.py     song and artist pages (HTML)
  index_pages.py    newest, A-Z, collections, moods, artists (MyST around HTML lists)
  chapters/         the five study chapters (MyST around generated HTML lists)
  pronunciation.py  the pronunciation and its footnotes on song pages
  guide.py          a song page's links to the chapter sections that apply to it
  glossary.py       the glossary pages (MyST around one HTML <dl> a page)
  practice.py       the words learners practise (cards, guids, the review page's word list)
  anki.py           vocabulary.tsv with Anki's headers and the .apkg deck
  practice_pages.py the review page and the flashcard blocks (static/practice.js runs them)
  feed_previews.py  a page previewing each feed (HTML); the Subscribe page's feed lists (MyST)
  toc.py            _toc.yml
  html.py           HTML builders (the shapes Sphinx, sphinx-design and the theme write)
  myst.py           MyST escaping and builders
  rendered.py       the rendered-page file format read by cryfeed.sphinxext
  workers.py        song pages rendered in two processes (large catalogs)
  memo.py           song and artist pages of the last build, reused when their inputs are the same
"""

from __future__ import annotations

from cryfeed import urls
from cryfeed.book import anki, glossary, index_pages, practice, practice_pages
from cryfeed.book.chapters import render_chapters
from cryfeed.book.feed_previews import render_feed_previews
from cryfeed.book.index import BookIndex, glossary_doc
from cryfeed.book.memo import PageMemo
from cryfeed.book.rendered import page_source
from cryfeed.book.song_pages import render_artist, render_removed
from cryfeed.book.toc import TOC_FILE, render_toc
from cryfeed.book.workers import render_song_pages
from cryfeed.models import Catalog

# Folders the renderer owns: everything under them is generated (and gitignored).
GENERATED_FOLDERS = (
    "songs",
    "collections",
    "moods",
    "artists",
    "generated",
    urls.FEED_PREVIEW_FOLDER,
)


def render_book(catalog: Catalog, memo: PageMemo | None = None) -> dict[str, bytes]:
    """Every generated book source, by path relative to the book folder. memo: the song
    and artist pages of the last build, reused where their inputs are the same (the
    same bytes as rendering them, see cryfeed.book.memo); this build's are added to it."""
    index = BookIndex.build(catalog)
    files: dict[str, bytes] = {TOC_FILE: render_toc(index)}
    files.update(render_song_pages(index, memo))
    for removed in catalog.removed:
        files[page_source(urls.song_doc(removed.id))] = render_removed(removed, index)
    for collection in catalog.collections:
        source = urls.collection_doc(collection.id) + ".md"
        files[source] = index_pages.render_collection(collection, index)
    for mood, songs in index.by_mood.items():
        files[urls.mood_doc(mood) + ".md"] = index_pages.render_mood(mood, songs)
    for artist in index.artists.values():
        source = page_source(urls.artist_doc(artist.slug))
        if memo is None:
            files[source] = render_artist(artist)
            continue
        key = memo.key("artist", artist)
        found = memo.get(source, key)
        if found is None:
            found = render_artist(artist)
            memo.put(source, key, found)
        files[source] = found
    files[urls.NEWEST_DOC + ".md"] = index_pages.render_newest(index)
    files[urls.A_TO_Z_DOC + ".md"] = index_pages.render_a_to_z(index)
    files[urls.COLLECTIONS_DOC + ".md"] = index_pages.render_collections(index)
    files[urls.MOODS_DOC + ".md"] = index_pages.render_moods(index)
    files[urls.ARTISTS_DOC + ".md"] = index_pages.render_artists(index)
    files[urls.GLOSSARY_DOC + ".md"] = glossary.render_glossary(index)
    for initial, entries in index.glossary_groups.items():
        files[glossary_doc(initial) + ".md"] = glossary.render_glossary_page(initial, entries)
    files.update(render_chapters(index))
    cards = practice.build_cards(index)
    files[urls.VOCABULARY_FILE] = anki.render_vocabulary_tsv(cards)
    files[urls.ANKI_FILE] = anki.render_apkg(catalog, cards)
    files[urls.WORDS_FILE] = practice.render_words_json(cards)
    files[urls.REVIEW_DOC + ".md"] = practice_pages.render_review()
    files.update(render_feed_previews(catalog))
    return files


__all__ = ["GENERATED_FOLDERS", "TOC_FILE", "PageMemo", "render_book"]
