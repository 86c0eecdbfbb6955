"""The small exception hierarchy that the CLI turns into clean messages."""

from __future__ import annotations

from dataclasses import dataclass


class CryfeedError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a catalog file, at a 1-based line and column."""

    line: int
    column: int
    path: str
    message: str

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CatalogError(CryfeedError):
    """Every problem found in one catalog file, sorted by position."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format(filename) for p in self.problems))


class OutputError(CryfeedError):
    """Writing an output failed or would leave the output folder."""
