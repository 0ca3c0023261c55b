"""Undo commands of relations: each holds ids and values and calls one service operation per step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation
from annotator.gui.annotate.commands import ErrorHandler, give_up

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Project


class AddRelationCommand(QUndoCommand):
    """Linking two annotations; the first redo adds the relation, later ones put it back under the same id."""

    def __init__(
        self, project: Project, document_id: int, type_key: str, source_id: int, target_id: int, on_error: ErrorHandler
    ):
        super().__init__(f"Link ({type_key})")
        self.project, self.on_error = project, on_error
        self.document_id, self.type_key = document_id, type_key
        self.source_id, self.target_id = source_id, target_id
        self.relation: Relation | None = None

    def redo(self) -> None:
        try:
            if self.relation is None:
                self.relation = self.project.add_relation(
                    self.document_id, self.type_key, self.source_id, self.target_id, initiator=self
                )
            else:
                self.relation = self.project.restore_relation(self.relation, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc)

    def undo(self) -> None:
        if self.relation is None:
            return
        try:
            self.relation = self.project.delete_relation(self.relation.id, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")


class DeleteRelationCommand(QUndoCommand):
    """Deleting a relation; undo puts it back with the same id."""

    def __init__(self, project: Project, relation_id: int, on_error: ErrorHandler):
        super().__init__("Delete relation")
        self.project, self.on_error = project, on_error
        self.relation_id = relation_id
        self.relation: Relation | None = None

    def redo(self) -> None:
        try:
            self.relation = self.project.delete_relation(self.relation_id, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc)

    def undo(self) -> None:
        if self.relation is None:
            return
        try:
            self.project.restore_relation(self.relation, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")


class UpdateRelationCommand(QUndoCommand):
    """Changing a relation's type and/or swapping its ends; undo puts back the type and the direction it had."""

    def __init__(self, project: Project, relation_id: int, type_key: str | None, reverse: bool, on_error: ErrorHandler):
        super().__init__(f"Change relation to {type_key}" if type_key and not reverse else "Reverse relation")
        if type_key and reverse:
            self.setText(f"Reverse relation as {type_key}")
        self.project, self.on_error = project, on_error
        self.relation_id, self.type_key, self.reverse = relation_id, type_key, reverse
        self.before: Relation | None = None

    def redo(self) -> None:
        try:
            if self.before is None:
                self.before = self.project.relation(self.relation_id)
            self.project.update_relation(self.relation_id, type=self.type_key, reverse=self.reverse, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc)

    def undo(self) -> None:
        if self.before is None:
            return
        try:
            self.project.update_relation(self.relation_id, type=self.before.type, reverse=self.reverse, initiator=self)
        except AnnotatorError as exc:
            give_up(self, self.on_error, exc, step="Undo ")
