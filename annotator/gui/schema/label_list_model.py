"""The schema's labels as a list (colour swatch, name and key), reordered by dragging."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from annotator.core.labels import LabelSchema
from annotator.gui.annotate.label_palette import swatch

_MIME = "application/x-annotator-label-key"
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class LabelListModel(QAbstractListModel):
    """Rows are label keys; a drop asks for a move (`move_requested(key, row)`) instead of moving rows itself,
    so that the move is one undoable command and the list follows the saved schema."""

    move_requested = Signal(str, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._schema = LabelSchema(())

    def set_schema(self, schema: LabelSchema) -> None:
        self.beginResetModel()
        self._schema = schema
        self.endResetModel()

    def key(self, row: int) -> str | None:
        return self._schema.labels[row].key if 0 <= row < len(self._schema.labels) else None

    def row_of(self, key: str) -> int | None:
        return next((i for i, label in enumerate(self._schema.labels) if label.key == key), None)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._schema.labels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._schema.labels):
            return None
        label = self._schema.labels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{label.name}   [{label.shortcut}]" if label.shortcut else label.name
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(label.colour, 16)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"key in files: {label.key}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        keys = [key for key in (self.key(i.row()) for i in indexes if i.isValid()) if key is not None]
        data.setData(_MIME, (keys[0] if keys else "").encode("utf-8"))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        key = bytes(data.data(_MIME).data()).decode("utf-8")
        current = self.row_of(key)
        if current is None:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        if target > current:
            target -= 1  # the dragged row leaves its place first
        if target != current:
            self.move_requested.emit(key, target)
        return False  # nothing for the view to remove: the list is rebuilt from the saved schema
