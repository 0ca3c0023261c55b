"""Preferences: the analyst name, the reviewer role and word snapping, saved for future sessions."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from annotator.core.safe_text import name_problem


class PreferencesDialog(QDialog):
    def __init__(self, analyst: str, reviewer: bool = False, parent=None, *, snap_to_words: bool = True):
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
        self.snap_box = QCheckBox(
            "&Snap mouse selections to whole words (hold Alt while dragging for exact characters)"
        )
        self.snap_box.setObjectName("snapBox")
        self.snap_box.setChecked(snap_to_words)
        form.addRow("", self.snap_box)
        layout.addLayout(form)
        hint = QLabel(
            "New annotations are recorded under this name. The --analyst and --reviewer options override these for one session."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.problem = QLabel()  # why the name cannot be saved, shown until it is fixed
        self.problem.setObjectName("analystProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    @property
    def reviewer(self) -> bool:
        return self.reviewer_box.isChecked()

    @property
    def snap_to_words(self) -> bool:
        return self.snap_box.isChecked()

    @property
    def analyst(self) -> str:
        return self.analyst_edit.text().strip()

    def accept(self) -> None:
        """Saved only as plain text: a blank name, or one holding control characters (an ESC sequence), is refused."""
        problem = name_problem(self.analyst_edit.text())
        if problem is not None:
            self.problem.setText(problem[0].upper() + problem[1:] + ".")
            self.problem.show()
            self.analyst_edit.setFocus()
            return
        super().accept()
