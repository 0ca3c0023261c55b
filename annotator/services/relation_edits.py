"""Relation edits of a project: checked against the schema and the session's rights, committed, then announced."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Annotation, Relation

if TYPE_CHECKING:
    from annotator.services.project import Project


class RelationEdits:
    """Adds, changes, deletes and restores relations for one project; every edit is committed before returning."""

    def __init__(self, project: Project):
        self.project = project

    def add(self, document_id: int, type_key: str, source_id: int, target_id: int, initiator: object) -> Relation:
        if source_id == target_id:
            raise AnnotatorError("a relation joins two different annotations")

        def make(found: list[Annotation], between: list[tuple[int, str, int, int]]) -> Relation:
            # read in the write transaction that inserts: one round to the database, as adding an annotation
            if any(a.analyst != self.project.analyst for a in found):  # the session sees its own always
                visible = self.project.visible_analysts()
                found = [a for a in found if visible is None or a.analyst in visible]
            source, target = self._ends(source_id, target_id, found)
            for end in (source, target):
                if end.document_id != document_id:
                    raise AnnotatorError(f"annotation {end.id} is not in document {document_id}")
            self._check(type_key, source, target, between=between)
            return Relation(0, document_id, source.analyst, type_key, source_id, target_id)

        relation = self.project.repository.add_checked_relation(source_id, target_id, make)
        self._announce(relation, initiator)
        return relation

    def update(self, relation_id: int, type_key: str | None, reverse: bool, initiator: object) -> Relation:
        current = self.project.repository.relation(relation_id)
        self._require_own(current)
        source_id, target_id = (
            (current.target_id, current.source_id) if reverse else (current.source_id, current.target_id)
        )
        wanted = replace(current, type=type_key or current.type, source_id=source_id, target_id=target_id)
        if wanted == current:
            return current
        source, target = self._ends(source_id, target_id)
        self._check(wanted.type, source, target, leaving=relation_id)
        relation = self.project.repository.update_relation(
            relation_id, type=wanted.type, source_id=source_id, target_id=target_id
        )
        self._announce(relation, initiator)
        return relation

    def delete(self, relation_id: int, initiator: object) -> Relation:
        self._require_own(self.project.repository.relation(relation_id))
        relation = self.project.repository.delete_relation(relation_id)
        self._announce(relation, initiator)
        return relation

    def restore(self, relation: Relation, initiator: object) -> Relation:
        self._require_own(relation)
        found = {a.id for a in self.project.repository.annotations_by_id([relation.source_id, relation.target_id])}
        missing = [i for i in (relation.source_id, relation.target_id) if i not in found]
        if missing:
            raise NotFound(f"no annotation with id {missing[0]}; the relation cannot be put back")
        restored = self.project.repository.add_relation(relation, keep_id=True)
        self._announce(restored, initiator)
        return restored

    # --- checks

    def _ends(
        self, source_id: int, target_id: int, found: list[Annotation] | None = None
    ) -> tuple[Annotation, Annotation]:
        """The two annotations a relation would join: distinct, visible, one analyst's, and this session's to change.

        `found`: those of the two already read (and visible), else they are read here.
        """
        if source_id == target_id:
            raise AnnotatorError("a relation joins two different annotations")
        if found is None:
            found = self.project.annotations_by_id([source_id, target_id])
        by_id = {a.id: a for a in found}
        for wanted in (source_id, target_id):
            if wanted not in by_id:
                raise NotFound(f"no annotation with id {wanted}")
        source, target = by_id[source_id], by_id[target_id]
        if source.document_id != target.document_id:
            raise AnnotatorError("a relation joins two annotations of the same document")
        if source.analyst != target.analyst:
            raise AnnotatorError(
                f"a relation joins one analyst's annotations; these belong to {source.analyst} and {target.analyst}"
            )
        self.project._require_own(source)
        return source, target

    def _check(
        self,
        type_key: str,
        source: Annotation,
        target: Annotation,
        leaving: int | None = None,
        between: list[tuple[int, str, int, int]] | None = None,
    ) -> None:
        """Refuse a relation the schema does not allow, or one that is there already (`leaving` aside).

        `between`: the (id, type, source id, target id) of the relations joining the two, if already read."""
        problem = self.project.schema.relation_problem(type_key, source.label, target.label)
        if problem is not None:
            raise AnnotatorError(problem)
        if between is None:
            between = [
                (r.id, r.type, r.source_id, r.target_id)
                for r in self.project.repository.relations_between(source.id, target.id)
            ]
        for other_id, *other in between:
            if other_id != leaving and other == [type_key, source.id, target.id]:
                raise AnnotatorError(f"these annotations are already linked by a {type_key} relation")

    def _require_own(self, relation: Relation) -> None:
        if relation.analyst != self.project.analyst and not self.project.reviewer:
            raise AnnotatorError(f"this relation belongs to {relation.analyst}; you can change only your own")

    def _announce(self, relation: Relation, initiator: object) -> None:
        self.project.notify_relations(relation, initiator)
