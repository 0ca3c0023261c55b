"""Asks what to export: format, annotation set and destination."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.focus_combo import FocusComboBox
from annotator.services.exchange import FormatInfo

ALL_SETS = ""


class ExportDialog(QDialog):
    def __init__(
        self, formats: list[FormatInfo], analysts: list[str], start_folder: Path, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._formats = {f.name: f for f in formats}
        self._analysts = analysts
        self._folder = start_folder
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format_box = FocusComboBox()
        for f in formats:
            self.format_box.addItem(f"{f.name} — {f.description}", f.name)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        form.addRow("&Format", self.format_box)
        self.set_box = FocusComboBox()
        form.addRow("Annotation &set", self.set_box)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit()
        self.path_edit.textChanged.connect(self._validate)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row_layout.addWidget(self.path_edit, 1)
        row_layout.addWidget(browse)
        form.addRow("&Save to", row)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self._format_changed()

    @property
    def format_name(self) -> str:
        return self.format_box.currentData()

    @property
    def analysts(self) -> list[str] | None:
        chosen = self.set_box.currentData()
        return None if chosen == ALL_SETS else [chosen]

    @property
    def out(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def _format_changed(self) -> None:
        info = self._formats[self.format_name]
        self.set_box.clear()
        if not info.one_set:
            self.set_box.addItem("Every analyst's set", ALL_SETS)
        for name in self._analysts:
            self.set_box.addItem(name, name)
        suffix = info.extensions[0] if info.extensions else ""
        target = self._folder / ("export" if info.writes_folder else f"export{suffix}")
        self.path_edit.setText(str(target))
        kind = "a folder (one file per document)" if info.writes_folder else "one file"
        sets = "one annotation set" if info.one_set else "every annotation set"
        self.hint.setText(f"{info.name} holds {sets} and is written as {kind}.")
        self._validate()

    def _browse(self) -> None:
        info = self._formats[self.format_name]
        if info.writes_folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export to folder", str(self._folder))
        else:
            patterns = " ".join(f"*{e}" for e in info.extensions)
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to file", self.path_edit.text(), f"{info.name} ({patterns})"
            )
        if chosen:
            self.path_edit.setText(chosen)

    def _validate(self) -> None:
        ok = bool(self.path_edit.text().strip()) and self.set_box.count() > 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
