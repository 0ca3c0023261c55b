"""Reads for corpus search: the documents that may hold a query (SQLite FTS5, else every one) and annotations by label.

The full-text index `documents_fts` (migration 0005) is kept in step with `documents` by triggers.
It only narrows the documents to look at: the hits themselves are found in Python
(core.search_text), so the index must never miss a document but may offer one too many. On
a database without the index (PostgreSQL) every document is a candidate: a plain scan.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from annotator.core.model import Annotation
from annotator.store.columns import SharedAttributes, annotation_of, select_annotations
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow

FETCH = 200  # documents read from the cursor at a time: a 20 MB corpus is never held at once
INDEX = "documents_fts"


@dataclass(frozen=True, slots=True)
class Candidate:
    document_id: int
    external_id: str
    text: str


def fts_phrase(query: str, prefix: bool) -> str:
    """An FTS5 query for `query` as one phrase (its own tokenizer splits it), its last word a prefix if `prefix`."""
    return '"' + query.replace('"', '""') + '"' + (" *" if prefix else "")


class SearchIndex:
    """The search reads of one repository."""

    def __init__(self, repository) -> None:
        self._repo = repository
        self._indexed: bool | None = None

    @property
    def indexed(self) -> bool:
        """Whether the database has the full-text index (a SQLite project of schema 0005 or later)."""
        if self._indexed is None:
            if self._repo.engine.dialect.name != "sqlite":
                self._indexed = False
            else:
                with self._repo._session() as s:
                    found = s.connection().exec_driver_sql(
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX,)
                    )
                    self._indexed = found.first() is not None
        return self._indexed

    def candidates(self, phrase: str | None) -> Iterator[Candidate]:
        """Documents (in id order) that may hold the FTS5 query `phrase`; every document when `phrase` is None or there is no index."""
        if phrase is not None and self.indexed:
            sql = (
                f"SELECT d.id, d.external_id, d.text FROM documents AS d WHERE d.id IN "
                f"(SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ?) ORDER BY d.id"
            )
            yield from self._stream(sql, (phrase,))
        else:
            yield from self.documents()

    def documents(self, document_ids: Sequence[int] | None = None) -> Iterator[Candidate]:
        """Every document (or those of `document_ids`), in id order."""
        d = DocumentRow
        stmt = select(d.id, d.external_id, d.text).order_by(d.id)
        if document_ids is not None:
            stmt = stmt.where(d.id.in_(list(document_ids)))
        with self._repo._session() as s:
            result = s.connection().execute(stmt)
            while rows := result.fetchmany(FETCH):
                for id_, external_id, text in rows:
                    yield Candidate(id_, external_id, text)

    def _stream(self, sql: str, params: tuple) -> Iterator[Candidate]:
        with self._repo._session() as s:
            cursor = s.connection().exec_driver_sql(sql, params).cursor
            while rows := cursor.fetchmany(FETCH):
                for id_, external_id, text in rows:
                    yield Candidate(id_, external_id, text)

    def annotations(self, labels: Sequence[str] | None, analysts: Sequence[str] | None) -> list[Annotation]:
        """Annotations of `labels` (None: any) by `analysts` (None: anyone), in document and text order."""
        stmt = select_annotations().order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.id)
        if labels is not None:
            stmt = stmt.where(AnnotationRow.label.in_(list(labels)))
        if analysts is not None:
            stmt = stmt.where(AnalystRow.name.in_(list(analysts)))
        with self._repo._session() as s:
            rows = s.connection().execute(stmt).fetchall()
        shared = SharedAttributes()
        return [annotation_of(row, shared) for row in rows]
