"""Undo commands: one per user edit, holding ids and values, each calling one service operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotation, Relation

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Project

# (message, a fresh command that would redo the failed edit, or None when there is nothing to retry)
ErrorHandler = Callable[[str, "QUndoCommand | None"], None]


def give_up(
    command: QUndoCommand,
    on_error: ErrorHandler,
    exc: AnnotatorError,
    *,
    step: str = "",
    retry: QUndoCommand | None = None,
) -> None:
    """A step the database refused: Qt drops the command from the stack, and the window hears why (and may retry)."""
    command.setObsolete(True)
    on_error(f"{step}{command.text()}: {exc}", retry)


class AddAnnotationCommand(QUndoCommand):
    """Tagging a span. The service call happens before the push, so the first redo does nothing."""

    def __init__(self, project: Project, annotation: Annotation, on_error: ErrorHandler):
        label = project.schema.get(annotation.label)
        super().__init__(f"Tag as {label.name if label else annotation.label}")
        self.project, self.on_error = project, on_error
        self.annotation = annotation
        self.relations: list[Relation] = []
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        try:
            self.project.restore_annotation(self.annotation, self.relations, initiator=self)
            self._done = True
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Redo ")

    def undo(self) -> None:
        try:
            self.annotation, self.relations = self.project.delete_annotation(self.annotation.id, initiator=self)
            self._done = False
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")


class DeleteAnnotationCommand(QUndoCommand):
    """Deleting an annotation; undo puts it back with the same id and its relations."""

    def __init__(self, project: Project, annotation_id: int, on_error: ErrorHandler):
        super().__init__("Delete annotation")
        self.project, self.on_error = project, on_error
        self.annotation_id = annotation_id
        self.annotation: Annotation | None = None
        self.relations: list[Relation] = []

    def redo(self) -> None:
        try:
            self.annotation, self.relations = self.project.delete_annotation(self.annotation_id, initiator=self)
        except AnnotatorError as exc:
            retry = (
                DeleteAnnotationCommand(self.project, self.annotation_id, self.on_error)
                if self.annotation is None
                else None
            )
            give_up(self, self.on_error, exc, retry=retry)

    def undo(self) -> None:
        if self.annotation is None:
            return
        try:
            self.project.restore_annotation(self.annotation, self.relations, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")


class UpdateAnnotationCommand(QUndoCommand):
    """Changing label, attributes, note or bounds; consecutive note edits merge into one step."""

    NOTE_ID = 1

    def __init__(self, project: Project, before: Annotation, changes: dict, on_error: ErrorHandler):
        what = (
            "label"
            if "label" in changes
            else "note"
            if set(changes) == {"note"}
            else "attributes"
            if "attributes" in changes
            else "span"
        )
        super().__init__(f"Change {what}")
        self.project, self.on_error = project, on_error
        self.annotation_id = before.id
        self.before = before
        self.old = {key: getattr(before, key) for key in changes}
        self.new = dict(changes)
        self._applied = False

    def id(self) -> int:
        return self.NOTE_ID if set(self.new) == {"note"} else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UpdateAnnotationCommand) or other.annotation_id != self.annotation_id:
            return False
        self.new.update(other.new)
        return True

    def _apply(self, values: dict) -> None:
        try:
            self.project.update_annotation(self.annotation_id, initiator=self, **values)
            self._applied = True
        except AnnotatorError as exc:
            first_time = not self._applied and values is self.new
            retry = UpdateAnnotationCommand(self.project, self.before, self.new, self.on_error) if first_time else None
            give_up(self, self.on_error, exc, retry=retry)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)
