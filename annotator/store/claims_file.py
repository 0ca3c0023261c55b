"""A SQLite project file's claims read with plain sqlite3, read-only: `annotator claims` without loading SQLAlchemy.

Only a file this version opens as it is (schema `HEAD_REVISION`) is read here; anything else
(missing, older, another program's, damaged, not readable in place) is left to
`engine.open_engine`, which creates, upgrades or refuses it with its own messages. The three
queries are those of `claim_rows` written out in SQL, and their rows are made into records by
the same `claim_records`; tests/core/test_claims.py checks both readers against `claims_of`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from annotator.core.claims import CLAIM_LABELS, CLAIM_RELATIONS, GUARANTEE, QUOTE, ClaimRecord
from annotator.core.errors import StoreError
from annotator.store import live_files
from annotator.store.claim_records import links_of, records
from annotator.store.driver_errors import explain
from annotator.store.revision import HEAD_REVISION
from annotator.store.snapshot import read_only_uri

READ_BATCH = 2000
# constants of core.claims, never user input: written into the SQL as literals
_RELATION_TYPES = ", ".join(f"'{t}'" for t in CLAIM_RELATIONS)
_LABELS = ", ".join(f"'{label}'" for label in CLAIM_LABELS)
LINKS = f"""
SELECT r.type, s.id, s.label, s.start_offset, s.end_offset, t.id, t.label, t.start_offset, t.end_offset
FROM relations AS r
JOIN annotations AS s ON s.id = r.source_id AND s.document_id = r.document_id
JOIN annotations AS t ON t.id = r.target_id AND t.document_id = r.document_id
WHERE r.analyst_id = :analyst AND r.type IN ({_RELATION_TYPES}) AND s.analyst_id = :analyst
  AND t.analyst_id = :analyst AND s.label IN ({_LABELS}) AND t.label IN ({_LABELS})
"""
# each guarantee with its innermost containing quote; the set's quotes read once (MATERIALIZED)
GUARANTEES = """
WITH set_quotes AS MATERIALIZED (
  SELECT id, document_id, start_offset, end_offset FROM annotations WHERE analyst_id = :analyst AND label = :quote
)
SELECT a.document_id, a.id, a.start_offset, a.end_offset, a.attributes, q.id, q.start_offset, q.end_offset
FROM annotations AS a LEFT OUTER JOIN annotations AS q ON q.id = (
  SELECT set_quotes.id FROM set_quotes
  WHERE set_quotes.document_id = a.document_id AND set_quotes.start_offset <= a.start_offset
    AND set_quotes.end_offset >= a.end_offset
  ORDER BY set_quotes.end_offset - set_quotes.start_offset, set_quotes.start_offset, set_quotes.id
  LIMIT 1
)
WHERE a.analyst_id = :analyst AND a.label = :guarantee
ORDER BY a.document_id, a.start_offset, a.end_offset, a.id
"""
DOCUMENTS = """
SELECT id, external_id, title, meta, text FROM documents
WHERE id IN (SELECT document_id FROM annotations WHERE analyst_id = :analyst AND label = :guarantee)
ORDER BY id
"""


def open_claims_file(db: str | Path) -> ClaimsFile | None:
    """The project file `db` opened to read claims, or None when only `engine.open_engine` may open it."""
    path = Path(db).expanduser().resolve()
    if not path.is_file():
        return None
    try:
        reader = ClaimsFile(path)
    except sqlite3.Error:
        return None
    try:
        found = reader.connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        found = []
    if found != [(HEAD_REVISION,)]:
        reader.close()
        return None
    return reader


class ClaimsFile:
    """The questions of a claims export (as `claim_rows.ClaimsCatalog`), over a read-only sqlite3 connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = _connect(path)
        self._live = live_files.opened(path)

    def setting(self, key: str, default: object = None) -> object:
        with self._reading():
            found = self.connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if found is None or found[0] is None else json.loads(found[0])

    def analysts(self) -> list[str]:
        """Names of analysts who have at least one annotation, sorted (as `Repository.analysts`)."""
        with self._reading():
            rows = self.connection.execute(
                "SELECT name FROM analysts WHERE EXISTS (SELECT id FROM annotations WHERE analyst_id = analysts.id)"
            ).fetchall()
        return sorted(name for (name,) in rows)

    def iter_claim_records(self, analyst: str) -> Iterator[ClaimRecord]:
        """The claims of `analyst`'s set as plain tuples, by document id, then in text order within a document."""
        with self._reading():
            found = self.connection.execute("SELECT id FROM analysts WHERE name = ?", (analyst,)).fetchone()
            if found is None:
                return
            parameters = {"analyst": found[0], "quote": QUOTE, "guarantee": GUARANTEE}
            links = links_of(_rows(self.connection.execute(LINKS, parameters)))
            guarantees = _rows(self.connection.execute(GUARANTEES, parameters))
            documents = _rows(self.connection.execute(DOCUMENTS, parameters))
            yield from records(analyst, links, guarantees, documents)

    def _reading(self) -> _Reading:
        return _Reading(self.path)

    def close(self) -> None:
        self.connection.close()
        live_files.closed(self._live)


class _Reading:
    """Turns a driver error into the one-line StoreError a user sees."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, _trace: object) -> None:
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"{self.path}: {explain(error)}") from error


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    while batch := cursor.fetchmany(READ_BATCH):
        yield from batch
