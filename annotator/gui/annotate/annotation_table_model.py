"""Table model of the current document's annotations: label, covered text, attributes, analyst."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation

MAX_SHOWN_TEXT = 120
UNKNOWN_COLOUR = QColor("#999999")
_ROOT = QModelIndex()  # the invisible root, the parent of every row
_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole}
)


def _key(a: Annotation) -> tuple[int, int, int]:
    return (a.start, a.end, a.id)


class AnnotationTableModel(QAbstractTableModel):
    """Annotations in text order; holds the domain values the view already loaded."""

    HEADERS = ("Label", "Text", "Attributes", "Analyst")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id) of each row, for bisecting
        self._text = ""
        self._schema: LabelSchema | None = None
        self._labels: dict[str, tuple[str, QColor]] = {}  # key -> (name, colour), looked up per cell painted

    def set_annotations(self, text: str, annotations: Sequence[Annotation], schema: LabelSchema) -> None:
        self.beginResetModel()
        self._text, self._schema = text, schema
        self._labels = {label.key: (label.name, QColor(label.colour)) for label in schema}
        self._rows = sorted(annotations, key=_key)
        self._keys = [_key(a) for a in self._rows]
        self.endResetModel()

    def apply_changes(
        self, changed: Sequence[Annotation], removed: Sequence[int], known: dict[int, Annotation]
    ) -> None:
        """Insert, move or drop a few rows; `known` maps ids to the annotations shown before the change."""
        moved = []
        for annotation in changed:
            old = known.get(annotation.id)
            row = self._row_of_key(_key(old)) if old is not None and _key(old) == _key(annotation) else None
            if row is None:
                moved.append(annotation)
                continue
            # same span, same row: changed in place, since removing the row would move the table's
            # current row (the selection) to a neighbour
            self._rows[row] = annotation
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        changed = moved
        for annotation_id in list(removed) + [a.id for a in changed if a.id in known]:
            old = known.get(annotation_id)
            row = self._row_of_key(_key(old)) if old is not None else None
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row], self._keys[row]
                self.endRemoveRows()
        for annotation in changed:
            key = _key(annotation)
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, annotation)
            self._keys.insert(row, key)
            self.endInsertRows()

    def extend(self, annotations: Sequence[Annotation]) -> None:
        """Add rows for new annotations (the next stretch of a long article): one insertion when they
        all fall between the same two rows, as a stretch further on does."""
        if not annotations:
            return
        added = sorted(annotations, key=_key)
        keys = [_key(a) for a in added]
        row = bisect_left(self._keys, keys[0])
        if row < len(self._keys) and self._keys[row] < keys[-1]:
            self.apply_changes(added, (), {})  # interleaved with rows already there: one at a time
            return
        self.beginInsertRows(QModelIndex(), row, row + len(added) - 1)
        self._rows[row:row] = added
        self._keys[row:row] = keys
        self.endInsertRows()

    def _row_of_key(self, key: tuple[int, int, int]) -> int | None:
        row = bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # the view asks each cell for a dozen roles on every repaint; only these have an answer
        if role not in _ROLES:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        a = self._rows[row]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._labels.get(a.label, (a.label,))[0]
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
            return self._labels.get(a.label, (None, UNKNOWN_COLOUR))[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{a.start}–{a.end}: {self._text[a.start : a.end]}" + (f"\nNote: {a.note}" if a.note else "")
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def annotation(self, row: int) -> Annotation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int, hint: Annotation | None = None) -> int | None:
        """Row of an annotation; with `hint` (the annotation itself) found by bisection, not a scan."""
        if hint is not None:
            return self._row_of_key(_key(hint))
        return next((i for i, a in enumerate(self._rows) if a.id == annotation_id), None)
