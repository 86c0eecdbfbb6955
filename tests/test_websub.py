"""WebSub: the feeds name the hub, and cryfeed ping notifies a hub (a stub on 127.0.0.1)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from lxml import etree

from cryfeed.cli import main
from cryfeed.feeds import render_feeds
from cryfeed.models import Catalog

FIXTURES = Path(__file__).parent / "fixtures"
ATOM = "{http://www.w3.org/2005/Atom}"


class Hub(http.server.BaseHTTPRequestHandler):
    """Records each publish request; answers with the status the test asks for."""

    received: ClassVar[list[dict[str, list[str]]]] = []
    status: ClassVar[int] = 204

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        assert self.headers["Content-Type"] == "application/x-www-form-urlencoded"
        Hub.received.append(parse_qs(self.rfile.read(length).decode("ascii")))
        self.send_response(Hub.status)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hub() -> Iterator[str]:
    Hub.received, Hub.status = [], 204
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub"
    finally:
        server.shutdown()
        server.server_close()


def catalog_with_hub(tmp_path: Path, hub: str | None) -> Path:
    data = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    if hub is not None:
        data["site"]["websub_hub"] = hub
    path = tmp_path / "songs.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_ping_tells_the_hub_of_every_feed(tmp_path: Path, hub: str) -> None:
    result = CliRunner().invoke(main, ["ping", "-c", str(catalog_with_hub(tmp_path, hub))])
    assert result.exit_code == 0, result.output
    assert result.output == f"{hub}: told of 7 feeds\n"
    base = "https://fixture.example.org/cry/feeds/"
    assert Hub.received == [
        {"hub.mode": ["publish"], "hub.url": [base + name]}
        for name in (
            "rss.xml",
            "atom.xml",
            "feed.json",
            "collections/tearjerkers.xml",
            "collections/tearjerkers.json",
            "collections/male-ballads.xml",
            "collections/male-ballads.json",
        )
    ]


def test_a_hub_that_refuses_is_an_error(tmp_path: Path, hub: str) -> None:
    Hub.status = 500
    result = CliRunner().invoke(main, ["ping", "-c", str(catalog_with_hub(tmp_path, hub))])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the hub {hub} answered 500 for "
        "https://fixture.example.org/cry/feeds/rss.xml; nothing else sent\n"
    )
    assert len(Hub.received) == 1


def test_ping_without_a_hub_says_what_to_set(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ping", "-c", str(catalog_with_hub(tmp_path, None))])
    assert result.exit_code == 1
    assert result.output.startswith("Error: site.websub_hub is not set in the catalog;")


def test_the_subscription_feeds_name_the_hub_and_archives_do_not(tmp_path: Path) -> None:
    hub = "https://hub.example.net/"
    data = json.loads(catalog_with_hub(tmp_path, hub).read_text(encoding="utf-8"))
    files = render_feeds(Catalog.model_validate(data, context={"now": None}))
    rss = etree.fromstring(files["rss.xml"]).find("channel")
    assert rss is not None
    assert [link.get("href") for link in rss.findall(f"{ATOM}link[@rel='hub']")] == [hub]
    atom = etree.fromstring(files["atom.xml"])
    assert [link.get("href") for link in atom.findall(f"{ATOM}link[@rel='hub']")] == [hub]
    assert json.loads(files["feed.json"])["hubs"] == [{"type": "WebSub", "url": hub}]
    archive = etree.fromstring(files["archive/rss/1.xml"]).find("channel")
    assert archive is not None and archive.findall(f"{ATOM}link[@rel='hub']") == []
    # Off by default: no hub, no link.
    fixture = json.loads((FIXTURES / "catalog.json").read_text(encoding="utf-8"))
    plain = render_feeds(Catalog.model_validate(fixture, context={"now": None}))
    assert b'rel="hub"' not in plain["rss.xml"]
