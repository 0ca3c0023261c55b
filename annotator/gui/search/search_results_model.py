"""Search hits as keyword-in-context rows, shown a batch at a time as the table scrolls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.core.search_text import one_line
from annotator.services.search import Hit

Index = QModelIndex | QPersistentModelIndex
BATCH = 500  # rows handed to the view at a time: 100,000 hits must not be laid out at once


class SearchResultsModel(QAbstractTableModel):
    """Document, its n-th of m hits, the text before, the hit, the text after (and label and analyst of spans)."""

    COLUMNS = ("Document", "#", "Before", "Hit", "After", "Label", "Analyst")
    DOCUMENT, NUMBER, BEFORE, HIT, AFTER, LABEL, ANALYST = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._shown = 0
        self._per_document: Counter[int] = Counter()
        self._nth: list[int] = []
        self._spans = False
        self._label_names: dict[str, str] = {}
        self._busy = False
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[Hit], label_names: Mapping[str, str] | None = None) -> None:
        """Show `hits`; `label_names` gives the display name of each label key (else the key is shown)."""
        self.beginResetModel()
        self._hits = list(hits)
        self._label_names = dict(label_names or {})
        self._per_document = Counter(h.document_id for h in self._hits)
        seen: Counter[int] = Counter()
        self._nth = []
        for h in self._hits:
            seen[h.document_id] += 1
            self._nth.append(seen[h.document_id])
        self._spans = any(h.annotation_id is not None for h in self._hits)
        self._shown = min(BATCH, len(self._hits))
        self._busy = True  # as in fetchMore: no rows are inserted while the reset is announced
        try:
            self.endResetModel()
        finally:
            self._busy = False

    @property
    def hits(self) -> list[Hit]:
        return self._hits

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def document_count(self) -> int:
        return len(self._per_document)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.COLUMNS) if self._spans else self.AFTER + 1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._busy and self._shown < len(self._hits)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._busy:
            return
        more = min(BATCH, len(self._hits) - self._shown)
        if more <= 0:
            return
        self._busy = True  # a view asking for more while these rows are announced waits for the next call
        try:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()
        finally:
            self._busy = False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return one_line(f"{hit.before}[{hit.text}]{hit.after}") + f"\n{hit.document}, {hit.start}–{hit.end}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.BEFORE, self.NUMBER):
            # the context before the hit hugs it from the left: the hits line up in one column
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.HIT:
            return self._bold
        return None

    def _text(self, hit: Hit, row: int, column: int) -> str:
        if column == self.DOCUMENT:
            return hit.document
        if column == self.NUMBER:
            return f"{self._nth[row]}/{self._per_document[hit.document_id]}"
        if column == self.BEFORE:
            return one_line(hit.before)
        if column == self.HIT:
            return one_line(hit.text)
        if column == self.AFTER:
            return one_line(hit.after)
        if column == self.LABEL:
            return self._label_names.get(hit.label, hit.label)
        return hit.analyst
