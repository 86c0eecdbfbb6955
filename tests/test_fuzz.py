"""No file breaks validate, fmt or feeds: random bytes and mutated copies of the shipped catalog.

The suite runs a fast profile. A long run (hundreds of thousands of examples) selects the
`long` profile by environment variable and records every failure class instead of stopping
at the first:

    CRYFEED_FUZZ_EXAMPLES=100000 CRYFEED_FUZZ_LOG=fuzz.jsonl \
        pytest tests/test_fuzz.py -p no:randomly --hypothesis-show-statistics -k mutated

(fuzz.jsonl gets one line per failure, fuzz.jsonl.mutated.count the examples run so far.)
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cryfeed.catalog import parse_json, validate_data
from cryfeed.catalog.fast import fast_catalog
from cryfeed.catalog.load import decode
from cryfeed.cli import main
from cryfeed.errors import CatalogError

ROOT = Path(__file__).parent.parent
SHIPPED: dict[str, Any] = json.loads((ROOT / "songs.json").read_text(encoding="utf-8"))

EXAMPLES = int(os.environ.get("CRYFEED_FUZZ_EXAMPLES", "0"))
SURVEY_LOG = os.environ.get("CRYFEED_FUZZ_LOG")
settings.register_profile(
    "cryfeed-fuzz",
    max_examples=EXAMPLES or 40,
    deadline=None,
    database=None if EXAMPLES else settings().database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("cryfeed-fuzz")

# Characters that have broken, or could break, a loader, a feed or a reader's eyes.
ODD_CHARACTERS = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u200b",  # ZERO WIDTH SPACE
    "\u200d",  # ZERO WIDTH JOINER
    "\ufeff",  # BOM inside text
    "\u00a0",  # NO-BREAK SPACE
    "\u3000",  # IDEOGRAPHIC SPACE
    "\u3164",  # HANGUL FILLER
    "\u2028",  # LINE SEPARATOR
    "\x00",
    "\x07",
    "\n",
    "\t",
    "\ud800",  # a lone surrogate
    "\udfff",
    "\uffff",
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
    "\ufe0f",  # VARIATION SELECTOR-16
    "\u0301",  # COMBINING ACUTE ACCENT
    "\uff21",  # FULLWIDTH LATIN CAPITAL LETTER A
    "ᄀ",  # a conjoining jamo
    "👩\u200d👩\u200d👧",
    "{",
    '"',
    "\\",
    "<![CDATA[",
    "]]>",
]
# Raw JSON that json.dumps cannot write: stands in for a placeholder string after dumping.
RAW_TOKENS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "1" * 101, "0.5"]
PLACEHOLDER = "\x1bRAW{}\x1b"

def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))

def _paths(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [loc]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*loc, index))
    return found

def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _get(document: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        document = document[part]
    return document

def _set(document: Any, loc: tuple[Any, ...], value: Any) -> Any:
    if not loc:
        return value
    _get(document, loc[:-1])[loc[-1]] = value
    return document

# Strings that once broke a command when they landed in the right field.
HOSTILE_STRINGS = [
    "Asia",  # a folder of the tz database
    "Asia/Seoul/../../../etc/passwd",
    "a" * 300,  # a file name too long for the file system
    "https://example.org/\x00",  # valid-looking, but lxml refuses it in a feed
    "https://example.org/\u202e",
    "\ud800",
    "2026-02-30",
    "2026-11-20T25:00:00+09:00",
    "tearjerkers",
]
odd_values = st.recursive(
    st.none()
    | st.sampled_from(HOSTILE_STRINGS)
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.lists(st.sampled_from(ODD_CHARACTERS) | st.characters(), max_size=8).map("".join),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)

@st.composite
def mutated_catalogs(draw: st.DrawFn) -> bytes:
    """The shipped catalog cut to a few songs, then changed the ways a hostile file would."""
    picked = draw(st.lists(st.sampled_from(range(len(SHIPPED["songs"]))), max_size=3, unique=True))
    cut = {**SHIPPED, "songs": [SHIPPED["songs"][index] for index in picked]}
    document: Any = _copy(cut)  # to change freely
    raw: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(document) if isinstance(document, dict | list) else [()]
        loc = draw(st.sampled_from(paths))
        target = _get(document, loc)
        kind = draw(
            st.sampled_from(
                ["type", "delete", "unicode", "nest", "raw", "long", "repeat", "twin", "key"]
            )
        )
        if kind == "type":
            document = _set(document, loc, draw(odd_values))
        elif kind == "delete" and loc and isinstance(_get(document, loc[:-1]), dict):
            del _get(document, loc[:-1])[loc[-1]]
        elif kind == "unicode" and isinstance(target, str):
            at = draw(st.integers(0, len(target)))
            odd = draw(st.sampled_from(ODD_CHARACTERS))
            document = _set(document, loc, target[:at] + odd + target[at:])
        elif kind == "nest":  # written as raw text: json.dumps itself gives up near 1,000
            depth = draw(st.sampled_from([2, 10, 70, 900, 1100, 5000]))
            opening, closing = draw(st.sampled_from([("[", "]"), ('{"a": ', "}")]))
            raw.append(opening * depth + json.dumps(target) + closing * depth)
            document = _set(document, loc, PLACEHOLDER.format(len(raw) - 1))
        elif kind == "raw":
            raw.append(draw(st.sampled_from(RAW_TOKENS)))
            document = _set(document, loc, PLACEHOLDER.format(len(raw) - 1))
        elif kind == "long" and isinstance(target, str | list):
            # Just past each limit. List items are copied, not shared: a later mutation inside
            # a shared one would be written out once per reference.
            sizes = [81, 201, 4001, 100_000] if isinstance(target, str) else [11, 21, 31, 51]
            size = draw(st.sampled_from(sizes))
            unit = (target or "x") if isinstance(target, str) else (target or ["x"])
            longer = (unit * (size // len(unit) + 1))[:size]
            document = _set(document, loc, longer if isinstance(longer, str) else _copy(longer))
        elif kind == "repeat" and isinstance(target, list) and target:
            target.append(_copy(target[draw(st.integers(0, len(target) - 1))]))
        elif (
            kind == "twin"
            and isinstance(document, dict)
            and isinstance(document.get("songs"), list)
            and document["songs"]
        ):
            twin = _copy(document["songs"][0])
            if isinstance(twin, dict) and isinstance(twin.get("title"), str):
                odd = draw(st.sampled_from(["\u200b", "\u00a0", "  ", "\ufeff", "\uff21"]))
                twin["title"] = twin["title"].replace(" ", odd, 1) + draw(st.sampled_from(["", odd]))
                twin["id"] = str(twin.get("id")) + "-twin"
            document["songs"].append(twin)
        elif kind == "key" and isinstance(target, dict) and target:
            target[draw(st.sampled_from(sorted(target))) + draw(st.sampled_from(["", "\x00"]))] = (
                None
            )
    text = json.dumps(
        document,
        indent=draw(st.sampled_from([None, 2])),
        ensure_ascii=draw(st.booleans()),
    )
    # Big files have their own tests (tests/test_limits.py, benchmarks/); here they would
    # only slow the search down.
    assume(len(text) < 4 * 2**20)
    for index, token in enumerate(raw):
        text = text.replace(json.dumps(PLACEHOLDER.format(index)), token)
        text = text.replace(json.dumps(PLACEHOLDER.format(index), ensure_ascii=False), token)
    if draw(st.booleans()) and '"' in text:  # a key written twice in one object
        at = text.index("{") + 1 if "{" in text else 0
        text = text[:at] + '"title": null, ' + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-8-sig"]))
    return text.encode(encoding, "surrogatepass")

@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    """The shipped catalog's bytes with a few bytes inserted, deleted or replaced."""
    songs = draw(st.integers(0, 2))
    data = bytearray(json.dumps({**SHIPPED, "songs": SHIPPED["songs"][:songs]}).encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            chunk = draw(st.binary(min_size=1, max_size=4))
            data[at : at + (len(chunk) if edit == "replace" else 0)] = chunk
    return bytes(data)

def _failure(command: list[str], result: Result) -> str | None:
    """What went wrong in one command, or None: exit 0 or 1, a message and no traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        frame = traceback.extract_tb(result.exception.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return f"{command[0]}: {type(result.exception).__name__} at {where}: {result.exception}"
    if result.exit_code not in (0, 1):
        return f"{command[0]}: exit status {result.exit_code}"
    if "Traceback" in result.output:
        return f"{command[0]}: a traceback in the output"
    return None

def check_file(data: bytes) -> list[str]:
    """Every failure of validate, fmt --check, feeds and fmt on one file."""
    folder = Path(tempfile.mkdtemp(prefix="cryfeed-fuzz-"))
    try:
        catalog, out = folder / "songs.json", folder / "feeds"
        catalog.write_bytes(data)
        failures = []
        results = {}
        for command in (["validate"], ["fmt", "--check"], ["feeds", "--out", str(out)]):
            result = run(*command, "-c", str(catalog))
            results[command[0]] = result
            failure = _failure(command, result)
            if failure:
                failures.append(failure)
        valid = results["validate"].exit_code == 0
        if not valid and out.exists():
            failures.append("feeds: wrote output for an invalid catalog")
        if valid and results["feeds"].exit_code != 0:
            failures.append(f"feeds: a valid catalog did not render: {results['feeds'].output}")
        if not valid:
            result = run("fmt", "-c", str(catalog))
            failure = _failure(["fmt"], result)
            if failure:
                failures.append(failure)
            if result.exit_code != 1 or catalog.read_bytes() != data:
                failures.append("fmt: changed an invalid catalog")
        expected = {"songs.json", "songs.json.lock"}  # the lock file may stay, as filelock leaves it
        leftovers = sorted(p.name for p in folder.iterdir() if p.name not in expected)
        if leftovers and not valid:
            failures.append(f"files left behind: {leftovers}")
        return failures
    finally:
        shutil.rmtree(folder, ignore_errors=True)

EXAMPLES_RUN: dict[str, int] = {}


def _judge(data: bytes, source: str) -> None:
    failures = check_file(data)
    if SURVEY_LOG:  # a long run reports how far it got
        count = EXAMPLES_RUN[source] = EXAMPLES_RUN.get(source, 0) + 1
        if count % 1000 == 0:
            Path(f"{SURVEY_LOG}.{source}.count").write_text(f"{count}\n", encoding="utf-8")
    if not failures:
        return
    if SURVEY_LOG:  # a long run records every class of failure and keeps going
        with open(SURVEY_LOG, "a", encoding="utf-8") as log:
            for failure in failures:
                record = {"source": source, "failure": failure, "input": data[:300].hex()}
                log.write(json.dumps(record) + "\n")
        return
    raise AssertionError("\n".join(failures))

@FUZZ
@given(st.binary(max_size=2000) | damaged_bytes())
def test_random_and_damaged_bytes_never_break_a_command(data: bytes) -> None:
    _judge(data, "bytes")

@FUZZ
@given(mutated_catalogs())
def test_mutated_catalogs_never_break_a_command(data: bytes) -> None:
    _judge(data, "mutated")

def test_the_shipped_catalog_passes_the_fuzz_checks() -> None:
    # The unmutated start point must pass, or every example above would fail for nothing.
    assert check_file((ROOT / "songs.json").read_bytes()) == []



@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_catalogs())
def test_the_fast_path_gives_the_full_paths_answer_or_steps_aside(data: bytes) -> None:
    # The guard of catalog/fast.py: whatever a mutation does, the fast path returns the
    # full path's catalog or None; it never accepts what the full path refuses.
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    fast = fast_catalog(data, now)
    try:
        text = decode(data, "songs.json")
        full = validate_data(parse_json(text, "songs.json"), text, "songs.json", now)
    except CatalogError:
        full = None
    assert fast is None or fast == full
