"""The note shown when a reviewer turns blind mode on: what it protects on a project file, and on a server."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class BlindModeNotice(QMessageBox):
    """Blind mode is on; on a project file that is an agreement, not access control (the server enforces it)."""

    def __init__(self, parent: QWidget, note: str):
        super().__init__(parent)
        self.setWindowTitle("Blind mode is on")
        self.setIcon(QMessageBox.Icon.Information)
        self.setText("Blind mode is on: analysts see only their own annotations, relations and statuses.")
        self.setInformativeText(note)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
