"""A spin box that the mouse wheel changes only once it has the keyboard focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox, QWidget


class FocusSpinBox(QSpinBox):
    """Scrolling past it must not move a span's start or end on the way (see FocusComboBox)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
