"""Errors the user can act on: each renders as one line naming the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AnnotatorError(Exception):
    """Base of every error Annotator reports to a user instead of a traceback."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as the format allows."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class BadInput(AnnotatorError):
    """Input that cannot be imported; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self.problems[0]) if self.problems else "bad input")

    @classmethod
    def at(cls, path: str | Path, line: int | None, message: str) -> BadInput:
        return cls(Problem(str(path), line, message))

    def __str__(self) -> str:
        first = str(self.problems[0]) if self.problems else "bad input"
        more = len(self.problems) - 1
        return first if more <= 0 else f"{first} (and {more} more problem{'s' if more > 1 else ''})"


class UnknownFormat(AnnotatorError):
    """A format name or file that no registered format handles."""


class NotFound(AnnotatorError):
    """A document, annotation or analyst that does not exist."""


class StoreError(AnnotatorError):
    """The project database cannot be opened, upgraded or written."""


class ReadOnly(AnnotatorError):
    """An edit of a project opened read-only (read-only media, no permission): retrying cannot help."""


class Cancelled(AnnotatorError):
    """The user cancelled a long import or export; nothing was changed."""
