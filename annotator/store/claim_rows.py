"""The rows claims are built from: one analyst's guarantees, actors, quotes, conditions and their links, as tuples."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from annotator.core.claims import CLAIM_LABELS, CLAIM_RELATIONS, GUARANTEE, TYPE_ATTRIBUTE, Link, Span
from annotator.store.bulk import driver_rows
from annotator.store.columns import SharedAttributes, attributes_of
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, RelationRow

# (document id, external id, title, meta, text, spans, links) of a document holding a guarantee of the set
ClaimRows = tuple[int, str, str, dict[str, str], str, list[Span], list[Link]]


def iter_claim_rows(s: Session, analyst: str) -> Iterator[ClaimRows]:
    """Every document with a guarantee in `analyst`'s set, in id order, with the set's claim-shaped rows.

    Three streamed cursors merged by document (as the export's), narrowed to what claims use:
    the four labels, the four relation types, and attributes decoded for guarantees only.
    Building claims from these tuples skips the domain objects, most of an export's time.
    """
    conn = s.connection()
    analyst_id = conn.execute(select(AnalystRow.id).where(AnalystRow.name == analyst)).scalar()
    if analyst_id is None:
        return
    a, r, d = AnnotationRow, RelationRow, DocumentRow
    spans = driver_rows(
        conn,
        select(a.document_id, a.id, a.label, a.start, a.end, type_coerce(a.attributes, String))
        .where(a.analyst_id == analyst_id, a.label.in_(CLAIM_LABELS))
        .order_by(a.document_id),
    )
    links = driver_rows(
        conn,
        select(r.document_id, r.type, r.source_id, r.target_id)
        .where(r.analyst_id == analyst_id, r.type.in_(CLAIM_RELATIONS))
        .order_by(r.document_id, r.id),
    )
    with_guarantee = select(a.document_id).where(a.analyst_id == analyst_id, a.label == GUARANTEE)
    documents = driver_rows(
        conn,
        select(d.id, d.external_id, d.title, type_coerce(d.meta, String), d.text)
        .where(d.id.in_(with_guarantee))
        .order_by(d.id),
    )
    attributes = SharedAttributes()
    next_span = next(spans, None)
    next_link = next(links, None)
    for document_id, external_id, title, meta, text in documents:
        own: list[Span] = []
        while next_span is not None and next_span[0] <= document_id:
            owner, i, label, start, end, raw = next_span
            if owner == document_id:
                kind = attributes(raw).get(TYPE_ATTRIBUTE, "") if label == GUARANTEE else ""
                own.append((i, label, start, end, kind))
            next_span = next(spans, None)
        linked: list[Link] = []
        while next_link is not None and next_link[0] <= document_id:
            owner, kind, source, target = next_link
            if owner == document_id:
                linked.append((kind, source, target))
            next_link = next(links, None)
        yield document_id, external_id or "", title or "", attributes_of(meta), text or "", own, linked
