"""The study chapters: hand-written prose around lists generated from the catalog, so each
chapter grows with it. One module a chapter; each list is one HTML block (see
cryfeed.book.index_pages), so a thousand songs cost Sphinx no more than a short page.

  reading.py   Reading Hangul: letters, syllable blocks, romanization, the catalog's titles
  sounds.py    Sound changes you will hear: one section per rule, every word it changes
  levels.py    Speech levels in songs: titles and example sentences by level
  grammar.py   The grammar of longing: patterns by what they do (the old grammar index)
  vocabulary.py  Words of sorrow: words by theme, with how many songs use each
"""

from __future__ import annotations

from cryfeed import urls
from cryfeed.book.chapters import grammar, levels, reading, sounds, vocabulary
from cryfeed.book.index import BookIndex

# The Study part of the sidebar, in reading order (the glossary follows them).
CHAPTERS = (
    urls.READING_DOC,
    urls.SOUNDS_DOC,
    urls.LEVELS_DOC,
    urls.GRAMMAR_DOC,
    urls.WORDS_DOC,
)


def render_chapters(index: BookIndex) -> dict[str, bytes]:
    """The five chapters' MyST sources, by path relative to the book folder."""
    return {
        urls.READING_DOC + ".md": reading.render(index),
        urls.SOUNDS_DOC + ".md": sounds.render(index),
        urls.LEVELS_DOC + ".md": levels.render(index),
        urls.GRAMMAR_DOC + ".md": grammar.render(index),
        urls.WORDS_DOC + ".md": vocabulary.render(index),
    }
