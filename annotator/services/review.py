"""Review: compare two analysts, adjudicate into the gold set with a decision log, measure agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.agreement import AgreementReport, DocumentSets, compute_agreement
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD, Annotation, Decision
from annotator.core.offsets import span_problem
from annotator.core.review import Pair, accept_all_agreements, align
from annotator.formats.csv_cells import SafeWriter
from annotator.formats.output import atomic_output
from annotator.services.outputs import check_output
from annotator.services.relation_review import RelationReview
from annotator.services.roles import scoped_analysts

if TYPE_CHECKING:
    from annotator.services.project import Project

ACTIONS = ("take_a", "take_b", "accept", "edit", "reject", "accept_all")


def _gold_copy(source: Annotation, **changes) -> Annotation:
    return replace(source, id=0, analyst=GOLD, created_at=None, updated_at=None, **changes)


class Review:
    """The reviewer's operations on one project; each decision is committed with its gold change."""

    def __init__(self, project: Project):
        self.project = project
        self._repo = project.repository.review
        self.relations = RelationReview(self)  # decisions on A's and B's relations

    # --- comparing

    def compare(self, document_id: int, a: str, b: str) -> list[Pair]:
        """Every pairing of A's and B's annotations of a document, in text order."""
        self.project.require_all_visible()
        annotations = self.project.repository.annotations(document_id, [a, b])
        return align([x for x in annotations if x.analyst == a], [x for x in annotations if x.analyst == b])

    def gold(self, document_id: int) -> list[Annotation]:
        """The gold set of a document (hidden from an analyst in blind mode: it copies everyone's spans)."""
        project = self.project
        return project.repository.annotations(
            document_id, scoped_analysts(project.visible_analysts(), [GOLD], project.analyst)
        )

    # --- deciding

    def _previous_gold(self, document_id: int, sources: Sequence[int]) -> list[int]:
        """Gold annotations made by earlier decisions on the same source annotations (a new decision replaces them)."""
        wanted = set(sources)
        present = {a.id for a in self.gold(document_id)}
        return [
            d.gold_annotation_id
            for d in self._repo.decisions(document_id)
            if wanted & set(d.sources) and d.gold_annotation_id in present
        ]

    def decide(
        self,
        document_id: int,
        pair: Pair,
        action: str,
        *,
        rationale: str = "",
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict | None = None,
    ) -> tuple[Decision, Annotation | None, list[Annotation]]:
        """Record a decision on a pair and change the gold set to match.

        Returns the decision, the gold annotation it added (None for reject) and the gold
        annotations it replaced (for undo).
        """
        self.project.require_reviewer()
        if action not in ACTIONS:
            raise AnnotatorError(f"unknown review action {action!r}")
        sources = tuple(x.id for x in (pair.a, pair.b) if x is not None)
        either = pair.a if pair.a is not None else pair.b  # not `pair.a or pair.b`: an empty annotation tests false
        chosen = {"take_a": pair.a, "take_b": pair.b, "accept": either, "edit": either}.get(action)
        if action in ("take_a", "take_b") and chosen is None:
            raise AnnotatorError(f"analyst {'A' if action == 'take_a' else 'B'} has no annotation here")
        gold = None
        if chosen is not None:
            changes: dict[str, object] = {}
            if action == "edit":
                changes = {k: v for k, v in (("label", label), ("start", start), ("end", end)) if v is not None}
                if attributes is not None:
                    changes["attributes"] = dict(attributes)
            gold = _gold_copy(chosen, **changes)
            self._check(gold)
        replaced_ids = self._previous_gold(document_id, sources)
        replaced = [a for a in self.gold(document_id) if a.id in replaced_ids]
        decision = Decision(
            0,
            document_id,
            self.project.analyst,
            action,
            sources,
            None,
            gold.label if gold else pair.label,
            gold.start if gold else None,
            gold.end if gold else None,
            rationale,
        )
        stored, added = self._repo.decide(decision, [gold] if gold else [], replaced_ids)
        self.project.notify_annotations(document_id, [x.id for x in added + replaced])
        return stored, (added[0] if added else None), replaced

    def _check(self, gold: Annotation) -> None:
        if self.project.schema.get(gold.label) is None:
            raise AnnotatorError(f"no label {gold.label!r} in this project's schema")
        problem = span_problem(len(self.project.document(gold.document_id).text), gold.start, gold.end)
        if problem:
            raise AnnotatorError(problem)

    def accept_all(self, document_id: int, a: str, b: str, rationale: str = "") -> list[Decision]:
        """Put every exact agreement of A and B that is not yet decided into gold, in one step."""
        self.project.require_reviewer()
        decided = {source for d in self._repo.decisions(document_id) for source in d.sources}
        matches = [
            (p, p.a, p.b)
            for p in self.compare(document_id, a, b)
            if p.kind == "match"
            and p.a is not None  # a match has both sides
            and p.b is not None
            and p.a.id not in decided
            and p.b.id not in decided
        ]
        agreed = {id(x) for x in accept_all_agreements(p for p, _, _ in matches)}
        steps = []
        for _, from_a, from_b in matches:
            if id(from_a) not in agreed:
                continue
            gold = _gold_copy(from_a)
            steps.append(
                (
                    Decision(
                        0,
                        document_id,
                        self.project.analyst,
                        "accept_all",
                        (from_a.id, from_b.id),
                        None,
                        gold.label,
                        gold.start,
                        gold.end,
                        rationale,
                    ),
                    gold,
                )
            )
        done = self._repo.decide_many(steps)
        if done:
            self.project.notify_annotations(document_id, [g.id for _, g in done])
        return [d for d, _ in done]

    def undo(self, decision: Decision, restore: Sequence[Annotation] = ()) -> Decision:
        """Take a decision back: its gold annotation goes, what it replaced comes back. Returns the decision as it
        was stored, a rationale added since included: what a redo records again."""
        self.project.require_reviewer()
        stored, _ = self._repo.undo_decision(decision.id, restore)
        # what changed: the gold annotation that went, and what came back (views refresh only those)
        self.project.notify_annotations(decision.document_id, [*_gold_ids([decision]), *(x.id for x in restore)])
        return stored

    def undo_many(self, decisions: Sequence[Decision]) -> list[Decision]:
        """Take several decisions back in one step; returns them as they were stored (rationales included)."""
        self.project.require_reviewer()
        stored = self._repo.undo_many([d.id for d in decisions])
        if decisions:
            self.project.notify_annotations(decisions[0].document_id, _gold_ids(decisions))
        return stored

    def redo(self, decision: Decision, gold: Annotation | None, replaced: Sequence[Annotation]) -> Decision:
        """Record a decision again after an undo, with the same ids."""
        self.project.require_reviewer()
        stored, added = self._repo.decide(decision, [gold] if gold else [], [x.id for x in replaced])
        self.project.notify_annotations(decision.document_id, [x.id for x in added])
        return stored

    def redo_many(self, steps: Sequence[tuple[Decision, Annotation]]) -> None:
        self.project.require_reviewer()
        self._repo.decide_many(steps)
        if steps:
            self.project.notify_annotations(steps[0][0].document_id, [gold.id for _, gold in steps if gold.id])

    def set_rationale(self, decision_id: int, rationale: str) -> Decision:
        self.project.require_reviewer()
        return self._repo.set_rationale(decision_id, " ".join(rationale.split()))

    def decisions(self, document_id: int | None = None) -> list[Decision]:
        """The decision log (it shows every analyst's spans: not in an analyst's blind session)."""
        self.project.require_all_visible()
        return self._repo.decisions(document_id)

    def export_decisions(self, out: Path) -> int:
        """The decision log as CSV (one row per decision, on spans or on relations); returns the number of rows."""
        check_output(out, self.project.location)
        titles = {s.id: s.external_id for s in self.project.repository.document_summaries()}
        rows = self.decisions()
        with atomic_output(Path(out)) as handle:
            writer = SafeWriter(handle)  # ids, names and rationales starting "=" are never run as formulas
            writer.writerow(
                [
                    "decision_id",
                    "document_id",
                    "reviewer",
                    "decided_at",
                    "action",
                    "label",
                    "start",
                    "end",
                    "sources",
                    "gold_annotation_id",
                    "rationale",
                    # a decision on relations: `label` is the relation's type, these its sources and the gold it made
                    "relation_sources",
                    "gold_relation_id",
                ]
            )
            for d in rows:
                writer.writerow(
                    [
                        d.id,
                        titles.get(d.document_id, d.document_id),
                        d.reviewer,
                        d.decided_at.isoformat() if d.decided_at else "",
                        d.action,
                        d.label,
                        "" if d.start is None else d.start,
                        "" if d.end is None else d.end,
                        " ".join(str(x) for x in d.sources),
                        d.gold_annotation_id or "",
                        d.rationale,
                        " ".join(str(x) for x in d.relation_sources),
                        d.gold_relation_id or "",
                    ]
                )
        return len(rows)

    # --- status

    def statuses(self, document_ids: Sequence[int] | None = None) -> dict[tuple[int, str], str]:
        found = self._repo.statuses(document_ids)
        visible = self.project.visible_analysts()
        return found if visible is None else {k: v for k, v in found.items() if k[1] in visible}

    def set_status(self, document_id: int, status: str, analyst: str | None = None) -> str:
        """Mark the session analyst's (or, for a reviewer, any analyst's) progress on a document."""
        who = analyst or self.project.analyst
        if who != self.project.analyst:
            self.project.require_reviewer()
        previous = self._repo.set_status(document_id, who, status)
        self.project.notify_status(document_id)
        return previous

    # --- agreement

    def agreement(
        self, a: str, b: str, document_ids: Sequence[int] | None = None, labels: Sequence[str] | None = None
    ) -> AgreementReport:
        """Agreement of analysts A and B over the project (or some documents), on spans and relations."""
        self.project.require_all_visible()
        corpus = (
            DocumentSets(length, sets[a], sets[b], document_id, links.get(a, ()), links.get(b, ()))
            for document_id, _external, length, sets, links in self.project.repository.iter_agreement_sets(
                [a, b], document_ids
            )
        )
        return compute_agreement(corpus, labels)


def _gold_ids(decisions: Sequence[Decision]) -> list[int]:
    """The gold annotations the decisions put in."""
    return [d.gold_annotation_id for d in decisions if d.gold_annotation_id is not None]
