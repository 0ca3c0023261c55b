"""A combo box that the mouse wheel changes only once it has the keyboard focus."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from annotator.gui.wheel_focus import WheelNeedsFocus


class FocusComboBox(WheelNeedsFocus, QComboBox):
    """A label, attribute or analyst box: changed by a click and the keys, or the wheel once clicked."""
