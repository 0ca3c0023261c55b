"""The four parts of a guideline, edited: definition, what to include, what to exclude, examples."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QWidget

from annotator.core.guidelines import Guideline
from annotator.gui.schema.commit_text import CommitText


class GuidelineEditor(QWidget):
    """Emits `edited(Guideline)` when one of its parts was changed and left."""

    edited = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.definition = CommitText("What this label marks, in a sentence or two", 4)
        self.include = CommitText("Include: one rule a line", 4)
        self.exclude = CommitText("Exclude: one rule a line", 4)
        self.examples = CommitText("Examples from the articles, one a line; [brackets] mark the span", 4)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, box in (
            ("Definition", self.definition),
            ("Include", self.include),
            ("Exclude", self.exclude),
            ("Examples", self.examples),
        ):
            layout.addRow(title, box)
            box.committed.connect(lambda: self.edited.emit(self.guideline()))

    def set_guideline(self, guideline: Guideline) -> None:
        self.definition.set_text(guideline.definition)
        self.include.set_text("\n".join(guideline.include))
        self.exclude.set_text("\n".join(guideline.exclude))
        self.examples.set_text("\n".join(guideline.examples))

    def guideline(self) -> Guideline:
        return Guideline(
            self.definition.toPlainText().strip(), self.include.lines(), self.exclude.lines(), self.examples.lines()
        )

    def commit(self) -> None:
        for box in (self.definition, self.include, self.exclude, self.examples):
            box.commit()
