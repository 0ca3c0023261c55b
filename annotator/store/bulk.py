"""Bulk paths: set-based inserts for imports and a streamed, merge-joined read for exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from sqlalchemy import String, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from annotator.core.errors import Cancelled
from annotator.core.model import Annotation, Document, Relation
from annotator.store.columns import attributes_of
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, DocumentStatusRow, RelationRow, as_utc, utcnow

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
CHUNK = 2000  # rows per multi-row INSERT; also how often a cancel is noticed
READ_BATCH = 500


@dataclass(slots=True)
class NewDocument:
    """A document ready to insert (text normalised and checked by the services)."""

    external_id: str
    title: str
    text: str
    sha256: str
    meta: dict[str, str]


@dataclass(slots=True)
class NewAnnotation:
    analyst: str
    label: str
    start: int
    end: int
    attributes: dict[str, str] = field(default_factory=dict)
    note: str = ""
    key: str | None = None  # the file's own id, for relations


@dataclass(slots=True)
class NewRelation:
    analyst: str
    type: str
    source_key: str
    target_key: str


@dataclass(slots=True)
class ImportBatchItem:
    """One document of an import: new (`document`) or existing (`document_id`), with its spans."""

    document: NewDocument | None
    document_id: int | None
    annotations: list[NewAnnotation]
    relations: list[NewRelation]
    statuses: dict[str, str] = field(default_factory=dict)  # analyst -> in_progress / done


@dataclass(slots=True)
class ImportCounts:
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    annotations_skipped: int = 0  # already present: re-importing the same work adds nothing
    relations_added: int = 0


def _insert_returning_ids(s: Session, table, rows: list[dict], tick: Callable[[int], None]) -> list[int]:
    """Insert rows in chunks; the new ids come back in the rows' order."""
    if s.get_bind().dialect.name == "sqlite":
        # SQLite runs INSERT … RETURNING one row at a time; with the write lock held since BEGIN
        # (no one else can insert), numbering the rows ourselves lets one executemany do the work
        first = (s.scalar(select(func.max(table.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        for row, new_id in zip(rows, ids):
            row["id"] = new_id
        for i in range(0, len(rows), CHUNK):
            s.execute(insert(table), rows[i : i + CHUNK])
            tick(len(rows[i : i + CHUNK]))
        return ids
    ids: list[int] = []
    stmt = insert(table).returning(table.id, sort_by_parameter_order=True)
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        ids.extend(s.scalars(stmt, chunk).all())
        tick(len(chunk))
    return ids


def import_batch(s: Session, items: Sequence[ImportBatchItem], analyst_id: Callable[[str], int], progress: Progress | None) -> ImportCounts:
    """Write an import inside the caller's transaction; raising `Cancelled` rolls all of it back."""
    counts = ImportCounts()
    now = utcnow()
    total = len(items) + sum(len(item.annotations) for item in items)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and not progress(done, total):
            raise Cancelled("import cancelled; nothing was imported")

    new_items = [item for item in items if item.document is not None]
    document_ids = _insert_returning_ids(s, DocumentRow, [
        dict(external_id=d.external_id, title=d.title, text=d.text, sha256=d.sha256, length=len(d.text), meta=d.meta, imported_at=now)
        for d in (item.document for item in new_items)
    ], tick)
    counts.documents_added = len(new_items)
    ids_of = {id(item): document_id for item, document_id in zip(new_items, document_ids)}

    rows: list[dict] = []
    keys: list[tuple[int, str | None]] = []  # (item number, file's key) of each row, to wire relations
    known: dict[tuple[int, str], int] = {}  # (item number, file's key) -> id of an annotation already stored
    stored_relations: set[tuple] = set()
    for number, item in enumerate(items):
        document_id = ids_of.get(id(item), item.document_id)
        existing: dict[tuple, int] = {}
        if item.document is None:
            counts.documents_matched += 1
            tick(1)
            existing = {
                (analyst, label, start, end): annotation_id
                for annotation_id, analyst, label, start, end in s.execute(
                    select(AnnotationRow.id, AnnotationRow.analyst_id, AnnotationRow.label, AnnotationRow.start, AnnotationRow.end)
                    .where(AnnotationRow.document_id == document_id)
                ).all()
            }
            if item.relations:
                stored_relations.update(s.execute(
                    select(RelationRow.analyst_id, RelationRow.type, RelationRow.source_id, RelationRow.target_id)
                    .where(RelationRow.document_id == document_id)
                ).all())
        for a in item.annotations:
            identity = (analyst_id(a.analyst), a.label, a.start, a.end)
            if identity in existing:
                counts.annotations_skipped += 1
                if a.key is not None and existing[identity] is not None:
                    known[number, a.key] = existing[identity]  # a new relation may point at it
                continue
            existing[identity] = None
            rows.append(dict(
                document_id=document_id, analyst_id=identity[0], label=a.label, start=a.start, end=a.end,
                attributes=a.attributes, note=a.note, created_at=now, updated_at=now,
            ))
            keys.append((number, a.key))
    annotation_ids = _insert_returning_ids(s, AnnotationRow, rows, tick)
    counts.annotations_added = len(rows)

    ids = dict(known)
    ids.update({(number, key): new for (number, key), new in zip(keys, annotation_ids) if key is not None})
    relation_rows = []
    for number, item in enumerate(items):
        for r in item.relations:
            if (number, r.source_key) not in ids or (number, r.target_key) not in ids:
                continue
            row = (analyst_id(r.analyst), r.type, ids[number, r.source_key], ids[number, r.target_key])
            if row in stored_relations:
                continue  # re-importing the same work adds nothing
            stored_relations.add(row)
            relation_rows.append(dict(document_id=ids_of.get(id(item), item.document_id), analyst_id=row[0], type=row[1],
                                      source_id=row[2], target_id=row[3]))
    for i in range(0, len(relation_rows), CHUNK):
        s.execute(insert(RelationRow), relation_rows[i : i + CHUNK])
    counts.relations_added = len(relation_rows)
    _merge_statuses(s, [(ids_of.get(id(item), item.document_id), item.statuses) for item in items if item.statuses], analyst_id)
    return counts


_PROGRESS = {"in_progress": 1, "done": 2}


def _merge_statuses(s: Session, statuses: list[tuple[int, dict[str, str]]], analyst_id: Callable[[str], int]) -> None:
    """Bring in analysts' statuses, never moving one backwards (done stays done)."""
    for document_id, by_analyst in statuses:
        for analyst, status in by_analyst.items():
            if status not in _PROGRESS:
                continue
            key = (document_id, analyst_id(analyst))
            row = s.get(DocumentStatusRow, key)
            if row is None:
                s.add(DocumentStatusRow(document_id=key[0], analyst_id=key[1], status=status, updated_at=utcnow()))
            elif _PROGRESS.get(row.status, 0) < _PROGRESS[status]:
                row.status = status


def iter_export(s: Session, analysts: Sequence[str] | None) -> Iterator[tuple[Document, list[Annotation], list[Relation]]]:
    """Documents in id order, each with its annotations and relations, from three streamed cursors.

    One query per table rather than per document: the annotation and relation cursors run in
    document order alongside the document cursor (a merge join), so memory holds one document.
    """
    names = dict(s.execute(select(AnalystRow.id, AnalystRow.name)).all())
    wanted = None if analysts is None else {i for i, n in names.items() if n in set(analysts)}
    a = AnnotationRow
    annotation_rows = s.execute(
        # raw attribute text decoded here, and no timestamps: no exchange format writes them, and
        # SQLAlchemy's generic JSON and datetime processing was most of an export's time
        select(a.id, a.document_id, a.analyst_id, a.label, a.start, a.end, type_coerce(a.attributes, String), a.note)
        .order_by(a.document_id, a.start, a.end, a.id).execution_options(yield_per=READ_BATCH)
    )
    r = RelationRow
    relation_rows = s.execute(
        select(r.id, r.document_id, r.analyst_id, r.type, r.source_id, r.target_id)
        .order_by(r.document_id, r.id).execution_options(yield_per=READ_BATCH)
    )
    d = DocumentRow
    documents = s.execute(
        select(d.id, d.external_id, d.title, d.text, d.sha256, d.meta, d.imported_at).order_by(d.id).execution_options(yield_per=READ_BATCH)
    )
    next_annotation = next(annotation_rows, None)
    next_relation = next(relation_rows, None)
    for row in documents:
        annotations: list[Annotation] = []
        while next_annotation is not None and next_annotation.document_id <= row.id:
            x = next_annotation
            if x.document_id == row.id and (wanted is None or x.analyst_id in wanted):
                annotations.append(Annotation(
                    x.id, x.document_id, names[x.analyst_id], x.label, x.start, x.end, attributes_of(x[6]), x.note or "",
                ))
            next_annotation = next(annotation_rows, None)
        relations: list[Relation] = []
        while next_relation is not None and next_relation.document_id <= row.id:
            x = next_relation
            if x.document_id == row.id and (wanted is None or x.analyst_id in wanted):
                relations.append(Relation(x.id, x.document_id, names[x.analyst_id], x.type, x.source_id, x.target_id))
            next_relation = next(relation_rows, None)
        document = Document(row.id, row.external_id, row.title, row.text, row.sha256, dict(row.meta or {}), as_utc(row.imported_at))
        yield document, annotations, relations


def iter_annotation_sets(
    s: Session, analysts: Sequence[str], document_ids: Sequence[int] | None = None
) -> Iterator[tuple[int, str, int, dict[str, list[Annotation]]]]:
    """(document id, external id, text length, analyst -> annotations) per document, streamed in id order."""
    names = dict(s.execute(select(AnalystRow.id, AnalystRow.name)).all())
    wanted = {i for i, n in names.items() if n in set(analysts)}
    a = AnnotationRow
    stmt = (
        select(a.id, a.document_id, a.analyst_id, a.label, a.start, a.end, a.attributes, a.note)
        .where(a.analyst_id.in_(wanted)).order_by(a.document_id, a.start, a.end, a.id)
    )
    d = DocumentRow
    docs = select(d.id, d.external_id, d.length).order_by(d.id)
    if document_ids is not None:
        stmt = stmt.where(a.document_id.in_(list(document_ids)))
        docs = docs.where(d.id.in_(list(document_ids)))
    rows = s.execute(stmt.execution_options(yield_per=READ_BATCH))
    pending = next(rows, None)
    for doc in s.execute(docs.execution_options(yield_per=READ_BATCH)):
        sets: dict[str, list[Annotation]] = {name: [] for name in analysts}
        while pending is not None and pending.document_id <= doc.id:
            x = pending
            if x.document_id == doc.id:
                sets[names[x.analyst_id]].append(
                    Annotation(x.id, x.document_id, names[x.analyst_id], x.label, x.start, x.end, dict(x.attributes or {}), x.note or "")
                )
            pending = next(rows, None)
        yield doc.id, doc.external_id, doc.length, sets
