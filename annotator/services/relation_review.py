"""Review of relations: list A's and B's relations side by side, and decide them into the gold set.

A gold relation joins gold annotations: the gold annotation the latest decision on each end's
span pair made. Taking a relation whose end has none (undecided, rejected, or its gold span
deleted since) takes that end too, as the span decision would (A's span for A's relation, B's
for B's), each end a decision of its own in the log; undoing the relation's decision undoes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, Annotation, Decision, Relation
from annotator.core.relation_review import RelationPair, align_relations, relation_agreements
from annotator.core.review import Pair
from annotator.services.roles import scoped_analysts

if TYPE_CHECKING:
    from annotator.services.review import Review

RELATION_ACTIONS = ("take_a", "take_b", "accept", "edit", "reject", "accept_all")


@dataclass(slots=True)
class EndStep:
    """A span decision a relation decision made to bring one of its ends into gold."""

    decision: Decision
    gold: Annotation | None
    replaced: list[Annotation]


@dataclass(slots=True)
class RelationStep:
    """One decision on a relation row, with what undo and redo need: the gold relation it added,
    the gold relations it replaced, and the span decisions that brought its ends into gold."""

    decision: Decision
    gold: Relation | None
    replaced: list[Relation] = field(default_factory=list)
    ends: list[EndStep] = field(default_factory=list)


class RelationReview:
    """The reviewer's operations on relations; reached as `project.review.relations`."""

    def __init__(self, review: Review):
        self.review = review
        self.project = review.project
        self._repo = review.project.repository.review

    # --- comparing

    def compare(self, document_id: int, a: str, b: str, pairs: Sequence[Pair] | None = None) -> list[RelationPair]:
        """A's and B's relations of a document paired over the span alignment (`pairs`, else aligned now)."""
        self.project.require_all_visible()
        if pairs is None:
            pairs = self.review.compare(document_id, a, b)
        relations = self.project.repository.relations(document_id, [a, b])
        return align_relations(
            pairs, [r for r in relations if r.analyst == a], [r for r in relations if r.analyst == b]
        )

    def gold(self, document_id: int) -> list[Relation]:
        """The gold relations of a document, to whoever sees the gold spans (hidden from an analyst in blind mode)."""
        project = self.project
        return project.repository.relations(
            document_id, scoped_analysts(project.visible_analysts(), [GOLD], project.analyst)
        )

    @staticmethod
    def decision(row: RelationPair, decisions: Sequence[Decision]) -> Decision | None:
        """The latest decision on a relation row (on either of its relations)."""
        ids = set(row.ids)
        found = [d for d in decisions if ids & set(d.relation_sources)]
        return max(found, key=lambda d: d.id) if found else None

    # --- deciding

    def _gold_end(self, pair: Pair, decisions: Sequence[Decision], gold: dict[int, Annotation]) -> Annotation | None:
        """The gold annotation the latest decision on a span pair made, if it is still there."""
        ids = {x.id for x in (pair.a, pair.b) if x is not None}
        for d in reversed(decisions):
            if ids & set(d.sources):
                return gold.get(d.gold_annotation_id) if d.gold_annotation_id is not None else None
        return None

    def decide(
        self,
        document_id: int,
        row: RelationPair,
        action: str,
        *,
        type: str | None = None,
        rationale: str = "",
    ) -> RelationStep:
        """Record a decision on a relation row and change the gold set to match (all undoable with `undo`).

        take_a / take_b take that analyst's relation, accept and edit take A's (B's where A has none;
        edit with the given `type`), reject records the decision and leaves gold as it is.
        """
        self.project.require_reviewer()
        if action not in RELATION_ACTIONS:
            raise AnnotatorError(f"unknown review action {action!r}")
        side = "b" if action == "take_b" or (action != "take_a" and row.a is None) else "a"
        chosen = None if action == "reject" else row.a if side == "a" else row.b
        if action != "reject" and chosen is None:
            raise AnnotatorError(f"analyst {side.upper()} has no relation here")
        decisions = self._repo.decisions(document_id)
        gold_spans = {x.id: x for x in self.review.gold(document_id)}
        ends: list[tuple[Pair, Annotation | None]] = [
            (pair, self._gold_end(pair, decisions, gold_spans)) for pair in (row.source, row.target)
        ]
        relation_type = (type if action == "edit" and type else chosen.type) if chosen is not None else row.type
        if chosen is not None:
            labels = [end.label if end is not None else _side(pair, side).label for pair, end in ends]
            problem = self.project.schema.relation_problem(relation_type, labels[0], labels[1])
            if problem:
                raise AnnotatorError(problem)
        end_steps: list[EndStep] = []
        gold_ids: list[int] = []
        try:
            if chosen is not None:
                for pair, end in ends:
                    if end is None:  # not in gold yet: take it as the span decision would
                        taken, added, replaced_spans = self.review.decide(
                            document_id, pair, "take_a" if _side(pair, side) is pair.a else "take_b"
                        )
                        end_steps.append(EndStep(taken, added, replaced_spans))
                        if added is None:
                            raise AnnotatorError("the end of the relation could not be taken into gold")
                        end = added
                    gold_ids.append(end.id)
            replaced = self._previous_gold(document_id, row, decisions)
            gold = (
                Relation(0, document_id, GOLD, relation_type, gold_ids[0], gold_ids[1]) if chosen is not None else None
            )
            decision = Decision(
                0,
                document_id,
                self.project.analyst,
                action,
                (),
                None,
                relation_type,
                None,
                None,
                rationale,
                relation_sources=row.ids,
            )
            ((stored, added_relation),) = self._repo.decide_relations([(decision, gold)], [r.id for r in replaced])
        except AnnotatorError:
            for taken_end in reversed(end_steps):  # all of the decision or none of it
                self.review.undo(taken_end.decision, taken_end.replaced)
            raise
        self._notify(document_id, [*replaced, *([added_relation] if added_relation else [])])
        return RelationStep(stored, added_relation, replaced, end_steps)

    def _previous_gold(self, document_id: int, row: RelationPair, decisions: Sequence[Decision]) -> list[Relation]:
        """Gold relations earlier decisions on the same relations made (a new decision replaces them)."""
        ids = set(row.ids)
        made = {d.gold_relation_id for d in decisions if ids & set(d.relation_sources)}
        return [r for r in self.gold(document_id) if r.id in made]

    def accept_all(self, document_id: int, a: str, b: str, rationale: str = "") -> list[RelationStep]:
        """Put every relation A and B drew alike (kind match) and not yet decided into gold, joining the
        gold annotations of its ends; rows whose ends are not both in gold are left (accept their spans first)."""
        self.project.require_reviewer()
        decisions = self._repo.decisions(document_id)
        decided = {source for d in decisions for source in d.relation_sources}
        gold_spans = {x.id: x for x in self.review.gold(document_id)}
        existing = {(r.type, r.source_id, r.target_id) for r in self.gold(document_id)}
        steps: list[tuple[Decision, Relation | None]] = []
        for row in relation_agreements(self.compare(document_id, a, b)):
            if decided & set(row.ids):
                continue
            source = self._gold_end(row.source, decisions, gold_spans)
            target = self._gold_end(row.target, decisions, gold_spans)
            if source is None or target is None or (row.type, source.id, target.id) in existing:
                continue
            existing.add((row.type, source.id, target.id))
            decision = Decision(
                0,
                document_id,
                self.project.analyst,
                "accept_all",
                (),
                None,
                row.type,
                None,
                None,
                rationale,
                relation_sources=row.ids,
            )
            steps.append((decision, Relation(0, document_id, GOLD, row.type, source.id, target.id)))
        done = self._repo.decide_relations(steps)
        if done:
            self._notify(document_id, [r for _, r in done if r is not None])
        return [RelationStep(d, r) for d, r in done]

    def undo(self, step: RelationStep) -> RelationStep:
        """Take a relation decision back: its gold relation goes, what it replaced comes back, and the span
        decisions it made for its ends are undone too. Returns the step as it was stored (rationales added
        since included): what a redo records again."""
        self.project.require_reviewer()
        stored, _ = self._repo.undo_decision(step.decision.id, (), step.replaced)
        self._notify(step.decision.document_id, [*([step.gold] if step.gold else []), *step.replaced])
        ends = [replace(end, decision=self.review.undo(end.decision, end.replaced)) for end in reversed(step.ends)]
        return replace(step, decision=stored, ends=ends[::-1])

    def redo(self, step: RelationStep) -> RelationStep:
        """Record a relation decision (and the span decisions of its ends) again after an undo, with the same ids."""
        self.project.require_reviewer()
        ends = [EndStep(self.review.redo(e.decision, e.gold, e.replaced), e.gold, e.replaced) for e in step.ends]
        ((stored, gold),) = self._repo.decide_relations([(step.decision, step.gold)], [r.id for r in step.replaced])
        self._notify(step.decision.document_id, [*step.replaced, *([gold] if gold else [])])
        return RelationStep(stored, gold, step.replaced, ends)

    def undo_many(self, steps: Sequence[RelationStep]) -> list[RelationStep]:
        """Take several relation decisions back in one step; returns the steps as they were stored."""
        self.project.require_reviewer()
        stored = {d.id: d for d in self._repo.undo_many([s.decision.id for s in steps])}
        if steps:
            self._notify(steps[0].decision.document_id, [s.gold for s in steps if s.gold is not None])
        return [replace(s, decision=stored.get(s.decision.id, s.decision)) for s in steps]

    def redo_many(self, steps: Sequence[RelationStep]) -> list[RelationStep]:
        self.project.require_reviewer()
        done = self._repo.decide_relations([(s.decision, s.gold) for s in steps])
        if done:
            self._notify(done[0][0].document_id, [r for _, r in done if r is not None])
        return [RelationStep(d, r) for d, r in done]

    def _notify(self, document_id: int, relations: Sequence[Relation]) -> None:
        """Tell views which gold relations changed; a decision that changed none (reject) is news too."""
        for relation in relations:
            self.project.notify_relations(relation)
        if not relations:
            self.project.notify_annotations(document_id)


def _side(pair: Pair, side: str) -> Annotation:
    """The annotation of a span pair on `side` ("a" or "b"), else the other one (a one-sided end pair)."""
    first, second = (pair.a, pair.b) if side == "a" else (pair.b, pair.a)
    found = first if first is not None else second
    if found is None:
        raise ValueError("a pair needs at least one annotation")  # refused by Pair already
    return found
