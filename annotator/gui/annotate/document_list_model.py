"""Lazy table model of the project's documents: ids and summaries fetched in batches on demand."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import DocumentSummary

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Project

BATCH = 100  # about three screenfuls of the list
_ROOT = QModelIndex()  # the invisible root, the parent of every row


class DocumentListModel(QAbstractTableModel):
    """Documents in id order; rows are fetched `BATCH` at a time as the view scrolls."""

    HEADERS = ("Document", "Spans", "Status")

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        self._project = project
        self._rows: list[DocumentSummary] = []
        self._statuses: dict[int, dict[str, str]] = {}
        self._more = False  # whether the last batch was full: there may be more rows to fetch
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._project.document_summaries(0, BATCH)
        self._more = len(self._rows) == BATCH  # no count of a large project's documents needed
        self._load_statuses(self._rows)
        self.endResetModel()

    def _load_statuses(self, rows: list[DocumentSummary]) -> None:
        for (document_id, analyst), status in self._project.review.statuses([r.id for r in rows]).items():
            self._statuses.setdefault(document_id, {})[analyst] = status

    def status_text(self, document_id: int) -> str:
        """The session analyst's own status, or for a reviewer everyone's, briefly."""
        found = self._statuses.get(document_id, {})
        marks = {"in_progress": "…", "done": "✓"}
        if not self._project.reviewer:
            own = found.get(self._project.analyst, "not_started")
            return {"not_started": "", "in_progress": "in progress", "done": "done ✓"}[own]
        return " ".join(f"{who} {marks[status]}" for who, status in sorted(found.items()))

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent=_ROOT) -> None:
        if parent.isValid():
            return
        batch = self._project.document_summaries(len(self._rows), BATCH)
        self._more = len(batch) == BATCH
        if not batch:
            return
        self._load_statuses(batch)
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title or row.external_id, row.annotation_count, self.status_text(row.id))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.external_id} · {row.length:,} characters · {row.annotation_count} annotations"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def document_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int | None:
        """Row of a document, fetching further batches until it is loaded."""
        while True:
            for i, summary in enumerate(self._rows):
                if summary.id == document_id:
                    return i
            if not self.canFetchMore():
                return None
            self.fetchMore()

    def refresh_document(self, document_id: int, annotation_count: int | None = None) -> None:
        """Re-read one document's row (its count changed with an edit); a caller that knows the new
        count passes it, which spares counting a long article's annotations after every edit."""
        row = next((i for i, r in enumerate(self._rows) if r.id == document_id), None)
        if row is None:
            return
        fresh: DocumentSummary | None
        if annotation_count is not None:
            fresh = replace(self._rows[row], annotation_count=annotation_count)
        else:
            fresh = self._project.document_summary(document_id)
        if fresh is None:
            return self.reload()
        self._rows[row] = fresh
        for (doc, analyst), status in self._project.review.statuses([document_id]).items():
            self._statuses.setdefault(doc, {})[analyst] = status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def refresh_counts(self) -> None:
        """Re-read the loaded rows (annotation counts change with every edit)."""
        if not self._rows:
            return self.reload()
        fresh = self._project.document_summaries(0, len(self._rows))
        if [r.id for r in fresh] != [r.id for r in self._rows]:
            return self.reload()
        self._rows = fresh
        self._statuses = {}
        self._load_statuses(fresh)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
