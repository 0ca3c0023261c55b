"""A spin box that the mouse wheel changes only once it has the keyboard focus."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from annotator.gui.wheel_focus import WheelNeedsFocus


class FocusSpinBox(WheelNeedsFocus, QSpinBox):
    """A span's start or end: moved by a click and the keys, or the wheel once clicked."""
