"""What an export loses, counted on an ExportReport, with example lines made only while the report keeps examples."""

from __future__ import annotations

from collections.abc import Callable

from annotator.formats.base import ExportReport


class Losses:
    """Reports losses on `report`; once it keeps no more examples of a kind, only counts them.

    An export of 200,000 spans with attributes loses 200,000 attributes: building an example
    line for each would cost more than writing the file, and the report shows the first few.
    """

    def __init__(self, report: ExportReport):
        self.report = report
        self._full: set[str] = set()  # kinds whose examples the report has all it keeps of

    def lose(self, what: str, example: Callable[[], str]) -> None:
        """One loss of kind `what`; `example` makes its example line, if the report still takes one."""
        report = self.report
        if what in self._full:
            report.lost[what] += 1
            return
        before = len(report.examples.get(what, ()))
        report.lose(what, example())
        if len(report.examples[what]) == before:
            self._full.add(what)

    def full(self, what: str) -> bool:
        """Whether losses of kind `what` are only counted now (see `add`)."""
        return what in self._full

    def add(self, what: str, count: int) -> None:
        """`count` more losses of a kind that is `full`."""
        self.report.lost[what] += count
