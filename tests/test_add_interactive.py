"""`cryfeed add` on a terminal, answered through a real pseudo-terminal: nothing typed is lost."""

from __future__ import annotations

import platform
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeAlias

import pexpect
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# A child process reading and writing text through a pty (generic only in the stubs).
Terminal: TypeAlias = "pexpect.spawn[str]"

QUESTIONS = {
    "title": "Title: ",
    "artist": "Artist: ",
    "title_ko": "Title in Hangul (Enter to skip): ",
    "artist_ko": "Artist in Hangul (Enter to skip): ",
    "released": "Released, YYYY, YYYY-MM or YYYY-MM-DD (Enter if unknown): ",
    "album": "Album, single or drama (Enter if unknown): ",
    "collections": (
        "Collections, comma-separated; one or more of: tearjerkers, male-ballads: "
    ),
    "moods": "Moods, comma-separated (in use: longing, rain, regret; Enter to skip): ",
    "note": "Curator's note (why this song makes people cry): ",
}


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "songs.json"
    shutil.copy(FIXTURES / "catalog.json", path)
    return path


@pytest.fixture
def terminal(catalog: Path) -> Iterator[Terminal]:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cryfeed", "add", "-c", str(catalog)],
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 400),  # no wrapping of long questions
    )
    child.setecho(False)
    yield child
    child.close(force=True)


def answer(child: Terminal, question: str, text: str) -> str:
    """Wait for the question, type the answer; return what was printed before the question."""
    child.expect_exact(QUESTIONS[question])
    printed = str(child.before)
    child.sendline(text)
    return printed


def test_each_wrong_answer_is_explained_and_asked_again(
    terminal: Terminal, catalog: Path
) -> None:
    answer(terminal, "title", "Lonely night")
    answer(terminal, "artist", "BEN")
    answer(terminal, "title_ko", "Lonely\u202enight")
    assert answer(terminal, "title_ko", "혼술하고 싶은 밤").strip() == (
        "Error: contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE, which "
        "reorders the text around it on screen; remove it"
    )
    answer(terminal, "artist_ko", "")
    answer(terminal, "released", "2004-13")
    assert answer(terminal, "released", "2020-12").strip() == (
        'Error: "2004-13" is not a real date; fix the month or day, or use null'
    )
    answer(terminal, "album", "")
    answer(terminal, "collections", "tearjerker, male-ballads, male-ballads")
    assert answer(terminal, "collections", "tearjerkers").strip().splitlines() == [
        'Error: unknown collection "tearjerker"; did you mean "tearjerkers"? use one of the '
        'ids under "collections" (male-ballads, tearjerkers) or add it there',
        '"male-ballads" is listed twice (first at [1]); remove one',
    ]
    answer(terminal, "moods", "Loneliness")
    assert answer(terminal, "moods", "loneliness, longing").strip() == (
        'Error: "Loneliness" is not a valid id; use lowercase ASCII letters, digits and single '
        'dashes, like "jang-deok-cheol-see-you-later"'
    )
    answer(terminal, "note", "A night alone with a drink and a memory.")
    terminal.expect(pexpect.EOF)
    assert str(terminal.before).strip() == "ben-lonely-night"
    terminal.close()
    assert terminal.exitstatus == 0
    text = catalog.read_text(encoding="utf-8")
    assert '"title_ko": "혼술하고 싶은 밤"' in text
    assert '"released": "2020-12"' in text
    assert '"moods": [\n        "loneliness",\n        "longing"\n      ]' in text


def test_a_song_already_in_the_catalog_is_asked_again(terminal: Terminal) -> None:
    answer(terminal, "title", "COUNTING\u00a0DAYS")
    answer(terminal, "artist", "urban zakapa")
    assert answer(terminal, "title", "Another day").strip() == (
        'Error: "COUNTING\\xa0DAYS" by urban zakapa is already in the catalog (songs[0], '
        "id urban-zakapa-counting-days); give another title or artist"
    )
    answer(terminal, "artist", "Urban Zakapa")
    terminal.expect_exact(QUESTIONS["title_ko"])


# System calls a process waits for typed input in, by machine (read, poll, select,
# pselect6, ppoll).
INPUT_WAITS = {"x86_64": {"0", "7", "23", "270", "271"}, "aarch64": {"63", "72", "73"}}


def wait_until_reading(pid: int | None) -> None:
    """Until the process waits for input. A Ctrl-C sent earlier, between the question's
    echo and the select() CPython's readline then waits in, is lost (the signal flag is
    set, nothing wakes the select): on a busy machine that made this test hang one run in
    a few. A person cannot press that fast after reading the question."""
    waits = INPUT_WAITS.get(platform.machine()) if pid is not None else None
    deadline = time.monotonic() + 30
    while waits and time.monotonic() < deadline:
        try:
            number = Path(f"/proc/{pid}/syscall").read_text(encoding="ascii").split()[0]
        except (OSError, IndexError):
            return  # no /proc here: the race stays, as it is for a person
        if number in waits:
            return
        time.sleep(0.02)


@pytest.mark.parametrize("stop", ["ctrl-c", "end of input"])
def test_stopping_halfway_leaves_the_file_untouched(
    terminal: Terminal, catalog: Path, stop: str
) -> None:
    before = catalog.read_bytes()
    answer(terminal, "title", "Lonely night")
    answer(terminal, "artist", "BEN")
    answer(terminal, "title_ko", "혼술하고 싶은 밤")
    terminal.expect_exact(QUESTIONS["artist_ko"])
    if stop == "ctrl-c":
        wait_until_reading(terminal.pid)
        terminal.sendintr()
    else:
        terminal.sendeof()
    terminal.expect(pexpect.EOF)
    assert "Aborted!" in str(terminal.before)
    assert "Traceback" not in str(terminal.before)
    terminal.close()
    assert terminal.exitstatus == 1
    assert catalog.read_bytes() == before
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["songs.json"]
