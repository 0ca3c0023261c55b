"""The document list sorted and filtered in SQL: one page at a time, never the whole project in Python."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, exists, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from annotator.core.listing import DocumentDetails, ListedDocument, ListingQuery
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, DocumentStatusRow, as_utc

_RANK = {"not_started": 0, "in_progress": 1, "done": 2}


def _meta(key: str) -> ColumnElement[str]:
    """A metadata value as text, NULL when absent or empty (so missing values sort last, together)."""
    return func.nullif(DocumentRow.meta[key].as_string(), "")


def _analyst_ids(names: Sequence[str]):
    return select(AnalystRow.id).where(AnalystRow.name.in_(list(names)))


def _span_count(analysts: Sequence[str] | None, label: str = ""):
    count = select(func.count(AnnotationRow.id)).where(AnnotationRow.document_id == DocumentRow.id)
    if analysts is not None:
        count = count.where(AnnotationRow.analyst_id.in_(_analyst_ids(analysts)))
    if label:
        count = count.where(AnnotationRow.label == label)
    return count.scalar_subquery()


def _status_of(analyst: str):
    """The analyst's status of the document, 'not_started' without a row."""
    found = (
        select(DocumentStatusRow.status)
        .where(
            DocumentStatusRow.document_id == DocumentRow.id, DocumentStatusRow.analyst_id.in_(_analyst_ids([analyst]))
        )
        .scalar_subquery()
    )
    return func.coalesce(found, literal("not_started"))


def _has_status(status: str, analysts: Sequence[str] | None):
    """Whether anyone (of `analysts`) has `status` for the document."""
    rows = select(DocumentStatusRow.document_id).where(
        DocumentStatusRow.document_id == DocumentRow.id, DocumentStatusRow.status == status
    )
    if analysts is not None:
        rows = rows.where(DocumentStatusRow.analyst_id.in_(_analyst_ids(analysts)))
    return exists(rows)


def _status_rank(analysts: Sequence[str] | None):
    """How far the document has got: the sum of its statuses' ranks (not started 0, in progress 1, done 2)."""
    rank = case(*((DocumentStatusRow.status == s, r) for s, r in _RANK.items() if r), else_=0)
    total = select(func.coalesce(func.sum(rank), 0)).where(DocumentStatusRow.document_id == DocumentRow.id)
    if analysts is not None:
        total = total.where(DocumentStatusRow.analyst_id.in_(_analyst_ids(analysts)))
    return total.scalar_subquery()


class ListingRepository:
    """Shares the main repository's sessions; reads only."""

    def __init__(self, repository):
        self._repo = repository

    def _statement(self, query: ListingQuery, scope: Sequence[str] | None, own: str | None):
        """The ids of the list's documents and the list's order. `scope`: the analysts whose spans are
        counted (None: all); `own`: whose status the status sort and filter use when the query names
        nobody (None: anyone's). Only ids: what a row shows is read for the rows of one page alone."""
        who = query.analyst or own
        whose = [who] if who is not None else scope
        date, location = _meta("date"), _meta("location")
        stmt = select(DocumentRow.id)
        if query.date_from:
            stmt = stmt.where(date >= query.date_from)
        if query.date_to:
            stmt = stmt.where(date <= query.date_to)
        if query.location:
            needle = query.location.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(func.lower(location).like(f"%{needle.lower()}%", escape="\\"))
        if query.status:
            stmt = stmt.where(self._status_condition(query.status, who, whose))
        if query.min_spans is not None or query.max_spans is not None:
            counted = _span_count(whose, query.label)
            if query.min_spans is not None:
                stmt = stmt.where(counted >= query.min_spans)
            if query.max_spans is not None:
                stmt = stmt.where(counted <= query.max_spans)
        return stmt, self._order(query, _span_count(scope), who, whose)

    @staticmethod
    def _status_condition(status: str, who: str | None, whose: Sequence[str] | None):
        if who is not None:
            return _status_of(who) == status
        if status == "not_started":  # nobody has begun it
            return ~or_(_has_status("in_progress", whose), _has_status("done", whose))
        return _has_status(status, whose)

    @staticmethod
    def _order(query: ListingQuery, shown, who: str | None, whose: Sequence[str] | None) -> list:
        def direction(column):
            return column.desc() if query.descending else column.asc()

        if query.sort == "id":
            return [direction(DocumentRow.id)]
        if query.sort == "title":
            title = func.lower(func.coalesce(func.nullif(DocumentRow.title, ""), DocumentRow.external_id))
            return [direction(title), direction(DocumentRow.id)]
        if query.sort == "spans":
            return [direction(shown), direction(DocumentRow.id)]
        if query.sort == "status":
            rank = case(*((_status_of(who) == s, r) for s, r in _RANK.items()), else_=0) if who else _status_rank(whose)
            return [direction(rank), direction(DocumentRow.id)]
        key = _meta(query.sort)  # date or location: documents without one come last either way
        extra = [direction(_meta("time"))] if query.sort == "date" else []
        return [key.is_(None), direction(func.lower(key)), *extra, direction(DocumentRow.id)]

    def page(
        self,
        query: ListingQuery,
        offset: int,
        limit: int | None,
        scope: Sequence[str] | None,
        own: str | None,
        document_ids: Sequence[int] | None = None,
    ) -> list[ListedDocument]:
        ids, order = self._statement(query, scope, own)
        if document_ids is not None:
            ids = ids.where(DocumentRow.id.in_(list(document_ids)))
        chosen = ids.order_by(*order).offset(offset).limit(limit).subquery()
        stmt = (
            select(
                DocumentRow.id,
                DocumentRow.external_id,
                DocumentRow.title,
                DocumentRow.length,
                _span_count(scope),
                _meta("date"),
                _meta("time"),
                _meta("location"),
            )
            .join(chosen, chosen.c.id == DocumentRow.id)
            .order_by(*order)  # again, over the page's rows only
        )
        with self._repo._session() as s:
            return [
                ListedDocument(ident, external, title or "", length, spans, date or "", time or "", location or "")
                for ident, external, title, length, spans, date, time, location in s.execute(stmt)
            ]

    def next_not_done(
        self, query: ListingQuery, after: int | None, analyst: str, scope: Sequence[str] | None, own: str | None
    ) -> int | None:
        """The first document after `after`, in the list's order, that `analyst` has not marked done;
        past the end it starts again from the top; None when every listed document is done."""
        stmt, order = self._statement(query, scope, own)
        ordered = stmt.add_columns(
            func.row_number().over(order_by=order).label("position"), _status_of(analyst).label("own_status")
        ).subquery()
        with self._repo._session() as s:
            here = s.scalar(select(ordered.c.position).where(ordered.c.id == after)) if after is not None else None
            open_ = select(ordered.c.id).where(ordered.c.own_status != "done", ordered.c.id != (after or 0))
            first = open_.order_by(ordered.c.position).limit(1)
            found = (
                s.scalar(open_.where(ordered.c.position > here).order_by(ordered.c.position).limit(1)) if here else None
            )
            return found if found is not None else s.scalar(first)

    def position(
        self, query: ListingQuery, document_id: int, scope: Sequence[str] | None, own: str | None
    ) -> int | None:
        """The row (from 0) of a document in the list, None when the query leaves it out."""
        stmt, order = self._statement(query, scope, own)
        ordered = stmt.add_columns(func.row_number().over(order_by=order).label("position")).subquery()
        with self._repo._session() as s:
            found = s.scalar(select(ordered.c.position).where(ordered.c.id == document_id))
            return None if found is None else found - 1

    def locations(self) -> list[str]:
        """Every location documents have, sorted."""
        location = _meta("location")
        with self._repo._session() as s:
            return sorted(s.scalars(select(location).where(location.is_not(None)).distinct()), key=str.casefold)

    def details(self, document_id: int, analysts: Sequence[str] | None) -> DocumentDetails | None:
        """A document's metadata and the statuses of `analysts` (None: all)."""
        with self._repo._session() as s:
            row = s.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.external_id,
                    DocumentRow.title,
                    DocumentRow.meta,
                    DocumentRow.imported_at,
                ).where(DocumentRow.id == document_id)
            ).first()
            if row is None:
                return None
            statuses = select(AnalystRow.name, DocumentStatusRow.status).join(
                AnalystRow, AnalystRow.id == DocumentStatusRow.analyst_id
            )
            statuses = statuses.where(DocumentStatusRow.document_id == document_id)
            if analysts is not None:
                statuses = statuses.where(AnalystRow.name.in_(list(analysts)))
            found = {name: status for name, status in s.execute(statuses)}
        meta = {str(k): "" if v is None else str(v) for k, v in (row.meta or {}).items()}
        return DocumentDetails(row.id, row.external_id, row.title, meta, as_utc(row.imported_at), found)
