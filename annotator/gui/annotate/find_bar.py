"""The find bar of the main window: search the open article, wrapping round at its end."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QTextEdit, QToolBar


class FindBar(QToolBar):
    """A hidden tool bar with one field; Enter finds the next occurrence in `view`."""

    not_found = Signal(str)  # the text looked for, when the article does not hold it

    def __init__(self, view: QTextEdit, parent=None):
        super().__init__("Find", parent)
        self.setObjectName("findBar")
        self.view = view
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article (Enter: next)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(260)
        self.edit.returnPressed.connect(self.find_next)
        self.addWidget(self.edit)
        self.hide()

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def find_next(self) -> None:
        needle = self.edit.text()
        if not needle:
            return
        if not self.view.find(needle):
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            if not self.view.find(needle):
                self.not_found.emit(needle)
