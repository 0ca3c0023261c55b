"""A mixin for input widgets that the mouse wheel changes only once they have the keyboard focus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent

if TYPE_CHECKING:  # the checker sees the widget the mixin joins; at run time a second Qt base would crash
    from PySide6.QtWidgets import QWidget as _Widget
else:
    _Widget = object


class WheelNeedsFocus(_Widget):
    """Scrolling past the widget (over a form or a panel) must not change a stored value on the way.

    Put it before the Qt class: `class FocusComboBox(WheelNeedsFocus, QComboBox)`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Qt's default, WheelFocus, lets a wheel turn take the focus and change the value at once
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the parent, which may scroll
