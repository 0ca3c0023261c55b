"""A combo box that the mouse wheel changes only once it has the keyboard focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget


class FocusComboBox(QComboBox):
    """Scrolling past it (over a form or a panel) must not change a stored value on the way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Qt's default, WheelFocus, lets a wheel turn take the focus and change the value at once
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the parent, which may scroll
