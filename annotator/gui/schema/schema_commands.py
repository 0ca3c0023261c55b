"""Undo commands of the schema editor: one per change, each saving a whole schema value (or deleting a label)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.labels import LabelSchema

if TYPE_CHECKING:
    from annotator.services.schema_editor import DeletedLabel, SchemaEditor

ErrorHandler = Callable[[str], None]


class SchemaChangeCommand(QUndoCommand):
    """A change of the schema, from `before` to `after` (frozen values); the first redo saves it.

    Undo saves `before` again through the same check, so an undo that would orphan annotations
    tagged since (with a label this command added) is refused with the reason instead.
    """

    def __init__(
        self, editor: SchemaEditor, text: str, before: LabelSchema, after: LabelSchema, on_error: ErrorHandler
    ):
        super().__init__(text)
        self.editor, self.before, self.after, self.on_error = editor, before, after, on_error

    def redo(self) -> None:
        self._save(self.after, "")

    def undo(self) -> None:
        self._save(self.before, "Undo ")

    def _save(self, schema: LabelSchema, step: str) -> None:
        try:
            self.editor.replace(schema, initiator=self)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"{step}{self.text()}: {exc}")


class DeleteLabelCommand(QUndoCommand):
    """Deleting a label and the annotations the user agreed to delete with it; undo puts them all back."""

    def __init__(self, editor: SchemaEditor, key: str, name: str, count: int, on_error: ErrorHandler):
        super().__init__(f"Delete label {name}")
        self.editor, self.key, self.count, self.on_error = editor, key, count, on_error
        self.deleted: DeletedLabel | None = None

    def redo(self) -> None:
        try:
            self.deleted = self.editor.delete_label(self.key, self.count, initiator=self)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"{self.text()}: {exc}")

    def undo(self) -> None:
        if self.deleted is None:
            return
        try:
            self.editor.undelete_label(self.deleted, initiator=self)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"Undo {self.text()}: {exc}")
