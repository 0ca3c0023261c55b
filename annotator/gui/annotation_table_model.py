"""Table model of the current document's annotations: label, covered text, attributes, analyst."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation

MAX_SHOWN_TEXT = 120


class AnnotationTableModel(QAbstractTableModel):
    """Annotations in text order; holds the domain values the view already loaded."""

    HEADERS = ("Label", "Text", "Attributes", "Analyst")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._text = ""
        self._schema: LabelSchema | None = None

    def set_annotations(self, text: str, annotations: Sequence[Annotation], schema: LabelSchema) -> None:
        self.beginResetModel()
        self._text, self._schema = text, schema
        self._rows = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        a = self._rows[index.row()]
        column = index.column()
        definition = self._schema.get(a.label) if self._schema else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return definition.name if definition else a.label
            if column == 1:
                covered = " ".join(self._text[a.start : a.end].split())
                return covered if len(covered) <= MAX_SHOWN_TEXT else covered[: MAX_SHOWN_TEXT - 1] + "…"
            if column == 2:
                shown = [f"{k}={v}" for k, v in sorted(a.attributes.items()) if v]
                if a.note:
                    shown.append("📝")
                return ", ".join(shown)
            return a.analyst
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(definition.colour if definition else "#999999")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{a.start}–{a.end}: {self._text[a.start:a.end]}" + (f"\nNote: {a.note}" if a.note else "")
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def annotation(self, row: int) -> Annotation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == annotation_id), None)
