"""Many annotations added, removed or put back in one transaction: a bulk tagging and its undo are one step each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, insert, select

from annotator.core.errors import NotFound
from annotator.core.model import IN_PROGRESS, Annotation
from annotator.store import bulk
from annotator.store.ids import reserve_annotation_ids
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, DocumentStatusRow, RelationRow, utcnow


def add_annotations(
    repository, annotations: Sequence[Annotation], *, keep_ids: bool = False, mark_started: bool = False
) -> list[Annotation]:
    """Insert `annotations` (of one analyst) together; with `keep_ids`, under their own ids (redo after undo).
    With `mark_started`, documents where that analyst has no status yet become "in progress" in the same
    transaction (an analyst's first annotation in a document starts it)."""
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
        if mark_started:
            _mark_started(s, documents, [analysts[name] for name in analysts])
        return stored


def _mark_started(s, documents: Sequence[int], analyst_ids: Sequence[int]) -> None:
    """Documents without a status for these analysts become "in progress" (one read, one insert)."""
    have = set()
    for chunk in bulk.chunks(list(documents)):
        have.update(
            s.execute(
                select(DocumentStatusRow.document_id, DocumentStatusRow.analyst_id).where(
                    DocumentStatusRow.document_id.in_(chunk), DocumentStatusRow.analyst_id.in_(list(analyst_ids))
                )
            ).all()
        )
    now = utcnow()
    missing = [
        {"document_id": d, "analyst_id": a, "status": IN_PROGRESS, "updated_at": now}
        for d in documents
        for a in analyst_ids
        if (d, a) not in have
    ]
    if missing:
        s.execute(insert(DocumentStatusRow), missing)


def texts(repository, document_ids: Sequence[int]) -> dict[int, str]:
    """The texts of these documents, by id (one query a chunk)."""
    found: dict[int, str] = {}
    with repository._session() as s:
        for chunk in bulk.chunks(list(document_ids)):
            found.update(s.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))).all())
    return found


def labelled_spans(repository, document_ids: Sequence[int], analyst: str, label: str) -> set[tuple[int, int, int]]:
    """(document id, start, end) of every `label` annotation of `analyst` in these documents."""
    found: set[tuple[int, int, int]] = set()
    with repository._session() as s:
        analyst_id = s.scalar(select(AnalystRow.id).where(AnalystRow.name == analyst))
        if analyst_id is None:
            return found
        a = AnnotationRow
        for chunk in bulk.chunks(list(document_ids)):
            found.update(
                s.execute(
                    select(a.document_id, a.start, a.end).where(
                        a.document_id.in_(chunk), a.analyst_id == analyst_id, a.label == label
                    )
                ).all()
            )
    return found


def delete_annotations(repository, annotation_ids: Sequence[int]) -> None:
    """Delete the annotations (and relations touching them) together; those already gone are no error."""
    with repository._session(write=True) as s:
        for chunk in bulk.chunks(list(annotation_ids)):
            s.execute(delete(RelationRow).where(RelationRow.source_id.in_(chunk) | RelationRow.target_id.in_(chunk)))
            s.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(chunk)))
