"""Table model of the claims of one annotation set: one row per guarantee, cells made when shown, filtered here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.claims import ClaimRecord, PartRow
from annotator.core.labels import value_title
from annotator.services.claims import JOIN, DocumentClaim, claim_record, document_claim

_ROOT = QModelIndex()  # the invisible root, the parent of every row


def _plain(text: str) -> str:
    return " ".join(text.split())


def _texts(parts: tuple[PartRow, ...]) -> str:
    return JOIN.join([_plain(p[1]) for p in parts]) if parts else ""


def _cells(r: ClaimRecord) -> tuple[str, ...]:
    quote = r[11]
    return (
        r[2],
        r[3],
        r[4],
        r[5],
        value_title(r[6]),
        _plain(r[7][1]),
        _texts(r[8]),
        _texts(r[9]),
        _texts(r[10]),
        "" if quote is None else _plain(quote[1]),
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
        self._records: list[ClaimRecord] = []
        self._shown: list[int] | None = None  # the records the filters leave, None: all
        self._kind: str | None = None  # the type filter (None: every type)
        self._text = ""  # the text filter, case-folded ("" : none)
        self._haystacks: list[str] | None = None  # each record's cells, case-folded, made at the first text filter
        self._text_passed: list[int] | None = None  # the records the text filter alone leaves, None: all

    def set_claims(self, claims: Iterable[ClaimRecord | DocumentClaim]) -> None:
        """Show these claims (records as `iter_claim_records` gives them; DocumentClaims are taken too)."""
        self.beginResetModel()
        self._records = [c if isinstance(c, tuple) else claim_record(c) for c in claims]
        self._haystacks = None
        self._apply()
        self.endResetModel()

    def add_claims(self, records: list[ClaimRecord]) -> None:
        """Append claims read after the first ones (the window reads a large set in slices)."""
        if not records:
            return
        first = len(self._records)
        if self._kind is None and not self._text:  # nothing filtered: the rows are simply appended
            self.beginInsertRows(_ROOT, first, first + len(records) - 1)
            self._records.extend(records)
            self.endInsertRows()
            return
        self.beginResetModel()
        self._records.extend(records)
        if self._haystacks is not None:
            self._haystacks.extend("\n".join(_cells(r)).casefold() for r in records)
        self._apply()
        self.endResetModel()

    def set_filters(self, kind: str | None, text: str) -> None:
        """Keep the claims of one guarantee type (None: every type) holding `text` in some cell, any case."""
        folded = text.casefold()
        if (kind, folded) == (self._kind, self._text):
            return
        self.beginResetModel()
        self._kind, self._text = kind, folded
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        records = self._records
        if self._text:
            if self._haystacks is None:
                self._haystacks = ["\n".join(_cells(r)).casefold() for r in records]
            needle = self._text
            self._text_passed = [i for i, h in enumerate(self._haystacks) if needle in h]
        else:
            self._text_passed = None
        if self._kind is None:
            self._shown = self._text_passed
        else:
            kind = self._kind
            rows = range(len(records)) if self._text_passed is None else self._text_passed
            self._shown = [i for i in rows if records[i][6] == kind]

    # --- what the filters leave, counted in one pass

    def records(self) -> list[ClaimRecord]:
        """Every claim of the set, filtered or not."""
        return self._records

    def total(self) -> int:
        return len(self._records)

    def type_counts(self) -> list[tuple[str, int]]:
        """Claims per guarantee type among those the text filter leaves (the type filter aside)."""
        records = self._records
        rows = records if self._text_passed is None else [records[i] for i in self._text_passed]
        return list(Counter([r[6] for r in rows]).items())  # r[6]: the guarantee type

    def provider_counts(self) -> list[tuple[str, int]]:
        """Claims per provider (whitespace made plain; "" for none) among those shown; a claim counts once per name."""
        counts: Counter[str] = Counter()
        records = self._records
        for r in records if self._shown is None else [records[i] for i in self._shown]:
            providers = r[8]
            if not providers:
                counts[""] += 1
            elif len(providers) == 1:
                counts[_plain(providers[0][1])] += 1
            else:
                counts.update({_plain(p[1]) for p in providers})
        return list(counts.items())

    # --- the table

    def _record(self, row: int) -> ClaimRecord | None:
        shown = self._shown
        if shown is None:
            return self._records[row] if 0 <= row < len(self._records) else None
        return self._records[shown[row]] if 0 <= row < len(shown) else None

    def claim(self, row: int) -> DocumentClaim | None:
        record = self._record(row)
        return None if record is None else document_claim(record)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self._records) if self._shown is None else len(self._shown)

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
            return _plain(r[7][1])
        if column == 6:
            return _texts(r[8])
        if column == 7:
            return _texts(r[9])
        if column == 8:
            return _texts(r[10])
        if column == 9:
            quote = r[11]
            return "" if quote is None else _plain(quote[1])
        return _texts(r[12])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.column() < len(self.HEADERS)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, self.ROLE):
            return None
        record = self._record(index.row())
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
