"""The rows of the keyboard shortcuts list: action, keys, where they work, and which window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.gui.help.shortcut_walk import ShortcutRow

HEADERS = ("Action", "Keys", "Menu or place", "Window")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ShortcutsModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[ShortcutRow], parent=None):
        super().__init__(parent)
        self._rows = list(rows)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        return (row.action, row.keys, row.where, row.window)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None
