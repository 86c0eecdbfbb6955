"""Helpers of the end-to-end tests: finding programs (skip or fail) and a local HTTP server."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import pytest

REQUIRE_ENV = "CRYFEED_REQUIRE_E2E"
OUTPUT_ENV = "CRYFEED_E2E_OUTPUT"


def e2e_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def unavailable(message: str) -> NoReturn:
    """Skip, or fail when the end-to-end tests are required (CI)."""
    if e2e_required():
        pytest.fail(f"{message} ({REQUIRE_ENV}=1: the end-to-end tests must run)", pytrace=False)
    pytest.skip(message)


def find_program(name: str, setting: str) -> str:
    """The program's path: $setting if set, else `name` on PATH; skip/fail if missing."""
    configured = os.environ.get(setting)
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        unavailable(
            f"{name} not found: {setting}={configured} is not an executable file "
            f"(install the Debian package {name}, or unset {setting})"
        )
    found = shutil.which(name)
    if found is None:
        unavailable(f"{name} not found on PATH (install the Debian package {name})")
    return found


# ---------------------------------------------------------------- a local HTTP server

# What a plain static host sends (GitHub Pages, nginx's mime.types): generic XML and JSON.
CONTENT_TYPES = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".json": "application/json",
    ".opml": "text/x-opml",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".tsv": "text/tab-separated-values",
}


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder under a path (the site's own, like /cry/), and answers a missing
    page with the site's 404.html, as GitHub Pages does."""

    # typeshed declares extensions_map on instances; the standard library sets it on the class.
    extensions_map: ClassVar[dict[str, str]] = {  # type: ignore[misc]
        **SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }
    site_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.site_path):
            return os.path.join(self.directory, ".outside-the-site-path")  # no such file
        return super().translate_path("/" + path.removeprefix(self.site_path))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append((self.command, self.path, int(code)))  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the requests are recorded above


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that navigates away mid-download closes the connection: not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class Served:
    """A folder served on http://127.0.0.1:<port>/; `requests` is (method, path, status)."""

    root: Path
    url: str
    requests: list[tuple[str, str, int]] = field(default_factory=list)

    def errors(self) -> list[tuple[str, str, int]]:
        return [request for request in self.requests if request[2] >= 400]


@contextlib.contextmanager
def serve(root: Path, site_path: str = "/") -> Iterator[Served]:
    """Serve root on 127.0.0.1 (a free port) under site_path (starting and ending with /,
    like the path of the site's address) in a thread, for the duration of the block."""
    handler_class = type("_SiteHandler", (_Handler,), {"site_path": site_path})
    handler = functools.partial(handler_class, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    served = Served(root=root, url=f"http://127.0.0.1:{server.server_address[1]}{site_path}")
    server.requests = served.requests  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
