"""Many annotations added, removed or put back in one transaction: a bulk tagging and its undo are one step each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, insert, select

from annotator.core.errors import NotFound
from annotator.core.model import Annotation
from annotator.store import bulk
from annotator.store.ids import reserve_annotation_ids
from annotator.store.rows import AnnotationRow, DocumentRow, RelationRow, utcnow


def add_annotations(repository, annotations: Sequence[Annotation], *, keep_ids: bool = False) -> list[Annotation]:
    """Insert `annotations` (of one analyst) together; with `keep_ids`, under their own ids (redo after undo)."""
    if not annotations:
        return []
    with repository._session(write=True) as s:
        documents = sorted({a.document_id for a in annotations})
        found = set()
        for chunk in bulk.chunks(documents):
            found.update(s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(chunk))))
        missing = [d for d in documents if d not in found]
        if missing:
            raise NotFound(f"no document with id {missing[0]}")
        analysts = {name: repository._analyst_id(s, name) for name in {a.analyst for a in annotations}}
        now = utcnow()
        if keep_ids:
            stored = list(annotations)
        else:
            first = reserve_annotation_ids(s.connection(), len(annotations))
            if first is None:  # a database that numbers rows itself: one insert each, to learn the ids
                return [repository._insert_annotation(s, a) for a in annotations]
            stored = [replace(a, id=first + i, created_at=now, updated_at=now) for i, a in enumerate(annotations)]
        s.execute(
            insert(AnnotationRow),
            [
                {
                    "id": a.id,
                    "document_id": a.document_id,
                    "analyst_id": analysts[a.analyst],
                    "label": a.label,
                    "start": a.start,
                    "end": a.end,
                    "attributes": dict(a.attributes),
                    "note": a.note,
                    "created_at": a.created_at or now,
                    "updated_at": a.updated_at or now,
                }
                for a in stored
            ],
        )
        return stored


def delete_annotations(repository, annotation_ids: Sequence[int]) -> None:
    """Delete the annotations (and relations touching them) together; those already gone are no error."""
    with repository._session(write=True) as s:
        for chunk in bulk.chunks(list(annotation_ids)):
            s.execute(delete(RelationRow).where(RelationRow.source_id.in_(chunk) | RelationRow.target_id.in_(chunk)))
            s.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(chunk)))
