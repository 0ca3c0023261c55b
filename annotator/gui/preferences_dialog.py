"""Preferences: the analyst name saved for future sessions."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout


class PreferencesDialog(QDialog):
    def __init__(self, analyst: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.analyst_edit = QLineEdit(analyst)
        self.analyst_edit.setObjectName("analystEdit")
        self.analyst_edit.setPlaceholderText("your name as it appears on annotations")
        form.addRow("&Analyst name", self.analyst_edit)
        layout.addLayout(form)
        hint = QLabel("New annotations are recorded under this name. The --analyst option overrides it for one session.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    @property
    def analyst(self) -> str:
        return self.analyst_edit.text().strip()
