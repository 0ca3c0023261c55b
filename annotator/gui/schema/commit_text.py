"""A plain text box that says when its text was edited and left (not at each keystroke), for one undo step per edit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit


class CommitText(QPlainTextEdit):
    """Emits `committed()` when it loses focus with text changed since `set_text` or the last commit."""

    committed = Signal()

    def __init__(self, placeholder: str = "", lines: int = 3, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)  # Tab moves on (and commits), as in the line edits around it
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 16)
        self._saved = ""

    def set_text(self, text: str) -> None:
        self._saved = text
        self.setPlainText(text)

    def lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.toPlainText().splitlines() if line.strip())

    def commit(self) -> None:
        if self.toPlainText() != self._saved:
            self._saved = self.toPlainText()
            self.committed.emit()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.commit()
