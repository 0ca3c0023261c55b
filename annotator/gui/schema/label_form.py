"""The selected label's form: name, key, colour (Okabe–Ito or custom), attributes and values, guidelines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.core.guidelines import Guideline
from annotator.core.labels import AttributeDef, LabelDef
from annotator.core.schema_edits import OKABE_ITO, with_value_guideline
from annotator.gui.annotate.label_palette import swatch
from annotator.gui.schema.commit_text import CommitText
from annotator.gui.schema.guideline_editor import GuidelineEditor

_CUSTOM = "Custom colour…"


def parse_attributes(lines: tuple[str, ...], before: tuple[AttributeDef, ...]) -> tuple[AttributeDef, ...]:
    """`name: value, value` a line (a name alone: free text); guidelines of values kept are kept."""
    attributes = []
    for line in lines:
        name, _, values = line.partition(":")
        kept = tuple(v.strip() for v in values.split(",") if v.strip())
        old = next((a for a in before if a.name == name.strip()), None)
        guidelines = tuple((v, g) for v, g in old.guidelines if v in kept) if old else ()
        attributes.append(AttributeDef(name.strip(), kept, guidelines))
    return tuple(attributes)


class LabelForm(QWidget):
    """Emits `edited(LabelDef)` with the label as changed by one finished edit (its key never changes)."""

    edited = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label: LabelDef | None = None
        self.name = QLineEdit()
        self.name.setObjectName("labelName")
        self.shortcut = QLineEdit()
        self.shortcut.setObjectName("labelShortcut")
        self.shortcut.setMaxLength(1)
        self.shortcut.setFixedWidth(48)
        self.key = QLabel()
        self.key.setToolTip("The key files and exports use: it never changes, so stored annotations stay valid")
        self.colour = QComboBox()
        self.colour.setObjectName("labelColour")
        self.attributes = CommitText("One attribute a line: name: value, value, …  (a name alone: free text)", 3)
        self.guideline = GuidelineEditor()
        self.value = QComboBox()
        self.value.setObjectName("attributeValue")
        self.value_guideline = GuidelineEditor()

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Key", self.shortcut)
        form.addRow("Colour", self.colour)
        form.addRow("In files", self.key)
        form.addRow("Attributes", self.attributes)
        label_box = QGroupBox("Guideline")
        QVBoxLayout(label_box).addWidget(self.guideline)
        self.value_box = value_box = QGroupBox("Guideline of an attribute value")
        value_layout = QVBoxLayout(value_box)
        value_layout.addWidget(self.value)
        value_layout.addWidget(self.value_guideline)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label_box)
        layout.addWidget(value_box)
        layout.addStretch(1)

        self.name.editingFinished.connect(lambda: self._emit(lambda lb: replace(lb, name=self.name.text())))
        self.shortcut.editingFinished.connect(lambda: self._emit(lambda lb: replace(lb, shortcut=self.shortcut.text())))
        self.colour.activated.connect(self._colour_chosen)
        self.attributes.committed.connect(self._attributes_edited)
        self.guideline.edited.connect(lambda g: self._emit(lambda lb: replace(lb, guideline=g)))
        self.value.currentIndexChanged.connect(self._show_value_guideline)
        self.value_guideline.edited.connect(self._value_guideline_edited)
        self.setEnabled(False)

    def set_label(self, label: LabelDef | None) -> None:
        self.label = label
        self.setEnabled(label is not None)
        label = label or LabelDef("", "", "#999999")
        self.name.setText(label.name)
        self.shortcut.setText(label.shortcut)
        self.key.setText(label.key)
        self._fill_colours(label.colour)
        self.attributes.set_text(
            "\n".join(f"{a.name}: {', '.join(a.values)}" if a.values else a.name for a in label.attributes)
        )
        self.guideline.set_guideline(label.guideline)
        chosen = self.value.currentData()
        self.value.blockSignals(True)
        self.value.clear()
        for attribute in label.attributes:
            for value in attribute.values:
                self.value.addItem(f"{attribute.name} = {value}", (attribute.name, value))
        at = self.value.findData(chosen) if chosen else -1
        self.value.setCurrentIndex(max(at, 0))
        self.value.blockSignals(False)
        self.value_box.setVisible(self.value.count() > 0)  # free-text attributes or none: no values to guide
        self._show_value_guideline()

    def commit(self) -> None:
        """Save what is typed but not yet left (before the window closes or another label is chosen)."""
        for box in (self.name, self.shortcut):
            if box.isModified():
                box.editingFinished.emit()
        self.attributes.commit()
        self.guideline.commit()
        self.value_guideline.commit()

    def _fill_colours(self, current: str) -> None:
        self.colour.blockSignals(True)
        self.colour.clear()
        for name, colour in OKABE_ITO:
            self.colour.addItem(swatch(colour), f"{name}  {colour}", colour)
        if self.colour.findData(current.upper()) < 0:
            self.colour.addItem(swatch(current), f"Custom  {current}", current)
        self.colour.addItem(_CUSTOM, None)
        self.colour.setCurrentIndex(max(self.colour.findData(current.upper()), self.colour.findData(current)))
        self.colour.blockSignals(False)

    def _colour_chosen(self, index: int) -> None:
        colour = self.colour.itemData(index)
        if colour is None and self.label is not None:
            picked = QColorDialog.getColor(QColor(self.label.colour), self, "Label colour")
            colour = picked.name().upper() if picked.isValid() else None
        if colour is None or self.label is None:
            self._fill_colours(self.label.colour if self.label else "#999999")
            return
        self._emit(lambda lb: replace(lb, colour=colour))

    def _attributes_edited(self) -> None:
        if self.label is not None:
            attributes = parse_attributes(self.attributes.lines(), self.label.attributes)
            self._emit(lambda lb: replace(lb, attributes=attributes))

    def _show_value_guideline(self) -> None:
        chosen = self.value.currentData()
        attribute = self.label.attribute(chosen[0]) if self.label is not None and chosen else None
        found = attribute.guideline_of(chosen[1]) if attribute is not None and chosen else None
        self.value_guideline.setEnabled(attribute is not None)
        self.value_guideline.set_guideline(found or Guideline())

    def _value_guideline_edited(self, guideline: Guideline) -> None:
        chosen = self.value.currentData()
        if self.label is None or not chosen:
            return
        attributes = tuple(
            with_value_guideline(a, chosen[1], guideline) if a.name == chosen[0] else a for a in self.label.attributes
        )
        self._emit(lambda lb: replace(lb, attributes=attributes))

    def _emit(self, change: Callable[[LabelDef], LabelDef]) -> None:
        if self.label is None:
            return
        changed = change(self.label)
        if changed != self.label:
            self.edited.emit(changed)
