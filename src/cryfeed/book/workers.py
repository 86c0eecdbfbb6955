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
from cryfeed.book.memo import PageMemo
from cryfeed.book.rendered import page_source
from cryfeed.book.song_pages import SongContext, render_song_page, song_context
from cryfeed.errors import CryfeedError
from cryfeed.models import Song

# A song to render: its source path, the song and its context.
Job = tuple[str, Song, SongContext]

# Below this many songs a second process costs more (fork, start, pickling) than it saves.
PARALLEL_FROM = 400
# Songs the worker sends back at a time, once this process has rendered its own half:
# a pipe holds little, so the worker waits on its first send, and nothing interrupts this
# process while it renders (a pool's result thread did, for 30% of the wall time).
CHUNK = 100


def _render(jobs: list[Job]) -> list[tuple[str, bytes]]:
    return [(source, render_song_page(song, context)) for source, song, context in jobs]


def _worker(jobs: list[Job], out: Connection) -> None:
    """Render the jobs, then send them in chunks; an error is sent as its text."""
    try:
        pages = _render(jobs)
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


def render_song_pages(
    index: BookIndex, memo: PageMemo | None = None
) -> Iterator[tuple[str, bytes]]:
    """(source path, page) of every song, oldest first; with a memo, a page whose inputs
    are those of the last build is reused (see cryfeed.book.memo)."""
    jobs: list[Job] = []
    reused: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    for song in index.oldest_first:
        source, context = page_source(urls.song_doc(song.id)), song_context(song, index)
        if memo is not None:
            key = keys[source] = memo.key("song", song, context)
            found = memo.get(source, key)
            if found is not None:
                reused[source] = found
                continue
        jobs.append((source, song, context))
    rendered = _render_jobs(jobs)
    if memo is None:
        yield from rendered
        return
    pages = dict(rendered)
    for source, data in pages.items():
        memo.put(source, keys[source], data)
    for song in index.oldest_first:
        source = page_source(urls.song_doc(song.id))
        yield source, reused[source] if source in reused else pages[source]


def _render_jobs(jobs: list[Job]) -> Iterator[tuple[str, bytes]]:
    """The jobs' pages in their order, the newer half rendered by a forked worker."""
    count = len(jobs)
    if count < PARALLEL_FROM or not _parallel():
        yield from _render(jobs)
        return
    half = count // 2
    # The first page before the fork: what a page loads once (sphinx-design's icons, the
    # engine's tables) is then loaded once for both processes, not again in the worker.
    first = _render(jobs[:1])
    # Frozen, the catalog's objects are left alone by the worker's garbage collector, which
    # would otherwise write to each of them and so copy every memory page they are on.
    # The caller may have frozen the catalog already (build._load): then leave it frozen.
    thawed = gc.get_freeze_count() == 0
    gc.freeze()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(jobs[half:], send), daemon=True)
    try:
        worker.start()
        send.close()
        yield from first
        yield from _render(jobs[1:half])
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
