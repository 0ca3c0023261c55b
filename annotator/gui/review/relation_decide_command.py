"""Undo command of a decision on one relation row (with the span decisions that brought its ends into gold)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.relation_review import RelationPair
from annotator.services.relation_review import RelationReview, RelationStep

ACTION_TEXT = {
    "take_a": "Take A's relation",
    "take_b": "Take B's relation",
    "accept": "Accept relation",
    "edit": "Choose relation type",
    "reject": "Reject relation",
}


class RelationDecideCommand(QUndoCommand):
    """One decision on a relation row; undo takes it back with the ends it took, redo keeps the ids."""

    def __init__(
        self,
        relations: RelationReview,
        document_id: int,
        row: RelationPair,
        action: str,
        on_error: Callable[[str], None],
        relation_type: str | None = None,
    ):
        super().__init__(ACTION_TEXT.get(action, action))
        self.relations, self.document_id, self.row, self.action = relations, document_id, row, action
        self.relation_type, self.on_error = relation_type, on_error
        self.step: RelationStep | None = None

    def redo(self) -> None:
        try:
            if self.step is None:
                self.step = self.relations.decide(self.document_id, self.row, self.action, type=self.relation_type)
            else:
                self.step = self.relations.redo(self.step)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"{self.text()}: {exc}")

    def undo(self) -> None:
        if self.step is None:
            return
        try:
            self.step = self.relations.undo(self.step)  # as stored: a rationale comes back on redo
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"Undo {self.text()}: {exc}")
