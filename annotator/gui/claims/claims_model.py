"""Table model of the claims of one annotation set: one row per guarantee."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.claims import Part
from annotator.services.claims import JOIN, DocumentClaim

_ROOT = QModelIndex()  # the invisible root, the parent of every row


def _texts(parts: Iterable[Part]) -> str:
    return JOIN.join(" ".join(p.text.split()) for p in parts)


class ClaimsTableModel(QAbstractTableModel):
    """The claims of one set, in document and text order; sorted and filtered through proxies."""

    HEADERS = (
        "Document",
        "Date",
        "Location",
        "Analyst",
        "Guarantee type",
        "Guarantee",
        "Providers",
        "Recipients",
        "Conditions",
        "Quote",
        "Speaker",
    )
    TYPE_COLUMN = 4
    ROLE = Qt.ItemDataRole.UserRole  # the row's DocumentClaim

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentClaim] = []

    def set_claims(self, claims: Iterable[DocumentClaim]) -> None:
        self.beginResetModel()
        self._rows = list(claims)
        self.endResetModel()

    def claim(self, row: int) -> DocumentClaim | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def _cell(self, row: DocumentClaim, column: int) -> str:
        c = row.claim
        cells = (
            row.title,
            row.date,
            row.location,
            c.analyst,
            c.guarantee_type,
            " ".join(c.guarantee.text.split()),
            _texts(c.providers),
            _texts(c.recipients),
            _texts(c.conditions),
            "" if c.quote is None else " ".join(c.quote.text.split()),
            _texts(c.speakers),
        )
        return cells[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.HEADERS)):
            return None
        row = self._rows[index.row()]
        if role == self.ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(row, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return text or None
            return text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1
