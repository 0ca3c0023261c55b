"""Review data: per-analyst document status and the decision log (gold annotations are ordinary ones)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select

from annotator.core.errors import NotFound
from annotator.core.model import NOT_STARTED, STATUSES, Annotation, Decision, Relation
from annotator.store.ids import reserve_relation_ids
from annotator.store.rows import (
    AnalystRow,
    AnnotationRow,
    DecisionRow,
    DocumentStatusRow,
    RelationRow,
    as_utc,
    utcnow,
)


def _decision_row(
    decision: Decision, gold_annotation_id: int | None, gold_relation_id: int | None = None
) -> DecisionRow:
    return DecisionRow(
        id=decision.id or None,
        document_id=decision.document_id,
        reviewer=decision.reviewer,
        decided_at=decision.decided_at or utcnow(),
        action=decision.action,
        sources=list(decision.sources),
        gold_annotation_id=gold_annotation_id,
        label=decision.label,
        start=decision.start,
        end=decision.end,
        rationale=decision.rationale,
        relation_sources=list(decision.relation_sources) or None,
        gold_relation_id=gold_relation_id,
    )


def _to_decision(row: DecisionRow) -> Decision:
    return Decision(
        row.id,
        row.document_id,
        row.reviewer,
        row.action,
        tuple(row.sources or ()),
        row.gold_annotation_id,
        row.label,
        row.start,
        row.end,
        row.rationale or "",
        as_utc(row.decided_at),
        tuple(row.relation_sources or ()),
        row.gold_relation_id,
    )


class ReviewRepository:
    """Shares the main repository's sessions; every write commits before returning."""

    def __init__(self, repository):
        self._repo = repository

    # --- status

    def statuses(self, document_ids: Iterable[int] | None = None) -> dict[tuple[int, str], str]:
        """(document id, analyst) -> status, for the pairs that have one (the rest are not started)."""
        stmt = select(DocumentStatusRow.document_id, AnalystRow.name, DocumentStatusRow.status).join(
            AnalystRow, AnalystRow.id == DocumentStatusRow.analyst_id
        )
        if document_ids is not None:
            stmt = stmt.where(DocumentStatusRow.document_id.in_(list(document_ids)))
        with self._repo._session() as s:
            return {(d, name): status for d, name, status in s.execute(stmt).all()}

    def set_status(self, document_id: int, analyst: str, status: str) -> str:
        """Set an analyst's status for a document; returns the previous one (for undo)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self._repo._session(write=True) as s:
            analyst_id = self._repo._analyst_id(s, analyst)
            row = s.get(DocumentStatusRow, (document_id, analyst_id))
            previous = row.status if row is not None else NOT_STARTED
            if status == NOT_STARTED:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(
                    DocumentStatusRow(
                        document_id=document_id, analyst_id=analyst_id, status=status, updated_at=utcnow()
                    )
                )
            else:
                row.status, row.updated_at = status, utcnow()
            return previous

    # --- decisions

    def decide(
        self, decision: Decision, gold: Sequence[Annotation] = (), remove_gold: Sequence[int] = ()
    ) -> tuple[Decision, list[Annotation]]:
        """Record a decision and change the gold set with it, in one transaction.

        `gold` are annotations to add (analyst "gold"; ids given keep them, for redo), `remove_gold`
        ids of gold annotations the decision replaces. Returns the stored decision and the added gold.
        """
        with self._repo._session(write=True) as s:
            if remove_gold:
                s.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(list(remove_gold))))
            added = [self._repo._insert_annotation(s, a, keep_id=bool(a.id)) for a in gold]
            row = _decision_row(decision, added[0].id if added else decision.gold_annotation_id)
            s.add(row)
            s.flush()
            return _to_decision(row), added

    def decide_many(self, steps: Sequence[tuple[Decision, Annotation]]) -> list[tuple[Decision, Annotation]]:
        """Several decisions, each adding one gold annotation, in one transaction (accept all agreements)."""
        done = []
        with self._repo._session(write=True) as s:
            for decision, gold in steps:
                added = self._repo._insert_annotation(s, gold, keep_id=bool(gold.id))
                row = _decision_row(decision, added.id)
                s.add(row)
                s.flush()
                done.append((_to_decision(row), added))
        return done

    def _insert_relation(self, s, relation: Relation) -> Relation:
        """Insert a (gold) relation; one with an id keeps it (redo and undo put relations back under their ids)."""
        row = RelationRow(
            document_id=relation.document_id,
            analyst_id=self._repo._analyst_id(s, relation.analyst),
            type=relation.type,
            source_id=relation.source_id,
            target_id=relation.target_id,
        )
        new_id = relation.id or reserve_relation_ids(s.connection(), 1)
        if new_id is not None:  # else the database numbers the row itself
            row.id = new_id
        s.add(row)
        s.flush()
        return Relation(row.id, relation.document_id, relation.analyst, row.type, row.source_id, row.target_id)

    def decide_relations(
        self, steps: Sequence[tuple[Decision, Relation | None]], remove_relations: Sequence[int] = ()
    ) -> list[tuple[Decision, Relation | None]]:
        """Record decisions on relations, each adding its gold relation (None: a reject adds none), in one
        transaction; `remove_relations` are ids of gold relations they replace. Returns what was stored."""
        done: list[tuple[Decision, Relation | None]] = []
        with self._repo._session(write=True) as s:
            if remove_relations:
                s.execute(delete(RelationRow).where(RelationRow.id.in_(list(remove_relations))))
            for decision, gold in steps:
                added = self._insert_relation(s, gold) if gold is not None else None
                row = _decision_row(decision, None, added.id if added else None)
                s.add(row)
                s.flush()
                done.append((_to_decision(row), added))
        return done

    def undo_many(self, decision_ids: Sequence[int]) -> list[Decision]:
        """Take back several decisions and their gold annotations in one transaction; the decisions as they were
        stored (a rationale added since included), in the order given, those not found left out."""
        taken: list[Decision] = []
        with self._repo._session(write=True) as s:
            for decision_id in decision_ids:
                row = s.get(DecisionRow, decision_id)
                if row is None:
                    continue
                taken.append(_to_decision(row))
                if row.gold_annotation_id is not None:
                    s.execute(delete(AnnotationRow).where(AnnotationRow.id == row.gold_annotation_id))
                if row.gold_relation_id is not None:
                    s.execute(delete(RelationRow).where(RelationRow.id == row.gold_relation_id))
                s.delete(row)
        return taken

    def undo_decision(
        self, decision_id: int, restore_gold: Sequence[Annotation] = (), restore_relations: Sequence[Relation] = ()
    ) -> tuple[Decision, list[Annotation]]:
        """Take a decision back: delete it and the gold annotation or relation it added, and restore what it removed."""
        with self._repo._session(write=True) as s:
            row = s.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"no decision with id {decision_id}")
            decision = _to_decision(row)
            removed: list[Annotation] = []
            if row.gold_annotation_id is not None:
                gold = s.get(AnnotationRow, row.gold_annotation_id)
                if gold is not None:
                    removed.append(self._repo._annotation(s, gold.id))
                    s.delete(gold)
            if row.gold_relation_id is not None:
                s.execute(delete(RelationRow).where(RelationRow.id == row.gold_relation_id))
            for a in restore_gold:
                self._repo._insert_annotation(s, a, keep_id=True)
            for r in restore_relations:
                self._insert_relation(s, r)
            s.delete(row)
            return decision, removed

    def set_rationale(self, decision_id: int, rationale: str) -> Decision:
        with self._repo._session(write=True) as s:
            row = s.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"no decision with id {decision_id}")
            row.rationale = rationale
            s.flush()
            return _to_decision(row)

    def decisions(self, document_id: int | None = None) -> list[Decision]:
        stmt = select(DecisionRow).order_by(DecisionRow.id)
        if document_id is not None:
            stmt = stmt.where(DecisionRow.document_id == document_id)
        with self._repo._session() as s:
            return [_to_decision(row) for row in s.scalars(stmt)]
