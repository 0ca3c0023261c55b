"""Undo commands of adjudication: a decision on one pair, and accepting all agreements at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from PySide6.QtGui import QUndoCommand

from annotator.core.errors import AnnotatorError
from annotator.core.model import Annotation, Decision
from annotator.core.review import Pair
from annotator.services.relation_review import RelationStep
from annotator.services.review import Review

if TYPE_CHECKING:
    from typing_extensions import Unpack  # in typing from Python 3.11

ACTION_TEXT = {"take_a": "Take A", "take_b": "Take B", "accept": "Accept", "edit": "Edit gold span", "reject": "Reject"}


class DecisionOptions(TypedDict, total=False):
    """What a decision may say besides its action: the reviewer's reason, and the gold span an edit makes."""

    rationale: str
    label: str
    start: int
    end: int
    attributes: dict[str, str]


class DecideCommand(QUndoCommand):
    """One decision; undo removes its gold annotation and restores what it replaced, redo keeps the ids."""

    def __init__(
        self,
        review: Review,
        document_id: int,
        pair: Pair,
        action: str,
        on_error: Callable[[str], None],
        **options: Unpack[DecisionOptions],
    ):
        super().__init__(ACTION_TEXT.get(action, action))
        self.review, self.document_id, self.pair, self.action = review, document_id, pair, action
        self.options, self.on_error = options, on_error
        self.decision: Decision | None = None
        self.gold: Annotation | None = None
        self.replaced: list[Annotation] = []

    def redo(self) -> None:
        try:
            if self.decision is None:
                self.decision, self.gold, self.replaced = self.review.decide(
                    self.document_id, self.pair, self.action, **self.options
                )
            else:
                self.decision = self.review.redo(self.decision, self.gold, self.replaced)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"{self.text()}: {exc}")

    def undo(self) -> None:
        if self.decision is None:
            return
        try:
            self.decision = self.review.undo(self.decision, self.replaced)  # as stored: a rationale comes back on redo
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"Undo {self.text()}: {exc}")


class AcceptAllCommand(QUndoCommand):
    """Every exact agreement of the document into gold in one step: spans, then the relations both drew."""

    def __init__(self, review: Review, document_id: int, a: str, b: str, on_error: Callable[[str], None]):
        super().__init__("Accept all agreements")
        self.review, self.document_id, self.a, self.b, self.on_error = review, document_id, a, b, on_error
        self.steps: list[tuple[Decision, Annotation]] | None = None
        self.relation_steps: list[RelationStep] = []

    def redo(self) -> None:
        try:
            if self.steps is None:
                decisions = self.review.accept_all(self.document_id, self.a, self.b)
                gold = {g.id: g for g in self.review.gold(self.document_id)}
                # an accepted agreement always has its gold annotation
                self.steps = [(d, gold[d.gold_annotation_id]) for d in decisions if d.gold_annotation_id is not None]
                self.relation_steps = self.review.relations.accept_all(self.document_id, self.a, self.b)
                if not self.steps and not self.relation_steps:
                    self.setObsolete(True)  # nothing to accept: no empty step on the undo stack
            else:
                self.review.redo_many(self.steps)
                self.relation_steps = self.review.relations.redo_many(self.relation_steps)
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"{self.text()}: {exc}")

    def undo(self) -> None:
        try:
            self.relation_steps = self.review.relations.undo_many(self.relation_steps)
            stored = {d.id: d for d in self.review.undo_many([d for d, _ in self.steps or []])}
            self.steps = [(stored.get(d.id, d), gold) for d, gold in self.steps or []]
        except AnnotatorError as exc:
            self.setObsolete(True)
            self.on_error(f"Undo {self.text()}: {exc}")

    @property
    def count(self) -> int:
        """Agreements taken: spans and relations."""
        return len(self.steps or []) + len(self.relation_steps)
