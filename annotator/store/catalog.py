"""Queries that need no ORM (the document list, project settings), so a quick command starts fast.

`annotator documents` only lists documents: loading SQLAlchemy's ORM and mapping the row classes
would cost it more than the listing itself. These queries use SQLAlchemy Core over lightweight
table clauses naming only the columns they use; `Repository` and the import writer go through
the same functions, so there is one implementation of each.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import column, func, insert, select, table, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from annotator.core.errors import StoreError
from annotator.core.model import DocumentSummary
from annotator.store.driver_errors import explain

DOCUMENTS = table("documents", column("id"), column("external_id"), column("title"), column("length"))
ANNOTATIONS = table("annotations", column("id"), column("document_id"), column("analyst_id"))
ANALYSTS = table("analysts", column("id"), column("name"))
SETTINGS = table("settings", column("key"), column("value"))


def summaries_statement(
    offset: int = 0,
    limit: int | None = None,
    analysts: Sequence[str] | None = None,
    document_ids: Sequence[int] | None = None,
):
    """Documents in id order with the number of annotations (of `analysts`, or of everyone)."""
    count = select(func.count(ANNOTATIONS.c.id)).where(ANNOTATIONS.c.document_id == DOCUMENTS.c.id)
    if analysts is not None:
        count = count.where(
            ANNOTATIONS.c.analyst_id.in_(select(ANALYSTS.c.id).where(ANALYSTS.c.name.in_(list(analysts))))
        )
    stmt = (
        select(DOCUMENTS.c.id, DOCUMENTS.c.external_id, DOCUMENTS.c.title, DOCUMENTS.c.length, count.scalar_subquery())
        .order_by(DOCUMENTS.c.id)
        .offset(offset)
        .limit(limit)
    )
    if document_ids is not None:
        stmt = stmt.where(DOCUMENTS.c.id.in_(list(document_ids)))
    return stmt


def document_summaries(conn: Connection, *args, **kwargs) -> list[DocumentSummary]:
    return [DocumentSummary(*row) for row in conn.execute(summaries_statement(*args, **kwargs))]


def setting(conn: Connection, key: str, default: object = None) -> object:
    """A project setting (stored as JSON), or `default`."""
    value = conn.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).scalar()
    return json.loads(value) if value is not None else default


def set_setting(conn: Connection, key: str, value: object) -> None:
    """Store a project setting as JSON (inside the caller's write transaction)."""
    encoded = json.dumps(value, ensure_ascii=False)
    if conn.execute(update(SETTINGS).where(SETTINGS.c.key == key).values(value=encoded)).rowcount == 0:
        conn.execute(insert(SETTINGS).values(key=key, value=encoded))


class Catalog:
    """The read-only questions of a listing, over an engine that `store.engine` opened and checked."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(f"{self.engine.url.database}: {explain(exc.orig)}") from exc

    def document_summaries(self, *args, **kwargs) -> list[DocumentSummary]:
        with self._reading() as conn:
            return document_summaries(conn, *args, **kwargs)

    def setting(self, key: str, default: object = None) -> object:
        with self._reading() as conn:
            return setting(conn, key, default)

    def close(self) -> None:
        self.engine.dispose()
