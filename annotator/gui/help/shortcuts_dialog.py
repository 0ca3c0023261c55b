"""Help → Keyboard shortcuts: every action of the main and compare windows with its keys, searchable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout

from annotator.gui.help.shortcut_walk import ShortcutRow
from annotator.gui.help.shortcuts_model import ShortcutsModel


class ShortcutsDialog(QDialog):
    """The rows come from the windows' own actions (shortcut_walk), so a new key shows up by itself."""

    def __init__(self, rows: Sequence[ShortcutRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — Annotator")
        self.model = ShortcutsModel(rows, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # a word matches the action, its keys, its menu or its window

        self.search = QLineEdit()
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText("Search actions and keys (e.g. undo, Ctrl+Shift, Review)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)

        self.table = QTableView()
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(False)  # menu order is the order the user meets them in
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.count = QLabel()
        self.count.setObjectName("shortcutCount")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self._filter("")
        self.resize(860, 640)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{total} actions" if shown == total else f"{shown} of {total} actions")
