"""The one CSV writer of every CSV the application writes: text cells a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import IO, Any

# A spreadsheet runs a cell starting with one of these as a formula. Apostrophes before them are
# counted too, so that a cell really starting with "'=" survives the undo on reading.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_FIRST = frozenset("'=+-@\t\r")  # a cell starting otherwise is plain: no pattern match for most cells
_BATCH = 1000  # rows looked at, then written, at a time by `writerows_with_text_at`


def neutralise(cell: str) -> str:
    """`cell` with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + cell if cell[:1] in _FIRST and _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """Undo `neutralise`."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


class SafeWriter:
    """`csv.writer` whose text cells are neutralised; numbers stay numbers (-0.25 is a value, not a formula)."""

    def __init__(self, handle: IO[str]):
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) if cell.__class__ is str else cell for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    def writerows_with_text_at(self, rows: Iterable[Sequence[Any]], columns: Sequence[int]) -> None:
        """As `writerows`, faster for rows holding text only at `columns` (numbers elsewhere): rows go to the
        `csv` module a batch at a time, and are looked at cell by cell only in a batch where one of those cells
        starts with a character a formula could start with (rarely)."""
        source = iter(rows)
        while batch := list(islice(source, _BATCH)):
            try:
                starts = {row[i][:1] for row in batch for i in columns}
            except TypeError:  # not text after all somewhere: every cell is looked at
                starts = set(_FIRST)
            if starts.isdisjoint(_FIRST):
                self._writer.writerows(batch)
            else:
                self.writerows(batch)
