"""Editor for the selected annotation: its label, the label's attributes from the schema, a note, and its
relations, each a link to the annotation at the other end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.core.labels import LabelSchema, value_title
from annotator.core.model import Annotation
from annotator.gui.focus_combo import FocusComboBox

UNSET = "—"


class AttributeEditor(QGroupBox):
    """Emits `edited` with the id of the annotation the edit was made on (the one shown when it began,
    whatever is selected by the time it arrives) and the changed fields ({"label": ...},
    {"attributes": {...}} or {"note": ...})."""

    edited = Signal(int, dict)
    relation_followed = Signal(int)  # a relation line was clicked (or activated): the annotation at its other end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected annotation", parent)
        self._annotation: Annotation | None = None
        self._schema: LabelSchema | None = None
        self._updating = False
        self._layout = QVBoxLayout(self)
        self._hint = QLabel("Select an annotation in the text or the table to edit its label, attributes and note.")
        self._hint.setWordWrap(True)
        self._layout.addWidget(self._hint)
        self.relations_label = QLabel()
        self.relations_label.setObjectName("relationLines")
        self.relations_label.setTextFormat(Qt.TextFormat.RichText)
        self.relations_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.relations_label.setWordWrap(True)
        self.relations_label.linkActivated.connect(lambda href: self.relation_followed.emit(int(href)))
        self.relations_label.hide()
        self._layout.addWidget(self.relations_label)
        self._relation_lines: list[tuple[str, int]] = []
        self._host: QWidget | None = None
        self.label_box: QComboBox | None = None
        self.note_edit: QLineEdit | None = None
        self._attribute_boxes: dict[str, QComboBox] = {}
        self._span: QLabel | None = None

    def attribute_box(self, name: str) -> QComboBox | None:
        return self._attribute_boxes.get(name)

    def set_annotation(self, annotation: Annotation | None, schema: LabelSchema | None, covered: str = "") -> None:
        if annotation is None or self._annotation is None or annotation.id != self._annotation.id:
            self.commit_note()  # a note still being typed belongs to the annotation it was typed on
        # the same annotation shown anew (after an edit, or a change from another window): keep what is being typed
        typed = self._pending_note()
        same_form = (
            annotation is not None
            and self._annotation is not None
            and self._host is not None
            and annotation.id == self._annotation.id
            and annotation.label == self._annotation.label
            and schema is self._schema
        )
        self._annotation, self._schema = annotation, schema
        self._updating = True
        try:
            if not same_form:
                self._rebuild()
            if annotation is not None and self._host is not None:
                self._fill(annotation, covered, typed)
        finally:
            self._updating = False

    def _rebuild(self) -> None:
        """A fresh form for the selected annotation's label (its attributes differ per label)."""
        if self._host is not None:
            host, self._host = self._host, None
            focused = QApplication.focusWidget()
            if focused is not None and host.isAncestorOf(focused):
                # keep the focus here: hiding a focused field hands it along the focus chain, and the
                # document list or the table would take it as a click on their current row
                self.setFocus(Qt.FocusReason.OtherFocusReason)
            # out of the layout now: deleteLater alone would leave it on screen until the event loop runs
            self._layout.removeWidget(host)
            host.hide()
            host.deleteLater()
        self.label_box = self.note_edit = None
        self._attribute_boxes = {}
        annotation, schema = self._annotation, self._schema
        self._hint.setVisible(annotation is None)
        if annotation is None or schema is None:
            return
        self._host = QWidget(self)
        form = QFormLayout(self._host)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label_box = FocusComboBox()
        self.label_box.setObjectName("labelBox")
        for label in schema:
            self.label_box.addItem(label.name, label.key)
        self.label_box.currentIndexChanged.connect(self._label_changed)
        form.addRow("&Label", self.label_box)
        definition = schema.get(annotation.label)
        for attribute in definition.attributes if definition else ():
            box = FocusComboBox()
            box.setObjectName(f"attribute:{attribute.name}")
            box.addItem(UNSET, "")
            for value in attribute.values:
                box.addItem(value_title(value), value)
            box.currentIndexChanged.connect(lambda _i, name=attribute.name: self._attribute_changed(name))
            self._attribute_boxes[attribute.name] = box
            form.addRow(value_title(attribute.name).capitalize(), box)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("A note for this annotation")
        self.note_edit.editingFinished.connect(self.commit_note)
        form.addRow("&Note", self.note_edit)
        self._span = QLabel()
        self._span.setWordWrap(True)
        self._span.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self._span)
        self._layout.insertWidget(self._layout.indexOf(self.relations_label), self._host)
        self._host.show()  # at once, not on the next event-loop turn, so the form is usable immediately

    def set_relations(self, lines: Sequence[tuple[str, int]]) -> None:
        """The selected annotation's relations: (line, the other end's annotation id), one line each."""
        self._relation_lines = list(lines)
        links = "<br>".join(f'<a href="{other}">{escape(text)}</a>' for text, other in lines)
        self.relations_label.setText(f"<b>Relations</b><br>{links}" if lines else "")
        self.relations_label.setVisible(bool(lines))

    def relation_lines(self) -> list[str]:
        """The relation lines shown, as the user reads them."""
        return [text for text, _ in self._relation_lines]

    def _fill(self, annotation: Annotation, covered: str, typed: str | None) -> None:
        label_box, note_edit, span = self.label_box, self.note_edit, self._span
        if label_box is None or note_edit is None or span is None:
            return  # no form to fill (it is built for an annotation and a schema)
        label_box.setCurrentIndex(max(0, label_box.findData(annotation.label)))
        for name, box in self._attribute_boxes.items():
            box.setCurrentIndex(max(0, box.findData(annotation.attributes.get(name, ""))))
        note = annotation.note if typed is None else typed
        if note_edit.text() != note:
            note_edit.setText(note)
        shown = " ".join(covered.split())
        shown = shown if len(shown) <= 160 else shown[:159] + "…"
        span.setText(f"“{shown}”  ·  {annotation.analyst}  ·  {annotation.start}–{annotation.end}")

    def _label_changed(self) -> None:
        if self.label_box is None:
            return  # the form is being taken down
        key = self.label_box.currentData()
        if not self._updating and self._annotation is not None and key and key != self._annotation.label:
            self.edited.emit(self._annotation.id, {"label": key})

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
            self.edited.emit(self._annotation.id, {"attributes": attributes})

    def _pending_note(self) -> str | None:
        """The note typed in the field and not saved yet, if any."""
        if self._annotation is None or self.note_edit is None or self.note_edit.text() == self._annotation.note:
            return None
        return self.note_edit.text()

    def commit_note(self) -> None:
        """Save the note being typed (Enter, leaving the field, or before the editor shows another annotation)."""
        annotation = self._annotation
        note = None if self._updating else self._pending_note()
        if annotation is None or note is None:
            return
        # taken as said before it is sent: the refresh the save brings must neither send it again nor wipe it
        self._annotation = replace(annotation, note=note)
        self.edited.emit(annotation.id, {"note": note})
