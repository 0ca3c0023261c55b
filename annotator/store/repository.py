"""The repository: every query and write the services need, returning core values, never rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection

from annotator.core.claims import ClaimRecord
from annotator.core.errors import NotFound, ReadOnly, StoreError
from annotator.core.memory import paused_gc
from annotator.core.model import Annotation, Document, DocumentRecord, DocumentSummary, Relation
from annotator.store import bulk, catalog, claim_rows, read_only, server, server_notices
from annotator.store.catalog import explain
from annotator.store.columns import SharedAttributes, annotation_of, select_annotations
from annotator.store.ids import reserve_annotation_ids, reserve_relation_ids
from annotator.store.live_files import FileWatch
from annotator.store.review_repository import ReviewRepository
from annotator.store.rows import AnalystRow, AnnotationRow, DocumentRow, RelationRow, as_utc, utcnow

RelationEnd = tuple[str, str, int, int]  # one end of a relation: (analyst, label, start, end)


def _to_document(row: DocumentRow) -> Document:
    return Document(
        row.id, row.external_id, row.title, row.text, row.sha256, dict(row.meta or {}), as_utc(row.imported_at)
    )


def _to_annotation(row: AnnotationRow, analyst: str) -> Annotation:
    return Annotation(
        row.id,
        row.document_id,
        analyst,
        row.label,
        row.start,
        row.end,
        dict(row.attributes or {}),
        row.note or "",
        as_utc(row.created_at),
        as_utc(row.updated_at),
    )


class Repository:
    """Queries and writes over one project database; every write commits before returning."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.review = ReviewRepository(self)
        self.read_only = read_only.reason_of(engine)  # why edits are refused (read-only media...), or None
        self._watcher: PoolProxiedConnection | None = None
        self.own_version: int | None = (
            None  # data_version after our last commit, when only we had written since the last look
        )
        self._accounted: int | None = None  # the data_version whose changes a caller has seen or we made ourselves
        # on a server: the notices of other connections' commits counted so far stand for SQLite's data_version
        self._listener: server_notices.Listener | None = None
        self._notices_seen = 0
        self._own_senders: set[int] = set()  # the server processes of our own writes: their notices are no news
        database = engine.url.database
        self._file = (
            FileWatch(database) if engine.dialect.name == "sqlite" and database and database != ":memory:" else None
        )

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._file = None  # our own last connection closing removes the log: no news once closed
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self.engine.dispose()

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                if write:
                    if self.read_only is not None:
                        # only a project file is opened read-only, so it has a name; else the URL names it
                        raise ReadOnly(read_only.refusal(self.engine.url.database or self.url, self.read_only))
                    self.check_file()  # never write into a log nobody will read
                    with session.begin():
                        if self.engine.dialect.name == "sqlite":
                            # Take the write lock first (waiting up to the busy timeout), so every lookup of
                            # the write sees the latest commit: a check-then-insert (the analyst's row, a
                            # status) cannot race another process's commit into a UNIQUE failure.
                            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                        elif self.engine.dialect.name == "postgresql":
                            server.take_write_lock(session.connection())  # the same, on a server
                        before = self._version()  # under the write lock: nobody else commits until we do
                        yield session
                        if self.engine.dialect.name == "postgresql":
                            # delivered with the commit, to every window listening on the project
                            kind, document_id = session.info.get("notice", ("project", None))
                            self._own_senders.add(server_notices.send(session.connection(), kind, document_id))
                    after = self._version()
                    if before == self._accounted:
                        # our own commit is the only change since the last look: not news from elsewhere.
                        # Otherwise another process committed first, and that stays news until looked at.
                        self.own_version = self._accounted = after
                    self.check_file()  # the commit went into a file that is still the project's
                else:
                    yield session
        except DBAPIError as exc:
            raise StoreError(f"{self.engine.url.database}: {explain(exc.orig)}") from exc

    # --- watching for other processes

    def file_problem(self) -> str | None:
        """Why edits may no longer reach the project file (it or its log replaced or deleted under us), else None."""
        return None if self._file is None else self._file.problem()

    def check_file(self) -> None:
        problem = self.file_problem()
        if problem is not None:
            raise StoreError(problem)

    def data_version(self) -> int | None:
        """A number that changes when another connection commits (SQLite's data_version), else None.

        It is read on one connection kept for the purpose: the pragma counts other
        connections' commits, so it must always be asked on the same one. The caller is
        taken to have seen every change up to the value returned.
        """
        self._accounted = self._version()
        return self._accounted

    def listen(self) -> int | None:
        """On a server, start listening for other connections' commits (data_version counts them from then on);
        returns the socket their notices arrive on, to wait on it, or None (a SQLite file, or not connected now)."""
        if self.engine.dialect.name != "postgresql":
            return None
        if self._listener is None:
            self._listener = server_notices.Listener(self.engine.url)
            self._listener.start()
        return self._listener.fileno()

    def notice_socket(self) -> int | None:
        """The socket the server's notices arrive on now (it changes when a lost listener reconnects), else None."""
        return None if self._listener is None else self._listener.fileno()

    def _version(self) -> int | None:
        if self.engine.dialect.name != "sqlite":
            return self._server_version()
        try:
            if self._watcher is None:
                self._watcher = self.engine.raw_connection()
            version = self._watcher.cursor().execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # a lost watcher only means no refresh; never disturb the user over it
            self._watcher = None
            return None
        if self._file is not None:
            self._file.remember_wal()  # the watcher holds the log open from here on
        return version

    def _server_version(self) -> int | None:
        """How many commits of other connections were announced so far (None until `listen`): never waits."""
        if self._listener is None:
            return None
        for notice in self._listener.drain():
            if notice.sender not in self._own_senders:
                self._notices_seen += 1
        if self._listener.reconnected:  # notices sent while it was away are lost: take it that something changed
            self._listener.reconnected = False
            self._notices_seen += 1
        return self._notices_seen

    # --- analysts

    def _analyst_id(self, session: Session, name: str) -> int:
        found = session.scalar(select(AnalystRow.id).where(AnalystRow.name == name))
        if found is not None:
            return found
        row = AnalystRow(name=name)
        session.add(row)
        session.flush()
        return row.id

    def analysts(self) -> list[str]:
        """Names of analysts who have at least one annotation, sorted."""
        with self._session() as s:
            stmt = select(AnalystRow.name).where(
                select(AnnotationRow.id).where(AnnotationRow.analyst_id == AnalystRow.id).exists()
            )
            return sorted(s.scalars(stmt))

    def _analyst_filter(self, analysts: Sequence[str] | None):
        if analysts is None:
            return None
        return AnnotationRow.analyst_id.in_(select(AnalystRow.id).where(AnalystRow.name.in_(list(analysts))))

    # --- documents

    def document_count(self) -> int:
        with self._session() as s:
            return s.scalar(select(func.count(DocumentRow.id))) or 0

    def document_summaries(
        self,
        offset: int = 0,
        limit: int | None = None,
        analysts: Sequence[str] | None = None,
        document_ids: Sequence[int] | None = None,
    ) -> list[DocumentSummary]:
        """Documents in id order with the number of annotations (of `analysts`, or of everyone)."""
        with self._session() as s:
            return catalog.document_summaries(s.connection(), offset, limit, analysts, document_ids)

    def document_ids(self, among: Sequence[int] | None = None) -> list[int]:
        """Document ids in order (or those of `among` that exist)."""
        stmt = select(DocumentRow.id).order_by(DocumentRow.id)
        if among is not None:
            stmt = stmt.where(DocumentRow.id.in_(list(among)))
        with self._session() as s:
            return list(s.scalars(stmt))

    def first_document_id(self) -> int | None:
        with self._session() as s:
            return s.scalar(select(func.min(DocumentRow.id)))

    def document(self, document_id: int) -> Document:
        with self._session() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise NotFound(f"no document with id {document_id}")
            return _to_document(row)

    def document_by_external_id(self, external_id: str) -> Document | None:
        with self._session() as s:
            row = s.scalar(select(DocumentRow).where(DocumentRow.external_id == external_id))
            return _to_document(row) if row else None

    # --- annotations

    def annotations(
        self, document_id: int, analysts: Sequence[str] | None = None, *, starting: tuple[int, int | None] | None = None
    ) -> list[Annotation]:
        """A document's annotations in text order (of `analysts`, or of everyone); with `starting`
        = (first, stop), only those whose start is at least `first` and below `stop` (if not None)."""
        stmt = (
            select_annotations()
            .where(AnnotationRow.document_id == document_id)
            .order_by(AnnotationRow.start, AnnotationRow.end, AnnotationRow.id)
        )
        if starting is not None:
            first, stop = starting
            stmt = stmt.where(AnnotationRow.start >= first)
            if stop is not None:
                stmt = stmt.where(AnnotationRow.start < stop)
        condition = self._analyst_filter(analysts)
        if condition is not None:
            stmt = stmt.where(condition)
        # executed on the session's connection, not through the ORM: no loading step for each of
        # (maybe) 20,000 rows, and the driver's own tuples (these columns need no result processing)
        with self._session() as s, paused_gc():
            rows = s.connection().execute(stmt).cursor.fetchall()
            shared = SharedAttributes()  # a document repeats a handful of attribute values
            return [annotation_of(row, shared) for row in rows]

    def annotations_by_id(self, annotation_ids: Iterable[int]) -> list[Annotation]:
        """The annotations among `annotation_ids` that exist (for updating a view after an edit)."""
        ids = list(annotation_ids)
        found: list[Annotation] = []
        with self._session() as s:
            for chunk in bulk.chunks(ids):
                found.extend(
                    annotation_of(row) for row in s.execute(select_annotations().where(AnnotationRow.id.in_(chunk)))
                )
        return found

    def annotation(self, annotation_id: int) -> Annotation:
        with self._session() as s:
            return self._annotation(s, annotation_id)

    def _annotation(self, s: Session, annotation_id: int) -> Annotation:
        found = s.execute(
            select(AnnotationRow, AnalystRow.name)
            .join(AnalystRow, AnalystRow.id == AnnotationRow.analyst_id)
            .where(AnnotationRow.id == annotation_id)
        ).first()
        if found is None:
            raise NotFound(f"no annotation with id {annotation_id}")
        return _to_annotation(*found)

    def add_annotation(self, annotation: Annotation, *, keep_id: bool = False) -> Annotation:
        """Insert `annotation`; with `keep_id`, under its own id (redo after undo keeps ids stable)."""
        with self._session(write=True) as s:
            return self._insert_annotation(s, annotation, keep_id=keep_id)

    def _insert_annotation(self, s: Session, annotation: Annotation, *, keep_id: bool = False) -> Annotation:
        # the id alone: loading the row would read the whole text of a long article
        if s.scalar(select(DocumentRow.id).where(DocumentRow.id == annotation.document_id)) is None:
            raise NotFound(f"no document with id {annotation.document_id}")
        now = utcnow()
        s.info["notice"] = ("annotations", annotation.document_id)
        row = AnnotationRow(
            document_id=annotation.document_id,
            analyst_id=self._analyst_id(s, annotation.analyst),
            label=annotation.label,
            start=annotation.start,
            end=annotation.end,
            attributes=dict(annotation.attributes),
            note=annotation.note,
            created_at=annotation.created_at or now,
            updated_at=annotation.updated_at or now,
        )
        new_id = annotation.id if keep_id else reserve_annotation_ids(s.connection(), 1)
        if new_id is not None:  # else the database numbers the row itself
            row.id = new_id
        s.add(row)
        s.flush()
        return _to_annotation(row, annotation.analyst)

    def update_annotation(self, annotation_id: int, **changes: object) -> Annotation:
        """Change label, start, end, attributes or note; returns the annotation as now stored."""
        allowed = {"label", "start", "end", "attributes", "note"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
        with self._session(write=True) as s:
            row = s.get(AnnotationRow, annotation_id)
            if row is None:
                raise NotFound(f"no annotation with id {annotation_id}")
            s.info["notice"] = ("annotations", row.document_id)
            for key, value in changes.items():
                if key == "attributes":
                    if not isinstance(value, Mapping):
                        raise ValueError(f"attributes must map names to values, not be {type(value).__name__}")
                    value = dict(value)
                setattr(row, key, value)
            row.updated_at = utcnow()
            s.flush()
            return self._annotation(s, annotation_id)

    def delete_annotation(self, annotation_id: int) -> tuple[Annotation, list[Relation]]:
        """Delete an annotation and the relations touching it; return both for undo."""
        with self._session(write=True) as s:
            annotation = self._annotation(s, annotation_id)
            s.info["notice"] = ("annotations", annotation.document_id)
            relations = self._relations(
                s, (RelationRow.source_id == annotation_id) | (RelationRow.target_id == annotation_id)
            )
            s.execute(
                delete(RelationRow).where(
                    (RelationRow.source_id == annotation_id) | (RelationRow.target_id == annotation_id)
                )
            )
            s.execute(delete(AnnotationRow).where(AnnotationRow.id == annotation_id))
            return annotation, relations

    def restore_annotation(self, annotation: Annotation, relations: Sequence[Relation] = ()) -> Annotation:
        """Put back a deleted annotation and its relations under their old ids (undo of delete)."""
        with self._session(write=True) as s:
            self._insert_annotation(s, annotation, keep_id=True)
            for r in relations:
                s.execute(
                    insert(RelationRow).values(
                        id=r.id,
                        document_id=r.document_id,
                        analyst_id=self._analyst_id(s, r.analyst),
                        type=r.type,
                        source_id=r.source_id,
                        target_id=r.target_id,
                    )
                )
            return self._annotation(s, annotation.id)

    # --- relations

    def _relations(self, s: Session, condition) -> list[Relation]:
        stmt = (
            select(RelationRow, AnalystRow.name)
            .join(AnalystRow, AnalystRow.id == RelationRow.analyst_id)
            .where(condition)
            .order_by(RelationRow.id)
        )
        return [Relation(r.id, r.document_id, name, r.type, r.source_id, r.target_id) for r, name in s.execute(stmt)]

    def relations(self, document_id: int, analysts: Sequence[str] | None = None) -> list[Relation]:
        condition = RelationRow.document_id == document_id
        if analysts is not None:
            condition = condition & RelationRow.analyst_id.in_(
                select(AnalystRow.id).where(AnalystRow.name.in_(list(analysts)))
            )
        with self._session() as s:
            return self._relations(s, condition)

    def relations_with_ends(
        self, document_id: int, analysts: Sequence[str] | None = None
    ) -> list[tuple[Relation, RelationEnd, RelationEnd]]:
        """`relations` with each end's (analyst, label, start, end), in one query of plain columns (no objects
        built for the ends): the Relations list of a long article with thousands of relations opens with it."""
        r = RelationRow
        source, target = aliased(AnnotationRow), aliased(AnnotationRow)
        stmt = (
            select(
                r.id,
                r.analyst_id,
                r.type,
                r.source_id,
                r.target_id,
                source.analyst_id,
                source.label,
                source.start,
                source.end,
                target.analyst_id,
                target.label,
                target.start,
                target.end,
            )
            .join(source, source.id == r.source_id)
            .join(target, target.id == r.target_id)
            .where(r.document_id == document_id)
            .order_by(r.id)
        )
        with self._session() as s:
            names = {i: name for i, name in s.execute(select(AnalystRow.id, AnalystRow.name))}
            wanted = None if analysts is None else {i for i, name in names.items() if name in analysts}
            found = []
            for (
                i,
                analyst,
                kind,
                s_id,
                t_id,
                s_analyst,
                s_label,
                s_start,
                s_end,
                t_analyst,
                t_label,
                t_start,
                t_end,
            ) in s.execute(stmt if wanted is None else stmt.where(r.analyst_id.in_(wanted))):
                found.append(
                    (
                        Relation(i, document_id, names[analyst], kind, s_id, t_id),
                        (names[s_analyst], s_label, s_start, s_end),
                        (names[t_analyst], t_label, t_start, t_end),
                    )
                )
            return found

    def relation(self, relation_id: int) -> Relation:
        with self._session() as s:
            found = self._relations(s, RelationRow.id == relation_id)
        if not found:
            raise NotFound(f"no relation with id {relation_id}")
        return found[0]

    def relations_between(self, first_id: int, second_id: int) -> list[Relation]:
        """The relations joining two annotations, either way round."""
        with self._session() as s:
            return self._relations(
                s,
                ((RelationRow.source_id == first_id) & (RelationRow.target_id == second_id))
                | ((RelationRow.source_id == second_id) & (RelationRow.target_id == first_id)),
            )

    def add_relation(self, relation: Relation, *, keep_id: bool = False) -> Relation:
        """Insert `relation`; with `keep_id`, under its own id (undo of a delete keeps ids stable)."""
        with self._session(write=True) as s:
            row = RelationRow(
                document_id=relation.document_id,
                analyst_id=self._analyst_id(s, relation.analyst),
                type=relation.type,
                source_id=relation.source_id,
                target_id=relation.target_id,
            )
            new_id = relation.id if keep_id else reserve_relation_ids(s.connection(), 1)
            if new_id is not None:  # else the database numbers the row itself
                row.id = new_id
            s.add(row)
            s.flush()
            return replace(relation, id=row.id)

    def add_checked_relation(
        self,
        source_id: int,
        target_id: int,
        make: Callable[[list[Annotation], list[tuple[int, str, int, int]]], Relation],
    ) -> Relation:
        """Insert the relation `make` builds from the annotations among `source_id` and `target_id` that exist and
        the (id, type, source id, target id) of the relations already joining them, read in the same write
        transaction (`make` raises to refuse): one round to the database, as adding an annotation."""
        r = RelationRow
        with self._session(write=True) as s:
            ends = [
                annotation_of(row)
                for row in s.execute(select_annotations().where(AnnotationRow.id.in_((source_id, target_id))))
            ]
            between = [
                (i, kind, source, target)
                for i, kind, source, target in s.execute(
                    select(r.id, r.type, r.source_id, r.target_id).where(
                        ((r.source_id == source_id) & (r.target_id == target_id))
                        | ((r.source_id == target_id) & (r.target_id == source_id))
                    )
                )
            ]
            relation = make(ends, between)
            row = RelationRow(
                document_id=relation.document_id,
                analyst_id=self._analyst_id(s, relation.analyst),
                type=relation.type,
                source_id=relation.source_id,
                target_id=relation.target_id,
            )
            new_id = reserve_relation_ids(s.connection(), 1)
            if new_id is not None:  # else the database numbers the row itself
                row.id = new_id
            s.add(row)
            s.flush()
            return replace(relation, id=row.id)

    def update_relation(self, relation_id: int, *, type: str, source_id: int, target_id: int) -> Relation:
        """Change a relation's type or ends; returns it as now stored."""
        with self._session(write=True) as s:
            row = s.get(RelationRow, relation_id)
            if row is None:
                raise NotFound(f"no relation with id {relation_id}")
            row.type, row.source_id, row.target_id = type, source_id, target_id
            s.flush()
            return self._relations(s, RelationRow.id == relation_id)[0]

    def delete_relation(self, relation_id: int) -> Relation:
        """Delete a relation; returns it for undo."""
        with self._session(write=True) as s:
            found = self._relations(s, RelationRow.id == relation_id)
            if not found:
                raise NotFound(f"no relation with id {relation_id}")
            s.execute(delete(RelationRow).where(RelationRow.id == relation_id))
            return found[0]

    # --- settings (JSON values)

    def setting(self, key: str, default: object = None) -> object:
        with self._session() as s:
            return catalog.setting(s.connection(), key, default)

    def set_setting(self, key: str, value: object) -> None:
        with self._session(write=True) as s:
            catalog.set_setting(s.connection(), key, value)

    # --- bulk import and export

    @contextmanager
    def bulk_import(self) -> Iterator[bulk.ImportWriter]:
        """A writer for one import, written chunk by chunk: it all commits when the block ends, or none of it if the block raises."""
        with self._session(write=True) as s:
            writer = bulk.ImportWriter(s)
            try:
                yield writer
                writer.finish()  # every chunk written before the commit (or its error raised, to roll back)
            finally:
                writer.close()  # a failing import's writes end before its rollback

    def import_batch(
        self, items: Sequence[bulk.ImportBatchItem], settings: dict[str, object] | None = None
    ) -> bulk.ImportCounts:
        """Insert prepared documents, annotations, relations (and settings) in one transaction: all of it or none."""
        with self.bulk_import() as writer:
            writer.write(items)
            for key, value in (settings or {}).items():
                writer.set_setting(key, value)
            return writer.counts

    def iter_annotation_sets(self, analysts: Sequence[str], document_ids: Sequence[int] | None = None):
        """Per document: id, external id, length and each analyst's annotations (for agreement), streamed."""
        with self._session() as s:
            yield from bulk.iter_annotation_sets(s, analysts, document_ids)

    def iter_agreement_sets(
        self, analysts: Sequence[str], document_ids: Sequence[int] | None = None
    ) -> Iterator[tuple[int, str, int, dict[str, list[Annotation]], dict[str, list[Relation]]]]:
        """As `iter_annotation_sets`, with each analyst's relations of the document (one streamed query for all)."""
        with self._session() as s:
            links = bulk.iter_relation_sets(s, analysts, document_ids)
            pending = next(links, None)
            for document_id, external_id, length, sets in bulk.iter_annotation_sets(s, analysts, document_ids):
                while pending is not None and pending[0] < document_id:
                    pending = next(links, None)
                relations: dict[str, list[Relation]] = {}
                if pending is not None and pending[0] == document_id:
                    relations = pending[1]
                    pending = next(links, None)
                yield document_id, external_id, length, sets, relations

    def iter_export(
        self, analysts: Sequence[str] | None = None, id_range: tuple[int, int] | None = None
    ) -> Iterator[tuple[int, DocumentRecord]]:
        """Every document (with an id in `id_range`, both ends included, if given) as (id, exchange record) with its
        annotations and relations (of `analysts`, or all), streamed."""
        with self._session() as s:
            yield from bulk.iter_export(s, analysts, id_range)

    def document_halves(self) -> tuple[int, int, int] | None:
        """(first, middle, last) document ids splitting the project's text about evenly in two: documents
        first..middle and middle+1..last can be exported side by side. None when there is nothing to split."""
        d = DocumentRow
        with self._session() as s:
            low, high, total = s.execute(select(func.min(d.id), func.max(d.id), func.sum(d.length))).one()
            if low is None or low == high:
                return None
            # the first document whose running total of characters passes half the text
            running = func.sum(d.length).over(order_by=d.id).label("running")
            ordered = select(d.id, running).subquery()
            middle = s.scalar(select(func.min(ordered.c.id)).where(ordered.c.running >= (total + 1) // 2))
        middle = min(middle if middle is not None else low, high - 1)
        return (low, middle, high) if low <= middle < high else None

    def after_fork(self) -> None:
        """In a forked process: connect anew (a connection is not shared with the parent process)."""
        self.engine.dispose(close=False)

    def iter_claim_records(self, analyst: str) -> Iterator[ClaimRecord]:
        """The claims of `analyst`'s set as plain tuples, by document, in text order, streamed (store/claim_rows.py)."""
        with self._session() as s:
            yield from claim_rows.iter_claim_records(s.connection(), analyst)
