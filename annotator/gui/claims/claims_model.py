"""Table model of the claims of one annotation set: one row per guarantee, cells made when shown, filtered here
(core/claim_filter.py)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.claim_filter import ClaimFilter, ClaimSelection, plain
from annotator.core.claims import ClaimRecord, PartRow
from annotator.core.labels import value_title
from annotator.services.claims import JOIN, DocumentClaim, claim_record, document_claim

_ROOT = QModelIndex()  # the invisible root, the parent of every row


def _texts(parts: tuple[PartRow, ...]) -> str:
    return JOIN.join([plain(p[1]) for p in parts]) if parts else ""


def _cells(r: ClaimRecord) -> tuple[str, ...]:
    quote = r[11]
    return (
        r[2],
        r[3],
        r[4],
        r[5],
        value_title(r[6]),
        plain(r[7][1]),
        _texts(r[8]),
        _texts(r[9]),
        _texts(r[10]),
        "" if quote is None else plain(quote[1]),
        _texts(r[12]),
    )


class ClaimsTableModel(QAbstractTableModel):
    """The claims of one set as plain records, in document and text order; a cell's text is made only when
    asked for. The type and text filters are applied here in one pass over the records (a sorting proxy
    sits above), and the same pass counts the claims by type and by provider for the charts."""

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
        self._selection = ClaimSelection(lambda r: "\n".join(_cells(r)))  # the filters and the charts' counts

    def set_claims(self, claims: Iterable[ClaimRecord | DocumentClaim]) -> None:
        """Show these claims (records as `iter_claim_records` gives them; DocumentClaims are taken too)."""
        self.beginResetModel()
        self._selection.set_records(c if isinstance(c, tuple) else claim_record(c) for c in claims)
        self.endResetModel()

    def add_claims(self, records: list[ClaimRecord]) -> None:
        """Append claims read after the first ones (the window reads a large set in slices)."""
        if not records:
            return
        selection = self._selection
        if not selection.narrowed:  # nothing filtered: the rows are simply appended
            first = len(selection.records)
            self.beginInsertRows(_ROOT, first, first + len(records) - 1)
            selection.extend(records)
            self.endInsertRows()
            return
        self.beginResetModel()
        selection.extend(records)
        self.endResetModel()

    def set_filter(self, wanted: ClaimFilter) -> None:
        """Keep the claims `wanted` asks for (every part of it at once)."""
        if wanted == self._selection.filter:
            return
        self.beginResetModel()
        self._selection.apply(wanted)
        self.endResetModel()

    # --- what the filters leave, counted in one pass

    def records(self) -> list[ClaimRecord]:
        """Every claim of the set, filtered or not."""
        return self._selection.records

    def total(self) -> int:
        return len(self._selection.records)

    def type_counts(self) -> list[tuple[str, int]]:
        """Claims per guarantee type among those the other filters leave (the type filter aside)."""
        return self._selection.type_counts()

    def provider_counts(self) -> list[tuple[str, int]]:
        """Claims per provider ("" for none) among those the other filters leave (the provider filter aside)."""
        return self._selection.provider_counts()

    def recipient_counts(self) -> list[tuple[str, int]]:
        """Claims per recipient ("" for none) among those the other filters leave (the recipient filter aside)."""
        return self._selection.recipient_counts()

    # --- the table

    def record(self, row: int) -> ClaimRecord | None:
        """The claim record of a row as the model orders it (the filters applied)."""
        records, shown = self._selection.records, self._selection.shown
        if shown is None:
            return records[row] if 0 <= row < len(records) else None
        return records[shown[row]] if 0 <= row < len(shown) else None

    def claim(self, row: int) -> DocumentClaim | None:
        record = self.record(row)
        return None if record is None else document_claim(record)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        shown = self._selection.shown
        return len(self._selection.records) if shown is None else len(shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def _cell(self, r: ClaimRecord, column: int) -> str:
        if column == 0:
            return r[2]
        if column == 1:
            return r[3]
        if column == 2:
            return r[4]
        if column == 3:
            return r[5]
        if column == 4:
            return value_title(r[6])  # as the annotation editor names it: "troop deployment"
        if column == 5:
            return plain(r[7][1])
        if column == 6:
            return _texts(r[8])
        if column == 7:
            return _texts(r[9])
        if column == 8:
            return _texts(r[10])
        if column == 9:
            quote = r[11]
            return "" if quote is None else plain(quote[1])
        return _texts(r[12])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.column() < len(self.HEADERS)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, self.ROLE):
            return None
        record = self.record(index.row())
        if record is None:
            return None
        if role == self.ROLE:
            return document_claim(record)
        text = self._cell(record, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1
