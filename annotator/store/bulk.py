"""Bulk paths: an import written chunk by chunk in one transaction, and streamed, merge-joined reads for exports."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import orjson
from sqlalchemy import DateTime, String, func, insert, select, type_coerce, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from annotator.core.model import Annotation, AnnotationRecord, DocumentRecord, Relation, RelationRecord
from annotator.store import catalog
from annotator.store.columns import SharedAttributes, attributes_of
from annotator.store.ids import reserve_annotation_ids, reserve_relation_ids
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, DocumentStatusRow, RelationRow, utcnow
from annotator.store.search_index import INDEX as SEARCH_INDEX
from annotator.store.server_copy import can_copy, compress_fast, copy_rows, draw_ids
from annotator.store.write_behind import WriteBehind

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
_JSON_ROWS = sqlite3.sqlite_version_info >= (3, 38)  # json_each and ->> built in
READ_BATCH = 500
DOCUMENT_IDS_AHEAD = 5000  # new documents' ids drawn at a time on PostgreSQL (a chunk holds a few hundred)
LOOKUP_BATCH = 500  # ids per IN (...): well under every database's limit on bound parameters


@dataclass(slots=True)
class NewDocument:
    """A document ready to insert (text normalised and checked by the services)."""

    external_id: str
    title: str
    text: str
    sha256: str
    meta: dict[str, str]


# A span to insert: (analyst, label, start, end, attributes, note, the file's own id for relations, or None).
# A plain tuple: an import makes one per span, and a class's constructor took a third of that loop's time.
NewAnnotation = tuple[str, str, int, int, dict[str, str], str, "str | None"]


def new_annotation(
    analyst: str,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, str] | None = None,
    note: str = "",
    key: str | None = None,
) -> NewAnnotation:
    """A NewAnnotation with its parts named (for callers outside the importer's loop)."""
    return (analyst, label, start, end, attributes or {}, note, key)


@dataclass(slots=True)
class NewRelation:
    analyst: str
    type: str
    source_key: str
    target_key: str


@dataclass(slots=True)
class ImportBatchItem:
    """One document of an import: new (`document`) or already stored (`document_id`), with its spans.

    `earlier` marks a document this same import stored in an earlier chunk (the same text met
    again): its spans are merged like those of a stored document, but it is not counted as present.
    """

    document: NewDocument | None
    document_id: int | None
    annotations: list[NewAnnotation]
    relations: list[NewRelation]
    statuses: dict[str, str] = field(default_factory=dict)  # analyst -> in_progress / done
    earlier: bool = False

    @property
    def stored_id(self) -> int:
        """The document's id: given for a stored document, set by `ImportWriter.write` when a new one goes in."""
        if self.document_id is None:
            raise ValueError("an import item names neither a stored document nor a written new one")
        return self.document_id


@dataclass(slots=True)
class ImportCounts:
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    annotations_skipped: int = 0  # already present: re-importing the same work adds nothing
    relations_added: int = 0


_PROGRESS = {"in_progress": 1, "done": 2}
# the last columns of each (after the `_SAME` ones, see `_insert`) take one value for all rows of an import
_DOCUMENT_COLUMNS = ("external_id", "title", "text", "sha256", "length", "meta", "imported_at")
_ANNOTATION_COLUMNS = (
    "document_id",
    "analyst_id",
    "label",
    "start_offset",
    "end_offset",
    "attributes",
    "note",
    "created_at",
    "updated_at",
)
_RELATION_COLUMNS = ("document_id", "analyst_id", "type", "source_id", "target_id")


class ImportWriter:
    """Writes an import chunk by chunk inside the caller's write transaction, which makes it all or nothing.

    Rows go in with one executemany per table and chunk. On SQLite they go straight to the
    driver with ids numbered here: INSERT … RETURNING runs one row at a time there, and with the
    write lock held since BEGIN IMMEDIATE nobody else can take an id. Values are encoded once
    as SQLAlchemy would (JSON text, its datetime text) so the ORM reads them back unchanged.
    On a SQLite file and on PostgreSQL a chunk is written by a second thread (store/write_behind.py)
    while the caller prepares the next; every other use of the connection waits for it first, and
    the lookups of what the project held before the import read it on a second connection (`_before`).
    Call `finish()` before the transaction commits and `close()` in any case.
    """

    def __init__(self, s: Session, direct: bool | None = None):
        """`direct`: write straight to SQLite's driver (by default whenever the database is SQLite); False takes
        SQLAlchemy's generic path, the one other databases use."""
        self._s = s
        self._conn = s.connection()
        dialect = self._conn.dialect
        self._counts = ImportCounts()
        self._behind: WriteBehind | None = None
        self._was_empty = False  # no document before this import: nothing to look up
        self._analysts: dict[str, int] = {}
        self._written: set[int] = set()  # documents stored by this import
        self._encoded: dict[tuple, str] = {}  # attributes -> JSON text; a corpus repeats a few values
        self._now = utcnow()
        self._raw = None
        # PostgreSQL takes the rows by COPY (store/server_copy.py), the values encoded here as on SQLite
        self._copy = direct is None and can_copy(self._conn)
        self._document_ids: list[int] = []  # on PostgreSQL: ids drawn ahead for new documents, next one last
        self._lookups: Connection | None = None  # see `_before`
        self._side_reads = dialect.name != "sqlite" or _in_wal(self._conn)
        if self._copy:
            compress_fast(self._conn)
            # exact as on SQLite: the import holds the project's write lock (store/server.py) since it began
            self._was_empty = self._conn.execute(select(DocumentRow.id).limit(1)).first() is None
            # the server checks each row's foreign keys as COPY brings it, most of an import's time: a second
            # thread waits for that while this one reads and checks the next chunk (the client's own work)
            self._behind = WriteBehind()
        if direct is None:
            direct = dialect.name == "sqlite"
        if direct:
            self._raw = self._conn.connection.cursor()
            self._error = dialect.loaded_dbapi.Error
            stamp = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
            self._stamp = stamp(self._now) if stamp is not None else self._now
            # documents are numbered here so that one executemany inserts a chunk of them; annotation
            # ids come from reserve_annotation_ids (never one given before, see store/ids.py)
            self._next_document_id = (self._conn.execute(select(func.max(DocumentRow.id))).scalar() or 0) + 1
            self._was_empty = self._next_document_id == 1
            # the full-text index merges its segments 16 at a time rather than 4: an import adds
            # hundreds, and merging them as they come took a seventh of its writing (searches stay as fast)
            self._raw.execute(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}, rank) VALUES ('automerge', 16)")
            if _file_database(self._conn):  # an in-memory database belongs to the thread that made it
                self._behind = WriteBehind()
        else:  # SQLAlchemy encodes the values and RETURNING gives the ids (in bulk on PostgreSQL)
            self._stamp = self._now

    @property
    def counts(self) -> ImportCounts:
        """What was written so far (once every queued write is done)."""
        self._drain()
        return self._counts

    def finish(self) -> None:
        """Wait for every queued write; raises the error of one that failed (the transaction must then roll back)."""
        self._drain()
        self._close_lookups()

    def close(self) -> None:
        """End the writing thread, after what it is doing (called before the transaction ends, however it ends)."""
        if self._behind is not None:
            self._behind.close()
            self._behind = None
        self._close_lookups()

    def _close_lookups(self) -> None:
        if self._lookups is not None:
            self._lookups.close()
            self._lookups = None

    def _before(self) -> Connection:
        """A connection that reads the project as it was before this import, for the lookups of what was there.

        With a writing thread it is a second connection: the import holds the project's write lock from its
        start (BEGIN IMMEDIATE, or the server's lock), so nobody commits meanwhile and that connection reads
        the project as the import found it, without waiting for the writing thread (it never sees this
        import's own rows). Without one, or on a SQLite file not in WAL mode (where a reader could hold up
        the writer), it is the import's own connection, once what is queued is written.
        """
        if self._behind is None or not self._side_reads:
            self._drain()
            return self._conn
        if self._lookups is None:
            self._lookups = self._conn.engine.connect()
        return self._lookups

    def _drain(self) -> None:
        if self._behind is not None:
            self._behind.drain()

    # --- lookups of what the project held before this import

    def existing(self, external_ids: Iterable[str], hashes: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Documents that were in the project before this import, by external id and by text hash."""
        if self._was_empty:  # an import into an empty project finds only what it wrote itself, which this leaves out
            return {}, {}
        conn = self._before()
        d = DocumentRow
        by_ext: dict[str, int] = {}
        by_sha: dict[str, int] = {}
        for chunk in chunks(list(set(external_ids))):
            by_ext.update(
                (e, i)
                for e, i in conn.execute(select(d.external_id, d.id).where(d.external_id.in_(chunk)))
                if i not in self._written
            )
        for chunk in chunks(list(set(hashes))):
            for h, i in conn.execute(select(d.sha256, d.id).where(d.sha256.in_(chunk)).order_by(d.id)):
                if i not in self._written:
                    by_sha.setdefault(h, i)
        return by_ext, by_sha

    def texts(self, document_ids: Iterable[int]) -> dict[int, str]:
        """The texts of documents that were in the project before this import (see `existing`)."""
        found: dict[int, str] = {}
        wanted = list(set(document_ids))
        conn = self._before() if wanted else self._conn
        for chunk in chunks(wanted):
            found.update(conn.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))).all())
        return found

    # --- writes

    def write(self, items: Sequence[ImportBatchItem]) -> None:
        """Store one chunk: new documents (their ids are set on the items), spans not stored yet, relations, statuses.

        With a writing thread the ids are set at once, the spans' rows are made here, and everything
        goes in behind (see `finish`): that thread does little but SQLite's work, which runs without the GIL.
        """
        if self._behind is None:
            self._insert_documents(items, None)
            self._store(items, self._plan(items))
            return
        new = [item for item in items if item.document is not None]
        ids = self._new_document_ids(len(new))
        for item, new_id in zip(new, ids, strict=True):
            item.document_id = new_id
        known = self._analysts  # only looked up here: the writing thread may be adding to it
        unknown = {a[0] for item in items for a in item.annotations if a[0] not in known}
        if unknown or len(new) < len(items):
            self._drain()  # the connection is needed here: an analyst to add, or the spans a stored document has
            for name in sorted(unknown):
                self._analyst_id(name)
        plan = self._plan(items)

        def task() -> None:
            self._insert_documents(items, ids)
            self._store(items, plan)

        self._behind.submit(task)

    def _insert_documents(self, items: Sequence[ImportBatchItem], numbered: Sequence[int] | None) -> None:
        """Insert the chunk's new documents; `numbered`: the ids already set on them, in order (else they are set here)."""
        new = [item for item in items if item.document is not None]
        rows = [
            (d.external_id, d.title, d.text, d.sha256, len(d.text), self._json(d.meta))
            for d in (item.document for item in new)
            if d is not None  # always (for mypy)
        ]
        ids = self._insert(DocumentRow, _DOCUMENT_COLUMNS, rows, given=numbered, same=(self._stamp,))
        for item, new_id in zip(new, ids, strict=True):
            item.document_id = new_id
        self._written.update(ids)
        self._counts.documents_added += len(new)
        self._counts.documents_matched += sum(1 for item in items if item.document is None and not item.earlier)

    def _plan(self, items: Sequence[ImportBatchItem]) -> _Plan:
        """The rows of a chunk's new spans, every item's document id set; reads the connection only for stored
        documents (their spans and relations) and analysts met for the first time."""
        analyst_id, encode = self._analyst_id, self._attributes
        stored = [item.stored_id for item in items if item.document is None]
        present = self._stored_annotations(stored)  # document -> (analyst, label, start, end) -> annotation id
        links = self._stored_relations([item.stored_id for item in items if item.document is None and item.relations])
        rows: list[tuple] = []
        # per item: the file's key -> annotation id, or -1 - row number while pending
        keys_of: list[dict[str, int]] = []
        known_analysts, append, no_attributes = self._analysts, rows.append, encode({})
        skipped = 0
        for item in items:
            document_id = item.stored_id
            seen = present.setdefault(document_id, {})
            keys: dict[str, int] = {}
            keys_of.append(keys)
            for name, label, start, end, attributes, note, key in item.annotations:
                who = known_analysts.get(name) or analyst_id(name)
                identity = (who, label, start, end)
                found = seen.get(identity)
                if found is not None:  # already stored, or twice in this import: re-importing adds nothing
                    skipped += 1
                    if key is not None:
                        keys[key] = found  # a new relation may point at it
                    continue
                seen[identity] = pending = -1 - len(rows)
                if key is not None:
                    keys[key] = pending
                append((document_id, who, label, start, end, encode(attributes) if attributes else no_attributes, note))
        return _Plan(rows, keys_of, links, skipped)

    def _store(self, items: Sequence[ImportBatchItem], plan: _Plan) -> None:
        """The rest of `write`'s work on the database: the planned spans, the relations, the statuses."""
        counts, analyst_id = self._counts, self._analyst_id
        annotation_ids = self._insert(AnnotationRow, _ANNOTATION_COLUMNS, plan.rows, same=(self._stamp, self._stamp))
        counts.annotations_added += len(plan.rows)
        counts.annotations_skipped += plan.skipped
        plan.rows = []  # let go of the rows before the relations are made
        relation_rows = []
        links = plan.links
        for item, keys in zip(items, plan.keys_of, strict=True):
            for r in item.relations:
                source, target = keys.get(r.source_key), keys.get(r.target_key)
                if source is None or target is None:
                    continue
                link = (
                    analyst_id(r.analyst),
                    r.type,
                    source if source > 0 else annotation_ids[-1 - source],
                    target if target > 0 else annotation_ids[-1 - target],
                )
                if link in links:
                    continue  # re-importing the same work adds nothing
                links.add(link)
                relation_rows.append((item.stored_id, *link))
        # numbered above every id given before, as annotations are: an undo may put a deleted relation back under its id
        self._insert(RelationRow, _RELATION_COLUMNS, relation_rows, ids=self._raw is not None)
        counts.relations_added += len(relation_rows)
        self._merge_statuses([(item.stored_id, item.statuses) for item in items if item.statuses])

    def set_setting(self, key: str, value: object) -> None:
        self._drain()
        catalog.set_setting(self._conn, key, value)

    # --- helpers

    def _insert(
        self,
        row_class,
        columns: tuple[str, ...],
        rows: list[tuple],
        ids: bool = True,
        given: Sequence[int] | None = None,
        same: tuple = (),
    ) -> Sequence[int]:
        """Insert `rows` (values in the order of `columns`, the last ones `same` for every row); the new ids
        (`given`, else numbered here) come back in the rows' order."""
        if not rows:
            return []
        table = row_class.__table__
        if same and not self._json_rows:
            rows = [(*row, *same) for row in rows]
        if self._copy:
            new: Sequence[int] | None = None
            if ids:
                new = given if given is not None else draw_ids(self._conn, table.name, len(rows))
            copy_rows(self._conn, table, columns, rows, new)
            return new or []
        if self._raw is None:
            keyed = [dict(zip(columns, row, strict=True)) for row in rows]
            if not ids:
                self._conn.execute(insert(table), keyed)
                return []
            return (
                self._conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), keyed)
                .scalars()
                .all()
            )
        names = ("id",) + columns if ids else columns
        new_ids: Sequence[int] | None = None
        if ids:
            new_ids = given if given is not None else self._new_ids(row_class, len(rows))
        try:
            if self._json_rows:
                # the chunk as one JSON text, inserted by one statement: SQLite steps it without the GIL
                # (executemany takes the GIL back for every row, and the other thread holds it); the ids
                # are consecutive: the first one plus the row's place in the array
                width = len(columns) - len(same)
                picked = (["?2 + key"] if new_ids is not None else []) + [f"value ->> {i}" for i in range(width)]
                picked += [f"?{i + 3}" for i in range(len(same))]
                sql = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT {', '.join(picked)} FROM json_each(?1)"
                first = new_ids[0] if new_ids else 0  # numbered here: consecutive
                self._raw.execute(sql, (orjson.dumps(rows).decode(), first, *same))
            else:
                if new_ids is not None:
                    rows = [(i, *row) for i, row in zip(new_ids, rows, strict=True)]
                sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                self._raw.executemany(sql, rows)
        except self._error as exc:  # the driver's own error: wrapped as SQLAlchemy would, for the repository to explain
            raise DBAPIError.instance(sql, None, exc, self._error) from exc
        return new_ids if new_ids is not None else []

    @property
    def _json_rows(self) -> bool:
        """Whether SQLite inserts each chunk from one JSON text (see `_insert`)."""
        return self._behind is not None and self._raw is not None and _JSON_ROWS

    def _new_document_ids(self, count: int) -> Sequence[int]:
        """Ids for a chunk's `count` new documents, set before the chunk is written (its spans' rows need them).

        On PostgreSQL they come from the table's sequence, drawn a few chunks ahead: drawing needs the
        connection, which the writing thread holds while a chunk goes in. Ids drawn and not used are
        a gap in the numbering, as a rolled-back insert leaves.
        """
        if not self._copy:
            return self._new_ids(DocumentRow, count)
        pool = self._document_ids
        if len(pool) < count:
            self._drain()
            pool[:0] = reversed(draw_ids(self._conn, DocumentRow.__tablename__, max(count, DOCUMENT_IDS_AHEAD)))
        taken = pool[-count:] if count else []
        del pool[len(pool) - count :]
        return taken[::-1]

    def _new_ids(self, row_class, count: int) -> range:
        """Ids for `count` new rows of a table, numbered under the import's write lock."""
        if row_class is AnnotationRow:
            reserved = reserve_annotation_ids(self._conn, count)
            # ids are numbered here only on SQLite (the direct path) and for at least one row
            assert reserved is not None, "annotation ids are reserved only on SQLite"
            first = reserved
        elif row_class is RelationRow:
            reserved = reserve_relation_ids(self._conn, count)
            assert reserved is not None, "relation ids are reserved only on SQLite"
            first = reserved
        else:
            assert row_class is DocumentRow, row_class  # the only other table whose new ids an import numbers
            first, self._next_document_id = self._next_document_id, self._next_document_id + count
        return range(first, first + count)

    def _json(self, value: dict) -> object:
        return json.dumps(value) if self._raw is not None or self._copy else value

    def _attributes(self, attributes: dict[str, str]) -> object:
        """The attributes as stored: names and values as text (a reader may have given a value of another type)."""
        if self._raw is None and not self._copy:
            return {str(k): str(v) for k, v in attributes.items()}
        if not attributes:
            return "{}"
        key = tuple(attributes.items())
        encoded = self._encoded.get(key)
        if encoded is None:
            encoded = json.dumps({str(k): str(v) for k, v in attributes.items()})
            if len(self._encoded) < 4096:  # free text (a note-like value) would grow it without end
                self._encoded[key] = encoded
        return encoded

    def _analyst_id(self, name: str) -> int:
        found = self._analysts.get(name)
        if found is None:
            found = self._conn.execute(select(AnalystRow.id).where(AnalystRow.name == name)).scalar()
            if found is None:
                key = self._conn.execute(insert(AnalystRow).values(name=name)).inserted_primary_key
                assert key is not None, "a single-row insert reports its primary key"
                found = key[0]
            self._analysts[name] = found
        return found

    def _stored_annotations(self, document_ids: list[int]) -> dict[int, dict[tuple, int]]:
        a = AnnotationRow
        found: dict[int, dict[tuple, int]] = {d: {} for d in document_ids}
        for chunk in chunks(list(found)):
            stmt = select(a.id, a.document_id, a.analyst_id, a.label, a.start, a.end).where(a.document_id.in_(chunk))
            for annotation_id, document_id, analyst, label, start, end in self._conn.execute(stmt):
                found[document_id][analyst, label, start, end] = annotation_id
        return found

    def _stored_relations(self, document_ids: list[int]) -> set[tuple]:
        r = RelationRow
        found: set[tuple] = set()
        for chunk in chunks(list(set(document_ids))):
            found.update(
                self._conn.execute(
                    select(r.analyst_id, r.type, r.source_id, r.target_id).where(r.document_id.in_(chunk))
                ).all()
            )
        return found

    def _merge_statuses(self, statuses: list[tuple[int, dict[str, str]]]) -> None:
        """Bring in analysts' statuses, never moving one backwards (done stays done)."""
        wanted = [
            (d, self._analyst_id(who), status)
            for d, by_analyst in statuses
            for who, status in by_analyst.items()
            if status in _PROGRESS
        ]
        if not wanted:
            return
        s = DocumentStatusRow
        current: dict[tuple[int, int], str] = {}
        for chunk in chunks(list({d for d, _, _ in wanted})):
            current.update(
                ((d, a), st)
                for d, a, st in self._conn.execute(
                    select(s.document_id, s.analyst_id, s.status).where(s.document_id.in_(chunk))
                )
            )
        added = []
        for document_id, analyst_id, status in wanted:
            old = current.get((document_id, analyst_id))
            if old is None:
                added.append(dict(document_id=document_id, analyst_id=analyst_id, status=status, updated_at=self._now))
            elif _PROGRESS.get(old, 0) < _PROGRESS[status]:
                self._conn.execute(
                    update(s).where(s.document_id == document_id, s.analyst_id == analyst_id).values(status=status)
                )
            else:
                continue
            current[document_id, analyst_id] = status
        if added:
            self._conn.execute(insert(s), added)


@dataclass(slots=True)
class _Plan:
    """A chunk's new span rows, made before they are written (see `ImportWriter.write`)."""

    rows: list[tuple]  # in _ANNOTATION_COLUMNS order, without the time stamps
    keys_of: list[dict[str, int]]  # per item: the file's key -> a stored annotation's id, or -1 - its row here
    links: set[tuple]  # relations the chunk's stored documents hold already
    skipped: int  # spans already stored, or twice in this import


def _in_wal(conn: Connection) -> bool:
    """Whether a SQLite database keeps a write-ahead log (readers and the writer then never wait for each other)."""
    return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower() == "wal"


def _file_database(conn) -> bool:
    """Whether a SQLite connection is to a file (whose connection SQLAlchemy lets any thread use)."""
    url = conn.engine.url
    database = url.database or ""
    return database not in ("", ":memory:") and url.query.get("mode") != "memory"


def chunks(items: list, size: int = LOOKUP_BATCH) -> Iterator[list]:
    """`items` in slices of `size`: ids for one IN (...) each."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def driver_rows(conn, stmt) -> Iterator[tuple]:
    """The driver's own tuples of a SELECT whose columns need no result processing, fetched in batches."""
    if conn.dialect.name != "sqlite":
        # a server's rows stream through SQLAlchemy's own buffer (which reads ahead of the cursor)
        yield from conn.execute(stmt.execution_options(yield_per=READ_BATCH))
        return
    cursor = conn.execute(stmt).cursor  # SQLite's cursor steps through the rows as they are fetched
    error = conn.dialect.loaded_dbapi.Error
    try:
        while batch := cursor.fetchmany(READ_BATCH):
            yield from batch
    except error as exc:  # raised by the driver itself: wrapped as SQLAlchemy would, for the repository to explain
        raise DBAPIError.instance(None, None, exc, error) from exc


def iter_export(
    s: Session, analysts: Sequence[str] | None, id_range: tuple[int, int] | None = None
) -> Iterator[tuple[int, DocumentRecord]]:
    """(document id, exchange record) in id order, the records holding annotations and relations, from three streamed cursors.

    One query per table rather than per document: the annotation and relation cursors run in
    document order alongside the document cursor (a merge join), so memory holds one document.
    Exchange records are built straight from the driver's tuples (ids as strings, raw JSON text
    decoded here, no timestamps: no exchange format writes them); SQLAlchemy's row processing and
    intermediate domain objects were most of an export's time.
    """
    conn = s.connection()
    names = dict(conn.execute(select(AnalystRow.id, AnalystRow.name)).all())
    wanted = set(names) if analysts is None else {i for i, n in names.items() if n in set(analysts)}
    a, r, d = AnnotationRow, RelationRow, DocumentRow
    span_query = select(
        a.id, a.document_id, a.analyst_id, a.label, a.start, a.end, type_coerce(a.attributes, String), a.note
    ).order_by(a.document_id, a.start, a.end, a.id)
    link_query = select(r.id, r.document_id, r.analyst_id, r.type, r.source_id, r.target_id).order_by(
        r.document_id, r.id
    )
    text_query = select(d.id, d.external_id, d.title, d.text, type_coerce(d.meta, String)).order_by(d.id)
    if id_range is not None:  # a part of the export (services/export_in_two.py)
        span_query = span_query.where(a.document_id.between(*id_range))
        link_query = link_query.where(r.document_id.between(*id_range))
        text_query = text_query.where(d.id.between(*id_range))
    annotation_rows = driver_rows(conn, span_query)
    relation_rows = driver_rows(conn, link_query)
    documents = driver_rows(conn, text_query)
    attributes = SharedAttributes()
    next_annotation = next(annotation_rows, None)
    next_relation = next(relation_rows, None)
    for document_id, external_id, title, text, meta in documents:
        spans: list[AnnotationRecord] = []
        while next_annotation is not None and next_annotation[1] <= document_id:
            i, owner, who, label, start, end, raw, note = next_annotation
            if owner == document_id and who in wanted:
                spans.append(
                    AnnotationRecord(
                        label, start, end, names[who], str(i), text[start:end], attributes(raw), note or ""
                    )
                )
            next_annotation = next(annotation_rows, None)
        links: list[RelationRecord] = []
        # an export that leaves analysts out keeps only relations whose both ends it holds: one stored
        # before imports checked a relation's analyst might link another analyst's annotations
        exported = {span.id for span in spans} if analysts is not None else None
        while next_relation is not None and next_relation[1] <= document_id:
            i, owner, who, kind, source, target = next_relation
            if (
                owner == document_id
                and who in wanted
                and (exported is None or (str(source) in exported and str(target) in exported))
            ):
                links.append(RelationRecord(kind, str(source), str(target), names[who], str(i)))
            next_relation = next(relation_rows, None)
        yield document_id, DocumentRecord(text, external_id, title, attributes_of(meta), spans, links)


def iter_annotation_sets(
    s: Session, analysts: Sequence[str], document_ids: Sequence[int] | None = None
) -> Iterator[tuple[int, str, int, dict[str, list[Annotation]]]]:
    """(document id, external id, text length, analyst -> annotations) per document, streamed in id order."""
    names = dict(s.execute(select(AnalystRow.id, AnalystRow.name)).all())
    wanted = {i for i, n in names.items() if n in set(analysts)}
    a = AnnotationRow
    stmt = (
        select(a.id, a.document_id, a.analyst_id, a.label, a.start, a.end, a.attributes, a.note)
        .where(a.analyst_id.in_(wanted))
        .order_by(a.document_id, a.start, a.end, a.id)
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
                    Annotation(
                        x.id,
                        x.document_id,
                        names[x.analyst_id],
                        x.label,
                        x.start,
                        x.end,
                        dict(x.attributes or {}),
                        x.note or "",
                    )
                )
            pending = next(rows, None)
        yield doc.id, doc.external_id, doc.length, sets


def iter_relation_sets(
    s: Session, analysts: Sequence[str], document_ids: Sequence[int] | None = None
) -> Iterator[tuple[int, dict[str, list[Relation]]]]:
    """(document id, analyst -> relations) for each document with relations of `analysts`, streamed in id order."""
    conn = s.connection()
    names = dict(conn.execute(select(AnalystRow.id, AnalystRow.name)).all())
    wanted = [i for i, n in names.items() if n in set(analysts)]
    r = RelationRow
    stmt = select(r.id, r.document_id, r.analyst_id, r.type, r.source_id, r.target_id).where(r.analyst_id.in_(wanted))
    if document_ids is not None:
        stmt = stmt.where(r.document_id.in_(list(document_ids)))
    current: int | None = None
    sets: dict[str, list[Relation]] = {}
    for i, document_id, who, kind, source, target in driver_rows(conn, stmt.order_by(r.document_id, r.id)):
        if document_id != current:
            if current is not None:
                yield current, sets
            current, sets = document_id, {}
        sets.setdefault(names[who], []).append(Relation(i, document_id, names[who], kind, source, target))
    if current is not None:
        yield current, sets
