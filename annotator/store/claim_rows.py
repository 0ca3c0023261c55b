"""One annotation set's claims read set-wise: the database joins the links and finds each guarantee's quote.

Three queries, each one pass in document order: the set's guarantees, each with its innermost
containing quote (a correlated subquery on the (document, start) index); the set's claim links
with both ends' labels and offsets; the documents holding a guarantee. Python then touches one
row per guarantee and per link, never the set's other annotations (`claim_records`, shared with
the plain-sqlite3 reader of a project file, `claims_file`). The rule is the one of
`core.claims.claims_of` (tests/core/test_claims.py checks that both agree); only SQLAlchemy Core
is used, so a server's claims are read without loading the ORM.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import String, and_, column, select, table, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from annotator.core.claims import CLAIM_LABELS, CLAIM_RELATIONS, GUARANTEE, QUOTE, ClaimRecord
from annotator.core.errors import StoreError
from annotator.store.catalog import explain, setting
from annotator.store.claim_records import Links, links_of, records

READ_BATCH = 2000
_ANNOTATIONS = table(
    "annotations",
    column("id"),
    column("document_id"),
    column("analyst_id"),
    column("label"),
    column("start_offset"),
    column("end_offset"),
    column("attributes"),
)
_RELATIONS = table(
    "relations",
    column("id"),
    column("document_id"),
    column("analyst_id"),
    column("type"),
    column("source_id"),
    column("target_id"),
)
_DOCUMENTS = table("documents", column("id"), column("external_id"), column("title"), column("meta"), column("text"))
_ANALYSTS = table("analysts", column("id"), column("name"))


def _rows(conn: Connection, stmt) -> Iterator[tuple]:
    """The driver's own tuples, fetched in batches (SQLAlchemy's result processing skipped on SQLite)."""
    if conn.dialect.name != "sqlite":
        yield from conn.execute(stmt.execution_options(yield_per=READ_BATCH))
        return
    cursor = conn.execute(stmt).cursor
    error = conn.dialect.loaded_dbapi.Error
    try:
        while batch := cursor.fetchmany(READ_BATCH):
            yield from batch
    except error as exc:  # wrapped as SQLAlchemy would, for the caller to explain
        raise DBAPIError.instance(None, None, exc, error) from exc


def iter_claim_records(conn: Connection, analyst: str) -> Iterator[ClaimRecord]:
    """The claims of `analyst`'s set as plain tuples, by document id, then in text order within a document."""
    analyst_id = conn.execute(select(_ANALYSTS.c.id).where(_ANALYSTS.c.name == analyst)).scalar()
    if analyst_id is None:
        return
    a, d = _ANNOTATIONS, _DOCUMENTS
    links = _links(conn, analyst_id)
    # the set's quotes, read once (MATERIALIZED): probing them per guarantee is what finds the innermost
    quotes = (
        select(a.c.id, a.c.document_id, a.c.start_offset, a.c.end_offset)
        .where(a.c.analyst_id == analyst_id, a.c.label == QUOTE)
        .cte("set_quotes")
        .prefix_with("MATERIALIZED")
    )
    containing = (
        select(quotes.c.id)
        .where(
            quotes.c.document_id == a.c.document_id,
            quotes.c.start_offset <= a.c.start_offset,
            quotes.c.end_offset >= a.c.end_offset,
        )
        .order_by(quotes.c.end_offset - quotes.c.start_offset, quotes.c.start_offset, quotes.c.id)
        .limit(1)
        .correlate(a)
        .scalar_subquery()
    )
    quote = a.alias("quote")
    guarantees = _rows(
        conn,
        select(
            a.c.document_id,
            a.c.id,
            a.c.start_offset,
            a.c.end_offset,
            type_coerce(a.c.attributes, String),
            quote.c.id,
            quote.c.start_offset,
            quote.c.end_offset,
        )
        .select_from(a.outerjoin(quote, quote.c.id == containing))
        .where(a.c.analyst_id == analyst_id, a.c.label == GUARANTEE)
        .order_by(a.c.document_id, a.c.start_offset, a.c.end_offset, a.c.id),
    )
    with_guarantee = select(a.c.document_id).where(a.c.analyst_id == analyst_id, a.c.label == GUARANTEE)
    documents = _rows(
        conn,
        select(d.c.id, d.c.external_id, d.c.title, type_coerce(d.c.meta, String), d.c.text)
        .where(d.c.id.in_(with_guarantee))
        .order_by(d.c.id),
    )
    yield from records(analyst, links, guarantees, documents)


def _links(conn: Connection, analyst_id: int) -> Links:
    """Only the set's own links of the claims' types between the set's own annotations of one document."""
    a, r = _ANNOTATIONS, _RELATIONS
    source, target = a.alias("source"), a.alias("target")
    rows = _rows(
        conn,
        select(
            r.c.type,
            source.c.id,
            source.c.label,
            source.c.start_offset,
            source.c.end_offset,
            target.c.id,
            target.c.label,
            target.c.start_offset,
            target.c.end_offset,
        )
        .select_from(
            r.join(source, and_(source.c.id == r.c.source_id, source.c.document_id == r.c.document_id)).join(
                target, and_(target.c.id == r.c.target_id, target.c.document_id == r.c.document_id)
            )
        )
        .where(
            r.c.analyst_id == analyst_id,
            r.c.type.in_(CLAIM_RELATIONS),
            source.c.analyst_id == analyst_id,
            target.c.analyst_id == analyst_id,
            source.c.label.in_(CLAIM_LABELS),
            target.c.label.in_(CLAIM_LABELS),
        ),
    )
    return links_of(rows)


class ClaimsCatalog:
    """The questions of a claims export, over an engine that `store.engine` opened and checked (no ORM loaded)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(f"{self.engine.url.database}: {explain(exc.orig)}") from exc

    def setting(self, key: str, default: object = None) -> object:
        with self._reading() as conn:
            return setting(conn, key, default)

    def analysts(self) -> list[str]:
        """Names of analysts who have at least one annotation, sorted (as `Repository.analysts`)."""
        with self._reading() as conn:
            return _analyst_names(conn)

    def iter_claim_records(self, analyst: str) -> Iterator[ClaimRecord]:
        with self._reading() as conn:
            yield from iter_claim_records(conn, analyst)

    def close(self) -> None:
        self.engine.dispose()


def _analyst_names(conn: Connection) -> list[str]:
    a, n = _ANNOTATIONS, _ANALYSTS
    return sorted(
        conn.execute(select(n.c.name).where(select(a.c.id).where(a.c.analyst_id == n.c.id).exists())).scalars()
    )
