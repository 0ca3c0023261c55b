"""Edit the gold span by hand: label, bounds (with a live preview of the covered text) and attributes."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelSchema, value_title
from annotator.core.offsets import trim_span
from annotator.gui.focus_combo import FocusComboBox
from annotator.gui.focus_spin import FocusSpinBox


class GoldEditDialog(QDialog):
    def __init__(
        self,
        text: str,
        schema: LabelSchema,
        label: str,
        start: int,
        end: int,
        attributes: Mapping[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Edit the gold span")
        self._text, self._schema = text, schema
        self._attribute_boxes: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.label_box = FocusComboBox()
        for definition in schema:
            self.label_box.addItem(definition.name, definition.key)
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(label)))
        self.form.addRow("&Label", self.label_box)
        self.start_box, self.end_box = FocusSpinBox(), FocusSpinBox()
        for box, value in ((self.start_box, start), (self.end_box, end)):
            box.setRange(0, len(text))
            box.setValue(value)
            box.valueChanged.connect(self._preview)
        self.form.addRow("&Start", self.start_box)
        self.form.addRow("&End", self.end_box)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.form.addRow("Covers", self.preview)
        self.rationale_edit = QLineEdit()
        self.rationale_edit.setPlaceholderText("Why (optional, one line)")
        self.form.addRow("&Rationale", self.rationale_edit)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._initial_attributes = dict(attributes)
        self.label_box.currentIndexChanged.connect(self._label_changed)
        self._label_changed()
        self._preview()
        self.resize(520, self.sizeHint().height())

    @property
    def label(self) -> str:
        return self.label_box.currentData()

    @property
    def span(self) -> tuple[int, int] | None:
        return trim_span(self._text, self.start_box.value(), self.end_box.value())

    @property
    def attributes(self) -> dict[str, str]:
        return {name: box.currentData() for name, box in self._attribute_boxes.items() if box.currentData()}

    @property
    def rationale(self) -> str:
        return self.rationale_edit.text().strip()

    def _label_changed(self) -> None:
        for box in self._attribute_boxes.values():
            self.form.removeRow(box)
        self._attribute_boxes = {}
        definition = self._schema.get(self.label)
        for attribute in definition.attributes if definition else ():
            box = FocusComboBox()
            box.addItem("—", "")
            for value in attribute.values:
                box.addItem(value_title(value), value)
            box.setCurrentIndex(max(0, box.findData(self._initial_attributes.get(attribute.name, ""))))
            self._attribute_boxes[attribute.name] = box
            self.form.insertRow(self.form.rowCount() - 1, attribute.name.capitalize(), box)

    def _preview(self) -> None:
        span = self.span
        ok = span is not None
        if span is not None:
            covered = " ".join(self._text[span[0] : span[1]].split())
            self.preview.setText(f"“{covered[:200]}{'…' if len(covered) > 200 else ''}”")
        else:
            self.preview.setText("(nothing: the end must come after the start)")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
