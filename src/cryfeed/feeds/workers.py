"""The static JSON API rendered by a forked worker while this process renders the feeds.

Why: at 10,000 songs the JSON API (the index, its pages and one document per song) is about
a third of the feeds' rendering, and depends only on the catalog; the machine has two cores.
A forked worker shares the catalog without pickling it; only the rendered files come back,
and this process still hands every file to the one writer, after everything has rendered
(nothing is written if either half fails). The bytes are the same as rendered in one process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from cryfeed.errors import CryfeedError
from cryfeed.feeds.json_feeds import render_catalog_json
from cryfeed.models import Catalog, Song

# Below this many songs a second process costs more (fork, start, the pipe) than it saves.
PARALLEL_FROM = 1_000
# Files the worker sends at a time (10,000 songs: about 58 MB in 10,100 files).
CHUNK = 500


def _worker(catalog: Catalog, newest: Sequence[Song], out: Connection) -> None:
    """Render the JSON API, then send it in chunks; an error is sent as its text."""
    try:
        files = list(render_catalog_json(catalog, newest).items())
        for start in range(0, len(files), CHUNK):
            out.send(files[start : start + CHUNK])
        out.send(None)
    except BaseException as error:  # reported by the parent, which raises it
        out.send(f"{type(error).__name__}: {error}")
    finally:
        out.close()


def _parallel() -> bool:
    # As cryfeed.book.workers decides: fork only where it is safe with the libraries loaded
    # (macOS frameworks are not), with a second core, and not from a daemonic process.
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
            f"the JSON API worker stopped (exit code {worker.exitcode}) before sending its files"
        ) from None


@contextlib.contextmanager
def json_api(catalog: Catalog, newest: Sequence[Song]) -> Iterator[Callable[[], dict[str, bytes]]]:
    """A function that returns the JSON API's files (render_catalog_json): rendered by a
    forked worker from the start of the block when the catalog is large, else when called."""
    if len(newest) < PARALLEL_FROM or not _parallel():
        yield lambda: render_catalog_json(catalog, newest)
        return
    # Frozen, the catalog's objects are left alone by the worker's garbage collector, which
    # would otherwise write to each of them and so copy every memory page they are on.
    # The caller may have frozen the catalog already (build._load): then leave it frozen.
    thawed = gc.get_freeze_count() == 0
    gc.freeze()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(catalog, newest, send), daemon=True)

    def collect() -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        while (chunk := _receive(receive, worker)) is not None:
            if isinstance(chunk, str):
                raise CryfeedError(f"the JSON API worker failed: {chunk}")
            files.update(chunk)
        return files

    try:
        worker.start()
        send.close()
        yield collect
    finally:
        if thawed:
            gc.unfreeze()
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()
