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
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from cryfeed import urls
from cryfeed.book.index import BookIndex
from cryfeed.book.rendered import page_source
from cryfeed.book.song_pages import render_song
from cryfeed.errors import CryfeedError

# Below this many songs a second process costs more (fork, start, pickling) than it saves.
PARALLEL_FROM = 400
# Songs the worker sends back at a time, once this process has rendered its own half:
# a pipe holds little, so the worker waits on its first send, and nothing interrupts this
# process while it renders (a pool's result thread did, for 30% of the wall time).
CHUNK = 100


def _render(index: BookIndex, start: int, stop: int) -> list[tuple[str, bytes]]:
    songs = index.oldest_first[start:stop]
    return [(page_source(urls.song_doc(song.id)), render_song(song, index)) for song in songs]


def _worker(index: BookIndex, start: int, stop: int, out: Connection) -> None:
    """Render songs start..stop, then send them in chunks; an error is sent as its text."""
    try:
        pages = _render(index, start, stop)
        while pages:
            out.send(pages[:CHUNK])
            del pages[:CHUNK]  # sent: no longer held here
        out.send(None)
    except BaseException as error:  # reported by the parent, which raises it
        out.send(f"{type(error).__name__}: {error}")
    finally:
        out.close()


def _parallel() -> bool:
    # Fork only where it is safe with the libraries loaded (macOS frameworks are not), and
    # not from a pool's worker (daemonic processes may not have children).
    return (
        sys.platform == "linux"
        and len(os.sched_getaffinity(0)) > 1
        and not multiprocessing.current_process().daemon
    )


def _receive(receive: Connection, worker: BaseProcess) -> Any:
    """The worker's next chunk; a worker that died (killed, out of memory) is a clear error."""
    try:
        return receive.recv()
    except (EOFError, OSError):
        worker.join()
        raise CryfeedError(
            f"the song-page worker stopped (exit code {worker.exitcode}) before sending its pages"
        ) from None


def render_song_pages(index: BookIndex) -> Iterator[tuple[str, bytes]]:
    """(source path, page) of every song, oldest first."""
    count = len(index.oldest_first)
    if count < PARALLEL_FROM or not _parallel():
        yield from _render(index, 0, count)
        return
    half = count // 2
    # The first page before the fork: what a page loads once (sphinx-design's icons, the
    # engine's tables) is then loaded once for both processes, not again in the worker.
    first = _render(index, 0, 1)
    # Frozen, the catalog's objects are left alone by the worker's garbage collector, which
    # would otherwise write to each of them and so copy every memory page they are on.
    # The caller may have frozen the catalog already (build._load): then leave it frozen.
    thawed = gc.get_freeze_count() == 0
    gc.freeze()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(index, half, count, send), daemon=True)
    try:
        worker.start()
        send.close()
        yield from first
        yield from _render(index, 1, half)
        while (chunk := _receive(receive, worker)) is not None:
            if isinstance(chunk, str):
                raise CryfeedError(f"the song-page worker failed: {chunk}")
            yield from chunk
    finally:
        if thawed:
            gc.unfreeze()
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()
