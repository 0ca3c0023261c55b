"""What the stored annotations and relations use of the label schema: labels, attribute values, relation types."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import aliased

from annotator.core.model import Annotation, Relation
from annotator.core.schema_edits import SchemaUsage
from annotator.store import catalog
from annotator.store.rows import AnnotationRow, RelationRow

if TYPE_CHECKING:
    from annotator.store.repository import Repository


def schema_usage(repository: Repository) -> SchemaUsage:
    """Counts over every analyst's annotations and relations (gold too): a schema edit must not orphan any of them."""
    source, target = aliased(AnnotationRow), aliased(AnnotationRow)
    with repository._session() as s:
        counted = s.execute(select(AnnotationRow.label, func.count()).group_by(AnnotationRow.label))
        labels = {label: count for label, count in counted}
        values: Counter[tuple[str, str, str]] = Counter()
        # attributes are JSON: counted here, since JSON functions differ between databases
        for label, attributes in s.execute(select(AnnotationRow.label, AnnotationRow.attributes)).yield_per(5000):
            for name, value in (attributes or {}).items():
                values[(label, str(name), str(value))] += 1
        relations = {
            (type_key, source_label, target_label): count
            for type_key, source_label, target_label, count in s.execute(
                select(RelationRow.type, source.label, target.label, func.count())
                .join(source, source.id == RelationRow.source_id)
                .join(target, target.id == RelationRow.target_id)
                .group_by(RelationRow.type, source.label, target.label)
            )
        }
    return SchemaUsage(labels, dict(values), relations)


def delete_label(
    repository: Repository, key: str, schema: dict[str, object]
) -> tuple[list[Annotation], list[Relation]]:
    """Store `schema` and delete every annotation labelled `key` with the relations touching them, in one commit.

    Returns what was deleted, so that `restore_label` can put it back under the same ids (undo).
    """
    with repository._session(write=True) as s:
        ids = list(s.execute(select(AnnotationRow.id).where(AnnotationRow.label == key)).scalars())
        annotations = [repository._annotation(s, i) for i in ids]
        touching = RelationRow.source_id.in_(ids) | RelationRow.target_id.in_(ids)
        relations = repository._relations(s, touching) if ids else []
        if ids:
            s.execute(delete(RelationRow).where(touching))
            s.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(ids)))
        catalog.set_setting(s.connection(), "schema", schema)
        return annotations, relations


def restore_label(
    repository: Repository, schema: dict[str, object], annotations: Sequence[Annotation], relations: Sequence[Relation]
) -> None:
    """Store `schema` and put back annotations and relations that `delete_label` removed, in one commit."""
    with repository._session(write=True) as s:
        catalog.set_setting(s.connection(), "schema", schema)
        for annotation in annotations:
            repository._insert_annotation(s, annotation, keep_id=True)
        for r in relations:
            s.execute(
                insert(RelationRow).values(
                    id=r.id,
                    document_id=r.document_id,
                    analyst_id=repository._analyst_id(s, r.analyst),
                    type=r.type,
                    source_id=r.source_id,
                    target_id=r.target_id,
                )
            )
