"""Preferences: the analyst name and the reviewer role, saved for future sessions."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout


class PreferencesDialog(QDialog):
    def __init__(self, analyst: str, reviewer: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.analyst_edit = QLineEdit(analyst)
        self.analyst_edit.setObjectName("analystEdit")
        self.analyst_edit.setPlaceholderText("your name as it appears on annotations")
        form.addRow("&Analyst name", self.analyst_edit)
        self.reviewer_box = QCheckBox("I am the &reviewer: see every analyst in blind mode, compare and adjudicate")
        self.reviewer_box.setObjectName("reviewerBox")
        self.reviewer_box.setChecked(reviewer)
        form.addRow("", self.reviewer_box)
        layout.addLayout(form)
        hint = QLabel("New annotations are recorded under this name. The --analyst and --reviewer options override these for one session.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    @property
    def reviewer(self) -> bool:
        return self.reviewer_box.isChecked()

    @property
    def analyst(self) -> str:
        return self.analyst_edit.text().strip()
