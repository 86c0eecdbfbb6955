"""End-to-end harness: real programs (Chromium, newsboat) against a site served on 127.0.0.1.

Where a program is missing the tests skip with a message naming it, so a newcomer's plain
`pytest` passes. With CRYFEED_REQUIRE_E2E=1 (set by .ci/run) a missing program, and any
other skip of an e2e test, is a failure instead.

Settings (environment):
- CRYFEED_CHROMIUM / CRYFEED_NEWSBOAT: the program to run (default: found on PATH);
- CRYFEED_E2E_OUTPUT: where screenshots go (default: a folder under pytest's basetemp).
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pluggy
import pytest
from e2e_harness import (
    OUTPUT_ENV,
    REQUIRE_ENV,
    Served,
    e2e_required,
    find_program,
    serve,
    unavailable,
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
    """In CI, an e2e test that skips for any reason (a missing module, say) fails."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and e2e_required()
        and item.get_closest_marker("e2e") is not None
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but {REQUIRE_ENV}=1 requires the e2e tests to run: {reason}"
    if report.when == "call" and item.get_closest_marker("e2e") is not None:
        _ran.append(item.nodeid)


_ran: list[str] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a run that collected the e2e tests but ran none of them (-m "not e2e",
    -k that leaves them out) fails too."""
    if e2e_required() and not _ran and exitstatus in (0, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"{REQUIRE_ENV}=1 but no end-to-end test ran", red=True)


HEADLESS_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one for the whole session: every browser test
    module shares it (Playwright's sync API allows one running instance per thread)."""
    chromium = find_program("chromium", "CRYFEED_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright (Python) not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=HEADLESS_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_server(fixture_site: Path) -> Iterator[Served]:
    """The fixture catalog's built book (tests/conftest.py), served on 127.0.0.1 under the
    path of its site.url (/cry/), so the 404 page's absolute links are tested too."""
    from cryfeed.catalog import load_catalog

    site_url = load_catalog(Path(__file__).parent.parent / "fixtures" / "catalog.json").site.url
    with serve(fixture_site, urlsplit(site_url).path) as served:
        yield served


# ---------------------------------------------------------------- screenshots

_output: list[Path] = []


@pytest.fixture(scope="session")
def e2e_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get(OUTPUT_ENV)
    if configured:
        folder = Path(configured).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("e2e-output", numbered=False)
    _output.append(folder)
    return folder


@pytest.fixture
def screenshots(e2e_output: Path, request: pytest.FixtureRequest) -> Path:
    """A folder for this test's screenshots, for a person to look at."""
    folder = e2e_output / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _output:
        terminalreporter.write_line(f"e2e screenshots and output: {folder}")
