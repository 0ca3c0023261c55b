"""Lazy table model of the project's documents: sorted and filtered by the database, fetched in batches on demand."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.listing import ListedDocument, ListingQuery

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Project

BATCH = 100  # about three screenfuls of the list
_ROOT = QModelIndex()  # the invisible root, the parent of every row


class DocumentListModel(QAbstractTableModel):
    """Documents in the order of `query` (import order at first); rows are fetched `BATCH` at a time
    as the view scrolls. Sorting (a click on a column's header) and filtering happen in the database."""

    HEADERS = ("Document", "Date", "Location", "Spans", "Status")
    TITLE, DATE, LOCATION, SPANS, STATUS = range(5)
    SORT_KEYS = ("title", "date", "location", "spans", "status")  # by column

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        from annotator.services.document_queries import DocumentQueries  # loaded with the project

        self._project = project
        self.queries = DocumentQueries(project)
        self.query = ListingQuery()
        self._rows: list[ListedDocument] = []
        self._statuses: dict[int, dict[str, str]] = {}
        self._more = False  # whether the last batch was full: there may be more rows to fetch
        self.reload()

    def set_query(self, query: ListingQuery) -> None:
        """Show the documents `query` keeps, in its order."""
        self.query = query
        self.reload()

    def set_filters(self, filters: ListingQuery) -> None:
        """New conditions from the filter bar; the order stays the header's."""
        query = replace(filters, sort=self.query.sort, descending=self.query.descending)
        if query != self.query:  # a field left without a change: no reload, the list stays where it was
            self.set_query(query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS[column] if 0 <= column < len(self.SORT_KEYS) else "id"
        self.set_query(replace(self.query, sort=key, descending=order == Qt.SortOrder.DescendingOrder))

    def _page(self, offset: int, limit: int) -> list[ListedDocument]:
        return self.queries.page(self.query, offset, limit)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._page(0, BATCH)
        self._more = len(self._rows) == BATCH  # no count of a large project's documents needed
        self._statuses = {}
        self._load_statuses(self._rows)
        self.endResetModel()

    def _load_statuses(self, rows: list[ListedDocument]) -> None:
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

    def fetchMore(self, parent=_ROOT, at_least: int = BATCH) -> None:
        if parent.isValid():
            return
        batch = self._page(len(self._rows), max(at_least, BATCH))
        self._more = len(batch) == max(at_least, BATCH)
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
            shown = (row.title or row.external_id, row.date, row.location, row.annotation_count)
            return shown[index.column()] if index.column() < self.STATUS else self.status_text(row.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            when = " ".join(part for part in (row.date, row.time) if part)
            place = " · ".join(part for part in (when, row.location) if part)
            return (
                f"{row.title}\n{place + chr(10) if place else ''}"
                f"{row.external_id} · {row.length:,} characters · {row.annotation_count} annotations"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SPANS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {self.HEADERS[section].lower()} (click again to reverse)"
        return None

    def document_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def loaded_row_of(self, document_id: int) -> int | None:
        """Row of a document among those fetched so far (None if not among them)."""
        return next((i for i, listed in enumerate(self._rows) if listed.id == document_id), None)

    def row_of(self, document_id: int) -> int | None:
        """Row of a document, fetching the rows up to it in one batch; None if the filters leave it out."""
        loaded = self.loaded_row_of(document_id)
        if loaded is not None:
            return loaded
        if not self.canFetchMore():
            return None
        position = self.queries.position(self.query, document_id)
        if position is None:
            return None
        self.fetchMore(at_least=position + 1 - len(self._rows) + BATCH)  # and a batch after it
        listed_id = self.document_id(position)
        return position if listed_id == document_id else None

    def refresh_document(self, document_id: int, annotation_count: int | None = None) -> None:
        """Re-read one document's row (its count changed with an edit); a caller that knows the new
        count passes it, which spares counting a long article's annotations after every edit. The row
        keeps its place until the list is sorted again: rows do not jump under the pointer."""
        row = next((i for i, r in enumerate(self._rows) if r.id == document_id), None)
        if row is None:
            return
        fresh: ListedDocument | None
        if annotation_count is not None:
            fresh = replace(self._rows[row], annotation_count=annotation_count)
        else:
            fresh = self.queries.row(document_id)
        if fresh is None:
            return self.reload()
        self._rows[row] = fresh
        for (doc, analyst), status in self._project.review.statuses([document_id]).items():
            self._statuses.setdefault(doc, {})[analyst] = status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def refresh_counts(self) -> None:
        """Re-read the loaded rows (annotation counts and statuses change with every edit)."""
        if not self._rows:
            return self.reload()
        fresh = self._page(0, len(self._rows))
        if [r.id for r in fresh] != [r.id for r in self._rows]:
            return self.reload()
        self._rows = fresh
        self._statuses = {}
        self._load_statuses(fresh)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
