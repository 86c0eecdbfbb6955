"""Song pages rendered in two processes: a forked worker takes the newer half while this
process renders the older one; the pages are the same bytes, in the same order.

Why: song pages are nearly all of the sources' work (10,000 songs: over 20 s of CPU), each
page depends only on the shared BookIndex, and the machine has two cores. A forked worker
shares the index without pickling it; only the rendered pages come back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator

from cryfeed import urls
from cryfeed.book.index import BookIndex
from cryfeed.book.rendered import page_source
from cryfeed.book.song_pages import render_song

# Below this many songs a second process costs more (fork, start, pickling) than it saves.
PARALLEL_FROM = 400
# Songs the worker sends back at a time. Large: while this process renders its half, each
# chunk arriving costs it the GIL to unpickle (measured, 10,000 songs on 2 cores: chunks of
# 100 took 31 s, one chunk 24 s, for 110 MB more at the peak).
CHUNK = 5_000

# The index the forked worker renders from (set before the fork, read only in the worker).
_shared: BookIndex | None = None


def _render(index: BookIndex, start: int, stop: int) -> list[tuple[str, bytes]]:
    songs = index.oldest_first[start:stop]
    return [(page_source(urls.song_doc(song.id)), render_song(song, index)) for song in songs]


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, bytes]]:
    assert _shared is not None
    return _render(_shared, *bounds)


def _parallel() -> bool:
    # Fork only where it is safe with the libraries loaded (macOS frameworks are not), and
    # not from a pool's worker (daemonic processes may not have children).
    return (
        sys.platform == "linux"
        and len(os.sched_getaffinity(0)) > 1
        and not multiprocessing.current_process().daemon
    )


def render_song_pages(index: BookIndex) -> Iterator[tuple[str, bytes]]:
    """(source path, page) of every song, oldest first."""
    count = len(index.oldest_first)
    if count < PARALLEL_FROM or not _parallel():
        yield from _render(index, 0, count)
        return
    global _shared
    _shared = index
    half = count // 2
    chunks = [(start, min(start + CHUNK, count)) for start in range(half, count, CHUNK)]
    # The first page before the fork: what a page loads once (sphinx-design's icons, the
    # engine's tables) is then loaded once for both processes, not again in the worker.
    first = _render(index, 0, 1)
    # Frozen, the catalog's objects are left alone by the worker's garbage collector, which
    # would otherwise write to each of them and so copy every memory page they are on.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            newer = pool.imap(_render_chunk, chunks)
            yield from first
            yield from _render(index, 1, half)
            for chunk in newer:
                yield from chunk
    finally:
        gc.unfreeze()
        _shared = None
