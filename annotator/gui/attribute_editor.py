"""Editor for the selected annotation: its label, the label's attributes from the schema, and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation

UNSET = "—"


class AttributeEditor(QGroupBox):
    """Emits `edited` with the changed fields ({"label": ...}, {"attributes": {...}} or {"note": ...})."""

    edited = Signal(dict)

    def __init__(self, parent=None):
        super().__init__("Selected annotation", parent)
        self._annotation: Annotation | None = None
        self._schema: LabelSchema | None = None
        self._updating = False
        self._layout = QVBoxLayout(self)
        self._hint = QLabel("Select an annotation in the text or the table to edit its label, attributes and note.")
        self._hint.setWordWrap(True)
        self._layout.addWidget(self._hint)
        self._host: QWidget | None = None
        self.label_box: QComboBox | None = None
        self.note_edit: QLineEdit | None = None
        self._attribute_boxes: dict[str, QComboBox] = {}
        self._span: QLabel | None = None

    def attribute_box(self, name: str) -> QComboBox | None:
        return self._attribute_boxes.get(name)

    def set_annotation(self, annotation: Annotation | None, schema: LabelSchema | None, covered: str = "") -> None:
        same_form = (
            annotation is not None and self._annotation is not None and self._host is not None
            and annotation.id == self._annotation.id and annotation.label == self._annotation.label and schema is self._schema
        )
        self._annotation, self._schema = annotation, schema
        self._updating = True
        try:
            if not same_form:
                self._rebuild()
            if annotation is not None and self._host is not None:
                self._fill(annotation, covered)
        finally:
            self._updating = False

    def _rebuild(self) -> None:
        """A fresh form for the selected annotation's label (its attributes differ per label)."""
        if self._host is not None:
            # out of the layout now: deleteLater alone would leave it on screen until the event loop runs
            self._layout.removeWidget(self._host)
            self._host.hide()
            self._host.deleteLater()
            self._host = None
        self._attribute_boxes = {}
        annotation, schema = self._annotation, self._schema
        self._hint.setVisible(annotation is None)
        if annotation is None or schema is None:
            return
        self._host = QWidget(self)
        form = QFormLayout(self._host)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label_box = QComboBox()
        self.label_box.setObjectName("labelBox")
        for label in schema:
            self.label_box.addItem(label.name, label.key)
        self.label_box.currentIndexChanged.connect(self._label_changed)
        form.addRow("&Label", self.label_box)
        definition = schema.get(annotation.label)
        for attribute in definition.attributes if definition else ():
            box = QComboBox()
            box.setObjectName(f"attribute:{attribute.name}")
            box.addItem(UNSET, "")
            for value in attribute.values:
                box.addItem(value.replace("_", " "), value)
            box.currentIndexChanged.connect(lambda _i, name=attribute.name: self._attribute_changed(name))
            self._attribute_boxes[attribute.name] = box
            form.addRow(attribute.name.replace("_", " ").capitalize(), box)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("A note for this annotation")
        self.note_edit.editingFinished.connect(self._note_changed)
        form.addRow("&Note", self.note_edit)
        self._span = QLabel()
        self._span.setWordWrap(True)
        self._span.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self._span)
        self._layout.addWidget(self._host)
        self._host.show()  # at once, not on the next event-loop turn, so the form is usable immediately

    def _fill(self, annotation: Annotation, covered: str) -> None:
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(annotation.label)))
        for name, box in self._attribute_boxes.items():
            box.setCurrentIndex(max(0, box.findData(annotation.attributes.get(name, ""))))
        if self.note_edit.text() != annotation.note:
            self.note_edit.setText(annotation.note)
        shown = " ".join(covered.split())
        shown = shown if len(shown) <= 160 else shown[:159] + "…"
        self._span.setText(f"“{shown}”  ·  {annotation.analyst}  ·  {annotation.start}–{annotation.end}")

    def _label_changed(self) -> None:
        key = self.label_box.currentData()
        if not self._updating and self._annotation is not None and key and key != self._annotation.label:
            self.edited.emit({"label": key})

    def _attribute_changed(self, name: str) -> None:
        if self._updating or self._annotation is None:
            return
        attributes = dict(self._annotation.attributes)
        value = self._attribute_boxes[name].currentData()
        if value:
            attributes[name] = value
        else:
            attributes.pop(name, None)
        if attributes != dict(self._annotation.attributes):
            self.edited.emit({"attributes": attributes})

    def _note_changed(self) -> None:
        if not self._updating and self._annotation is not None and self.note_edit.text() != self._annotation.note:
            self.edited.emit({"note": self.note_edit.text()})
