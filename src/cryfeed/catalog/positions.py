"""Where a JSON path is in the text: the tokenizer and the one-pass locator."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable

from cryfeed.errors import Problem
from cryfeed.models import (
    quoted,
)

Loc = tuple[str | int, ...]

# One JSON token: a string, a bracket or separator, or a bare literal (number, true, NaN ...).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]|[^\s\[\]{}:,"]+')
_OPEN, _CLOSE, _SEPARATORS = frozenset("[{"), frozenset("]}"), frozenset(",:")


def _find_token(text: str, wanted: Callable[[str, int], bool]) -> int:
    """Where the first token for which wanted(token, depth) holds starts (0 if none)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth -= 1
        if wanted(token, depth):
            return match.start()
    return 0


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _problem_at(text: str, index: int, message: str) -> Problem:
    return Problem(*_position(text, index), "", message)


def format_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{quoted(part)}]"
    return out


def _decode_key(token: str) -> str:
    return token[1:-1] if "\\" not in token else str(json.loads(token))


class _Locator:
    """Finds where JSON paths are in the text, in one pass made only when a problem exists.

    A loop over tokens instead of a recursive parser: it takes any nesting depth, decodes
    escaped keys, walks only the paths it was asked for and steps over everything else.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _starts(self, wanted: set[Loc]) -> dict[Loc, tuple[int, int | None]]:
        """For each wanted path: where its value starts, and its key if it has one."""
        found: dict[Loc, tuple[int, int | None]] = {}
        text, skip = self.text, json.JSONDecoder().raw_decode
        path: list[str | int] = []  # the key or index of the value being read, per level
        in_object: list[bool] = []
        key_start: list[int | None] = []
        expecting_key = False
        position = 0
        while match := _TOKEN.search(text, position):
            token, start, position = match.group(), match.start(), match.end()
            if token in _SEPARATORS:
                if token == "," and in_object[-1]:
                    expecting_key = True
                elif token == ",":
                    path[-1] = int(path[-1]) + 1
                continue
            if token in _CLOSE:
                path.pop(), in_object.pop(), key_start.pop()
                expecting_key = False
                continue
            if expecting_key:
                path[-1], key_start[-1], expecting_key = _decode_key(token), start, False
                continue
            loc = tuple(path)
            if loc not in wanted:
                if token in _OPEN:  # nothing wanted inside: let json's C parser step over it
                    position = skip(text, start)[1]
                continue
            found[loc] = (start, key_start[-1] if in_object and in_object[-1] else None)
            if token in _OPEN:
                in_object.append(token == "{")
                path.append("" if token == "{" else 0)
                key_start.append(None)
                expecting_key = token == "{"
        return found

    def problems(self, requests: Iterable[tuple[Loc, str, bool]]) -> list[Problem]:
        """Problems for (path, message, point at the key) requests, placed by line:column.

        A path that does not exist (a missing field) points at the object that should hold it.
        """
        requests = list(requests)
        wanted = {loc[:size] for loc, _, _ in requests for size in range(len(loc) + 1)}
        starts = self._starts(wanted)
        newlines = [m.start() for m in re.finditer("\n", self.text)]
        result = []
        for loc, message, at_key in requests:
            while loc not in starts and loc:
                loc = loc[:-1]
            value_start, key_start = starts.get(loc, (0, None))
            index = key_start if at_key and key_start is not None else value_start
            line = bisect.bisect_left(newlines, index)
            column = index - (newlines[line - 1] + 1 if line else 0) + 1
            result.append(Problem(line + 1, column, format_path(loc), message))
        return result
