"""One annotation set's claims read set-wise: the database joins the links and finds each guarantee's quote.

Three queries, each one pass in document order: the set's guarantees, each with its innermost
containing quote (a correlated subquery on the (document, start) index); the set's claim links
with both ends' labels and offsets; the documents holding a guarantee. Python then touches one
row per guarantee and per link, never the set's other annotations. The rule is the one of
`core.claims.claims_of` (tests/core/test_claims.py checks that both agree); only SQLAlchemy Core
is used, so the command line reads claims without loading the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import String, and_, column, select, table, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from annotator.core.claims import (
    ACTOR,
    CLAIM_LABELS,
    CLAIM_RELATIONS,
    CONDITION,
    CONDITION_OF,
    GUARANTEE,
    PROVIDER,
    QUOTE,
    RECIPIENT,
    SPEAKER,
    TYPE_ATTRIBUTE,
    ClaimRecord,
    PartRow,
)
from annotator.core.errors import StoreError
from annotator.store.catalog import explain, setting

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
# (id, start, end) of one end of a link
_End = tuple[int, int, int]


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


def _decoded(raw: object) -> dict[str, str]:
    if isinstance(raw, dict):
        return raw
    if raw is None or raw in ("", "{}"):
        return {}
    decoded = json.loads(str(raw))
    return decoded if isinstance(decoded, dict) else {}


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
    providers, recipients, conditions, condition_quotes, speakers = links
    kinds: dict[object, str] = {}
    empty: tuple[PartRow, ...] = ()
    document = (None, "", "", "", "", "")
    for document_id, g_id, g_start, g_end, raw, q_id, q_start, q_end in guarantees:
        if document[0] != document_id:
            for found in documents:
                if found[0] == document_id:
                    meta = _decoded(found[3])
                    document = (
                        document_id,
                        found[1] or "",
                        found[2] or "",
                        meta.get("date", ""),
                        meta.get("location", ""),
                        found[4] or "",
                    )
                    break
        text = document[5]
        # SQLite gives the JSON text (memoised: a corpus repeats a few values), PostgreSQL the decoded dict
        kind = kinds.get(raw) if isinstance(raw, str) else None
        if kind is None:
            kind = _decoded(raw).get(TYPE_ATTRIBUTE, "")
            if isinstance(raw, str) and len(kinds) < 4096:
                kinds[raw] = kind
        found_conditions = conditions.get(g_id)
        if q_id is None and found_conditions:
            linked = [q for c in found_conditions for q in condition_quotes.get(c[0], ())]
            if linked:
                q_id, q_start, q_end = min(linked, key=lambda e: (e[1], e[2], e[0]))
        spoken = None if q_id is None else speakers.get(q_id)
        found_providers, found_recipients = providers.get(g_id), recipients.get(g_id)
        yield (
            document_id,
            document[1],
            document[2],
            document[3],
            document[4],
            analyst,
            kind,
            (g_id, text[g_start:g_end], g_start, g_end),
            empty if found_providers is None else _parts(text, found_providers),
            empty if found_recipients is None else _parts(text, found_recipients),
            empty if found_conditions is None else _parts(text, found_conditions),
            None if q_id is None else (q_id, text[q_start:q_end], q_start, q_end),
            empty if spoken is None else _parts(text, spoken),
        )


def _parts(text: str, ends: list[_End]) -> tuple[PartRow, ...]:
    """Unique by id, in text order (start, end, id), with their texts, as `claims_of` lists a claim's parts."""
    if len(ends) > 1:
        ends = sorted({e[0]: e for e in ends}.values(), key=lambda e: (e[1], e[2], e[0]))
    return tuple([(e[0], text[e[1] : e[2]], e[1], e[2]) for e in ends])


def _links(
    conn: Connection, analyst_id: int
) -> tuple[
    dict[int, list[_End]], dict[int, list[_End]], dict[int, list[_End]], dict[int, list[_End]], dict[int, list[_End]]
]:
    """(providers by guarantee, recipients by guarantee, conditions by guarantee, quotes by condition, speakers by quote).

    Only the set's own links of the claims' types between the set's own annotations of one document.
    """
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
    providers: dict[int, list[_End]] = {}
    recipients: dict[int, list[_End]] = {}
    conditions: dict[int, list[_End]] = {}
    condition_quotes: dict[int, list[_End]] = {}
    speakers: dict[int, list[_End]] = {}
    for kind, s_id, s_label, s_start, s_end, t_id, t_label, t_start, t_end in rows:
        if kind == PROVIDER or kind == RECIPIENT:
            if s_label == GUARANTEE and t_label == ACTOR:
                (providers if kind == PROVIDER else recipients).setdefault(s_id, []).append((t_id, t_start, t_end))
        elif kind == CONDITION_OF:
            if s_label == CONDITION and t_label == GUARANTEE:
                conditions.setdefault(t_id, []).append((s_id, s_start, s_end))
            elif s_label == CONDITION and t_label == QUOTE:
                condition_quotes.setdefault(s_id, []).append((t_id, t_start, t_end))
        elif kind == SPEAKER and s_label == QUOTE and t_label == ACTOR:
            speakers.setdefault(s_id, []).append((t_id, t_start, t_end))
    return providers, recipients, conditions, condition_quotes, speakers


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
