"""A SQLite project file's claims read with plain sqlite3, read-only: `annotator claims` without loading SQLAlchemy.

Only a file this version opens as it is (schema `HEAD_REVISION`) is read here; anything else
(missing, older, another program's, damaged, not readable in place) is left to
`engine.open_engine`, which creates, upgrades or refuses it with its own messages. The queries
are those of `claim_rows` written out in SQL, and their rows are made into records by the same
`claim_records`; tests/core/test_claims.py checks both readers against `claims_of`. A thread reads
the links and guarantees of one range of documents after another, each as one JSON text that
SQLite makes without Python's lock, while the caller makes and writes the previous range's claims.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

from annotator.core.claims import CLAIM_LABELS, CLAIM_RELATIONS, GUARANTEE, QUOTE, ClaimRecord
from annotator.core.errors import StoreError
from annotator.store import live_files
from annotator.store.claim_records import DocumentRow, GuaranteeRow, Links, links_of, records
from annotator.store.driver_errors import explain
from annotator.store.revision import HEAD_REVISION
from annotator.store.snapshot import read_only_uri

READ_BATCH = 2000
# constants of core.claims, never user input: written into the SQL as literals
_RELATION_TYPES = ", ".join(f"'{t}'" for t in CLAIM_RELATIONS)
_LABELS = ", ".join(f"'{label}'" for label in CLAIM_LABELS)
# The links and the guarantees of the documents numbered :low to :high, each as one JSON array:
# SQLite answers either in a single step, so the thread reading them runs without Python's lock.
LINKS_JSON = f"""
SELECT json_group_array(json_array(
  r.type, s.id, s.label, s.start_offset, s.end_offset, t.id, t.label, t.start_offset, t.end_offset
))
FROM relations AS r
JOIN annotations AS s ON s.id = r.source_id AND s.document_id = r.document_id
JOIN annotations AS t ON t.id = r.target_id AND t.document_id = r.document_id
WHERE r.analyst_id = :analyst AND r.document_id BETWEEN :low AND :high AND r.type IN ({_RELATION_TYPES})
  AND s.analyst_id = :analyst AND t.analyst_id = :analyst AND s.label IN ({_LABELS}) AND t.label IN ({_LABELS})
"""
# each guarantee with its innermost containing quote (the set's quotes read once: MATERIALIZED), unsorted
GUARANTEES_JSON = """
WITH set_quotes AS MATERIALIZED (
  SELECT id, document_id, start_offset, end_offset FROM annotations
  WHERE analyst_id = :analyst AND label = :quote AND document_id BETWEEN :low AND :high
)
SELECT json_group_array(json_array(
  a.document_id, a.id, a.start_offset, a.end_offset, a.attributes, q.id, q.start_offset, q.end_offset
))
FROM annotations AS a LEFT OUTER JOIN annotations AS q ON q.id = (
  SELECT set_quotes.id FROM set_quotes
  WHERE set_quotes.document_id = a.document_id AND set_quotes.start_offset <= a.start_offset
    AND set_quotes.end_offset >= a.end_offset
  ORDER BY set_quotes.end_offset - set_quotes.start_offset, set_quotes.start_offset, set_quotes.id
  LIMIT 1
)
WHERE a.analyst_id = :analyst AND a.label = :guarantee AND a.document_id BETWEEN :low AND :high
"""
# the documents holding a guarantee; the date and location are taken out of the metadata by SQLite
# where that gives what json.loads would (text or absent, in a valid object), else (plain = 0) in Python
DOCUMENTS = """
SELECT id, external_id, title, meta, text,
  CASE WHEN json_valid(meta) AND json_type(meta) = 'object'
    AND coalesce(json_type(meta, '$.date'), 'text') = 'text'
    AND coalesce(json_type(meta, '$.location'), 'text') = 'text' THEN 1 ELSE 0 END,
  json_extract(meta, '$.date'), json_extract(meta, '$.location')
FROM documents
WHERE id IN (SELECT document_id FROM annotations WHERE analyst_id = :analyst AND label = :guarantee)
  AND id BETWEEN :low AND :high
ORDER BY id
"""
_TEXT_ORDER = itemgetter(0, 2, 3, 1)  # a guarantee row's document, start, end, id
CHUNKS = 8  # ranges of documents read one after another


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

    def halves(self, analyst: str) -> tuple[int, int, int] | None:
        """(first, middle, last) document ids splitting `analyst`'s guarantees about evenly: the claims of
        documents first..middle and middle+1..last can be written side by side. None when there is nothing to split."""
        with self._reading():
            found = self.connection.execute(
                "SELECT min(document_id), max(document_id), count(*) FROM annotations"
                " WHERE label = ? AND analyst_id = (SELECT id FROM analysts WHERE name = ?)",
                (GUARANTEE, analyst),
            ).fetchone()
            if found is None or found[0] is None or found[0] == found[1]:
                return None
            low, high, count = found
            (middle,) = self.connection.execute(
                "SELECT document_id FROM annotations WHERE label = ? AND analyst_id = (SELECT id FROM analysts"
                " WHERE name = ?) ORDER BY document_id LIMIT 1 OFFSET ?",
                (GUARANTEE, analyst, count // 2),
            ).fetchone()
        middle = min(middle, high - 1)
        return (low, middle, high) if low <= middle < high else None

    def guarantees(self, analyst: str) -> int:
        """How many guarantees `analyst`'s set holds (how many claims an export writes)."""
        with self._reading():
            (count,) = self.connection.execute(
                "SELECT count(*) FROM annotations WHERE label = ? AND analyst_id = (SELECT id FROM analysts WHERE name = ?)",
                (GUARANTEE, analyst),
            ).fetchone()
        return int(count)

    def iter_claim_records(
        self, analyst: str, first: int | None = None, last: int | None = None
    ) -> Iterator[ClaimRecord]:
        """The claims of `analyst`'s set as plain tuples, by document id, then in text order within a document
        (of the documents numbered `first` to `last` only, when given)."""
        with self._reading():
            found = self.connection.execute("SELECT id FROM analysts WHERE name = ?", (analyst,)).fetchone()
            if found is None:
                return
            low, high = self.connection.execute("SELECT min(id), max(id) FROM documents").fetchone()
            if low is None:
                return
            low, high = max(low, first) if first is not None else low, min(high, last) if last is not None else high
            if low > high:
                return
            parameters = {"analyst": found[0], "quote": QUOTE, "guarantee": GUARANTEE, "low": low, "high": high}
            documents = _documents(_rows(self.connection.execute(DOCUMENTS, parameters)))
            worker = _ChunkReader(self.path, parameters, low, high)
            worker.start()
            links: Links = ({}, {}, {}, {}, {})

            def guarantees() -> Iterator[GuaranteeRow]:
                for found_links, found in worker.chunks():
                    for shared, new in zip(links, found_links, strict=True):  # the range's own, in place
                        shared.clear()
                        shared.update(new)
                    yield from found

            try:
                yield from records(analyst, links, guarantees(), documents)
            finally:
                worker.stop()

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


class _ChunkReader(threading.Thread):
    """The links and guarantees of one range of documents after another, read on a connection of its own."""

    def __init__(self, path: Path, parameters: dict[str, object], low: int, high: int) -> None:
        super().__init__(name="claims reader", daemon=True)
        self.path, self.parameters = path, parameters
        step = max(1, (high - low + CHUNKS) // CHUNKS)
        self.ranges = [(start, min(start + step - 1, high)) for start in range(low, high + 1, step)]
        self.found: queue.Queue[tuple[str, str] | BaseException | None] = queue.Queue(maxsize=2)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            connection = _connect(self.path)
            live = live_files.opened(self.path)
            try:
                for low, high in self.ranges:
                    parameters = {**self.parameters, "low": low, "high": high}
                    (links,) = connection.execute(LINKS_JSON, parameters).fetchone()
                    (guarantees,) = connection.execute(GUARANTEES_JSON, parameters).fetchone()
                    if not self._put((links, guarantees)):
                        return
            finally:
                connection.close()
                live_files.closed(live)
        except BaseException as exc:  # handed to the reader, which raises it
            self._put(exc)
            return
        self._put(None)

    def _put(self, item: tuple[str, str] | BaseException | None) -> bool:
        while not self.stopped.is_set():
            try:
                self.found.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def chunks(self) -> Iterator[tuple[Links, list[GuaranteeRow]]]:
        """(links, guarantees in document and text order) of each range, in order."""
        while (item := self.found.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            guarantees = json.loads(item[1])
            guarantees.sort(key=_TEXT_ORDER)
            yield links_of(json.loads(item[0])), guarantees

    def stop(self) -> None:
        self.stopped.set()


def _documents(rows: Iterator[tuple]) -> Iterator[DocumentRow]:
    """(id, external id, title, meta, text): the meta as the date and location SQLite took out, where it could."""
    for document_id, external_id, title, meta, text, plain, date, location in rows:
        if plain:
            meta = {"date": "" if date is None else date, "location": "" if location is None else location}
        yield document_id, external_id, title, meta, text


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    while batch := cursor.fetchmany(READ_BATCH):
        yield from batch
