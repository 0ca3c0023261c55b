"""The importer: checks records against a project and writes them chunk by chunk in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import TYPE_CHECKING

from annotator.core.errors import BadInput, Cancelled, Problem
from annotator.core.labels import LabelSchema
from annotator.core.memory import paused_gc
from annotator.core.model import DocumentRecord
from annotator.core.offsets import normalize_newlines, span_problem
from annotator.core.safe_text import name_problem
from annotator.formats import title_from
from annotator.services.exchange import ImportReport, RecordStream
from annotator.services.records import text_sha256
from annotator.store.bulk import ImportBatchItem, ImportWriter, NewDocument, NewRelation, Progress

if TYPE_CHECKING:
    from annotator.services.project import Project

# A chunk ends at whichever comes first; memory holds one chunk, and cancel is noticed once a chunk.
CHUNK_DOCUMENTS = 500
CHUNK_ANNOTATIONS = 10_000


class Importer:
    """Checks records against one project and writes them as they are read, in one transaction.

    Records are taken a chunk at a time: checked, then written. Once any problem is found
    (in a file, or in a record against the project), nothing more is written but reading and
    checking go on, so that every problem is reported; then the transaction is rolled back.
    """

    def __init__(self, project: Project, analyst: str, progress: Progress | None = None):
        self.project = project
        self.progress = progress
        self.analyst = analyst
        self.schema: LabelSchema = project.schema
        self.report = ImportReport()
        self.problems: list[Problem] = []
        self._labels: dict[str, str] = {}  # name in the file -> schema key
        self.texts_by_id: dict[tuple[str, str], str] = {}  # (file, document id) -> sha256 of its text
        # text hash -> the new document of that text: its item while in the chunk being prepared, then its id
        self._new_by_sha: dict[str, ImportBatchItem | int] = {}
        self._fresh: list[str] = []  # hashes of the new documents of the chunk being prepared
        self._assigned: set[str] = set()  # external ids this import gave its new documents
        self._plain_names: set[str] = set()  # analyst names and labels already checked (a corpus repeats a few)
        self._relation_types: dict[str, str] = {}  # relation type in the file -> schema key
        self._added_relation_types = False
        self._own_only = analyst if project.own_work_only else None  # a server analyst's import: their work only

    def run(self, records: Iterable[DocumentRecord]) -> ImportReport:
        """Check and store every record; a problem anywhere (or a cancel) stores nothing and raises."""
        stream = records if isinstance(records, RecordStream) else None
        total = stream.total if stream is not None else len(records) if isinstance(records, Sized) else 0
        read_problems = stream.problems if stream is not None else []
        paths: set[str] = set()
        done = 0
        source = iter(records)
        try:
            # paused: a chunk builds many small objects and none of them holds a reference cycle
            with self.project.repository.bulk_import() as writer, paused_gc():
                self._tick(0, total)
                for chunk in _chunks(source):
                    count = len(chunk)
                    paths.update(record.path for record in chunk)
                    if not read_problems:  # else only the files' own problems will be reported: just read on
                        items = self._prepare(chunk, writer)
                        del chunk
                        if not self.problems:
                            writer.write(items)
                        self._settle()
                        del items
                    done = stream.done if stream is not None else done + count
                    self._tick(done, total)
                if read_problems or self.problems:
                    # a file's own problems first: checks against the project mean little in a file that cannot be read
                    raise BadInput(read_problems or self.problems)
                if self.report.added_labels or self._added_relation_types:
                    writer.set_setting("schema", self.schema.to_dict())
                blind_source = stream.settings.get("blind_mode") if stream is not None else None
                if blind_source and not self.project.blind:
                    writer.set_setting("blind_mode", True)  # in the same transaction as the work it hides
                    self.report.warnings.append(
                        f"{blind_source}: this project is in blind mode; blind mode is now on here too"
                    )
                self._tick(total, total)  # the last moment to cancel: nothing is committed yet
                counts = writer.counts
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()
        if self.report.added_labels or self._added_relation_types:
            self.project.reload_schema()
        for name in (
            "documents_added",
            "documents_matched",
            "annotations_added",
            "annotations_skipped",
            "relations_added",
        ):
            setattr(self.report, name, getattr(counts, name))
        self.report.files = len(paths)
        return self.report

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress(done, total):
            raise Cancelled("import cancelled; nothing was imported")

    # --- one chunk

    def _prepare(self, chunk: list[DocumentRecord], writer: ImportWriter) -> list[ImportBatchItem]:
        records = [self._normalise(record) for record in chunk]
        hashes = [text_sha256(r.text) if r.text is not None else None for r in records]
        by_ext, by_sha = writer.existing(
            [
                key
                for r, sha in zip(records, hashes, strict=True)
                if (key := r.external_id or (sha[:16] if sha else None))
            ],
            [sha for sha in hashes if sha is not None],
        )
        texts = writer.texts(
            by_ext[r.external_id]
            for r in records
            if r.text is None and r.external_id is not None and r.external_id in by_ext
        )
        items: list[ImportBatchItem] = []
        seen: set[int] = set()  # an item shared by records of the same text is written once
        for record, sha in zip(records, hashes, strict=True):
            item = self._item(record, sha, by_ext, by_sha, texts, writer)
            if item is not None and id(item) not in seen:
                seen.add(id(item))
                items.append(item)
        return items

    def _settle(self) -> None:
        """The chunk is written (or, after a problem, dropped): remember its new documents by id only."""
        for sha in self._fresh:
            item = self._new_by_sha[sha]
            if isinstance(item, ImportBatchItem):  # always: fresh hashes name items of this chunk
                self._new_by_sha[sha] = item.document_id or 0
        self._fresh.clear()

    def _normalise(self, record: DocumentRecord) -> DocumentRecord:
        """CRLF and CR become LF, and every offset moves with its characters."""
        self.report.warnings.extend(record.warnings)
        if record.text is None:
            return record
        text, remap = normalize_newlines(record.text)
        if text is record.text:  # no CR at all, nothing moves (nearly every record)
            return record
        for a in record.annotations:
            # the file's covered text speaks of its own, unnormalised text: check it there
            if a.text is not None and span_problem(len(record.text), a.start, a.end) is None:
                if record.text[a.start : a.end] == a.text:
                    a.text = None
        if not remap.identity:
            kept = []
            for a in record.annotations:
                if type(a.start) is int and type(a.end) is int:
                    start, end = remap.span(a.start, a.end)
                    if start == end and a.start < a.end:
                        # it covered nothing but the CR of a CRLF, which normalisation removes
                        where = f"{record.path}:{a.line}" if a.line is not None else record.path
                        self.report.warnings.append(
                            f"{where}: span {a.start}-{a.end} covered only a carriage return; skipped"
                        )
                        continue
                    a.start, a.end = start, end
                kept.append(a)
            record.annotations = kept
        record.text = text
        return record

    def _problem(self, record: DocumentRecord, line: int | None, message: str) -> None:
        self.problems.append(Problem(record.path, line if line is not None else record.line, message))

    def _item(self, record, sha, by_ext, by_sha, texts, writer: ImportWriter) -> ImportBatchItem | None:
        if record.text is None:  # spans only (CSV): the document must already be here
            document_id = by_ext.get(record.external_id or "")
            if document_id is None:
                self._problem(
                    record, record.line, f"document {record.external_id!r} is not in the project; import its text first"
                )
                return None
            return self._attach(record, texts[document_id], ImportBatchItem(None, document_id, [], []))
        if not record.text.strip():
            self._problem(record, record.line, "document has no text")
            return None
        if record.external_id is not None:
            if self.texts_by_id.setdefault((record.path, record.external_id), sha) != sha:
                self._problem(
                    record, record.line, f"document id {record.external_id!r} names two different texts in this file"
                )
                return None
        if "\x00" in record.text:
            # no text format can carry it back out (readers take NUL for binary data)
            self._problem(record, record.line, "document text holds a NUL character (binary data?)")
            return None
        if sha in by_sha:  # the same article is the same document, whatever it is called
            return self._attach(record, record.text, ImportBatchItem(None, by_sha[sha], [], []))
        earlier = self._new_by_sha.get(sha)
        if isinstance(earlier, ImportBatchItem):  # met before in this chunk
            return self._attach(record, record.text, earlier)
        if earlier is not None:  # stored by this import in an earlier chunk
            return self._attach(record, record.text, ImportBatchItem(None, earlier, [], [], earlier=True))
        external_id = record.external_id or sha[:16]
        if external_id in self._assigned or external_id in by_ext:
            if record.external_id in by_ext:
                self._problem(
                    record, record.line, f"document id {external_id!r} is already in the project with a different text"
                )
                return None
            base, n = external_id, 2
            while external_id in self._assigned or writer.existing([external_id], ())[0]:
                external_id, n = f"{base}-{n}", n + 1
            self.report.warnings.append(
                f"{record.path}: document id {base!r} taken by another text; imported as {external_id!r}"
            )
        if self._own_only is not None:
            self._problem(
                record,
                record.line,
                f"document {record.external_id or external_id!r} is not in the project; only reviewers add documents",
            )
            return None
        self._assigned.add(external_id)
        document = NewDocument(
            external_id, record.title or title_from(record.text), record.text, sha, dict(record.meta)
        )
        item = self._new_by_sha[sha] = ImportBatchItem(document, None, [], [])
        self._fresh.append(sha)
        return self._attach(record, record.text, item)

    def _attach(self, record: DocumentRecord, text: str, item: ImportBatchItem) -> ImportBatchItem:
        for who in record.statuses:
            problem = self._bad_name(who, "analyst name") or self._foreign(who)
            if problem is not None:
                self._problem(record, record.line, problem)
        item.statuses.update(record.statuses)
        keys: dict[str, str] = {}  # the file's annotation id -> its analyst
        label_of: dict[str, str] = {}  # the file's annotation id -> its label's key in the schema
        length, analyst, labels, append = len(text), self.analyst, self._labels, item.annotations.append
        plain = self._plain_names
        for number, a in enumerate(record.annotations):
            start, end, label = a.start, a.end, a.label
            if not (
                type(start) is int
                and type(end) is int
                and 0 <= start < end <= length
                and type(label) is str
                and label.strip()
                and (a.text is None or text[start:end] == a.text)
            ):  # not the plain case: find out what is wrong, if anything
                problem = _annotation_problem(a, text)
                if problem is not None:
                    self._problem(record, a.line, problem)
                    continue
            named = a.analyst
            if named and self._own_only is not None and named != self._own_only:
                self._problem(record, a.line, self._foreign(named) or "")
                continue
            if (named and (type(named) is not str or named not in plain)) or label not in plain:  # not seen yet
                problem = self._bad_name(named, "analyst name") or self._bad_name(label, "label")
                if problem is not None:  # an ESC in a name would rewrite the screen of whoever lists it
                    self._problem(record, a.line, problem)
                    continue
            key = a.id
            if key is None:
                key = f"#{number}"
            keys[key] = named or analyst
            label_key = label_of[key] = labels.get(label) or self._label(label)
            # the record's own attributes (the writer stores them as text): records are dropped once written
            append((keys[key], label_key, start, end, a.attributes, a.note or "", key))
        for r in record.relations:
            problem = (
                self._bad_name(r.analyst, "analyst name")
                or self._foreign(r.analyst)
                or self._bad_name(r.type, "relation type")
            )
            if problem is not None:
                self._problem(record, r.line, problem)
                continue
            if r.source not in keys or r.target not in keys:
                self._problem(
                    record, r.line, f"relation {r.id or r.type!r} refers to an annotation that is not in the document"
                )
                continue
            # a relation joins the annotations of the analyst who made it (an export of one analyst's
            # work must not point outside it); one that names nobody belongs to its annotations' analyst
            ends = {keys[r.source], keys[r.target]}
            who = r.analyst or (next(iter(ends)) if len(ends) == 1 else analyst)
            if ends != {who}:
                owners = " and ".join(sorted(ends))
                self._problem(
                    record,
                    r.line,
                    f"relation {r.id or r.type!r} of {who} links annotations of {owners}; a relation joins one analyst's annotations",
                )
                continue
            if not isinstance(r.type, str) or not r.type.strip():
                self._problem(record, r.line, f"relation {r.id!r} has no type" if r.id else "relation has no type")
                continue
            type_key = self._relation_type(r.type)
            problem = self.schema.relation_problem(type_key, label_of[r.source], label_of[r.target])
            if problem is not None:
                self._problem(record, r.line, f"relation {r.id or r.type!r}: {problem}")
                continue
            item.relations.append(NewRelation(who, type_key, r.source, r.target))
        return item

    def _foreign(self, name: object) -> str | None:
        """Why a server analyst may not import work `name` did (someone else's), else None."""
        if name and self._own_only is not None and name != self._own_only:
            return f"this record names {name}: as {self._own_only} you may import only your own annotations"
        return None

    def _bad_name(self, name: object, what: str) -> str | None:
        """Why an analyst name or label of the file cannot be stored (blank, control characters), or None."""
        if not name:  # absent (the import's analyst)
            return None
        if not isinstance(name, str):
            return f"{what} is not text"
        if name in self._plain_names:  # seen and fine
            return None
        problem = name_problem(name, what)
        if problem is None:
            self._plain_names.add(name)
        return problem

    def _label(self, name: str) -> str:
        key = self._labels.get(name)  # a corpus repeats a handful of labels thousands of times
        if key is None:
            label = self.schema.resolve(name)
            if label is None:
                self.schema, label = self.schema.with_label(name)
                self.report.added_labels.append(label.key)
            elif name not in (
                label.key,
                label.name,
            ):  # exports write the schema's key, not the file's spelling: say so once
                self.report.warnings.append(f"label {name} taken as {label.key}")
            key = self._labels[name] = label.key
        return key

    def _relation_type(self, name: str) -> str:
        """The schema's key for a relation type of the file; a type the schema lacks is added (any labels at its ends)."""
        key = self._relation_types.get(name)
        if key is None:
            relation = self.schema.resolve_relation(name)
            if relation is None:
                self.schema, relation = self.schema.with_relation_type(name)
                self._added_relation_types = True
                self.report.warnings.append(f"relation type {relation.key} added to the label schema")
            elif name != relation.key:
                self.report.warnings.append(f"relation type {name} taken as {relation.key}")
            key = self._relation_types[name] = relation.key
        return key


def _annotation_problem(a, text: str) -> str | None:
    problem = span_problem(len(text), a.start, a.end)
    if not isinstance(a.label, str) or not a.label.strip():
        return "annotation has no label"
    if problem is None and a.text is not None and text[a.start : a.end] != a.text:
        return f"span {a.start}-{a.end} covers {text[a.start : a.end]!r} but the file says {a.text!r}"
    return problem


def _chunks(records: Iterator[DocumentRecord]) -> Iterator[list[DocumentRecord]]:
    chunk: list[DocumentRecord] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += len(record.annotations)
        if len(chunk) >= CHUNK_DOCUMENTS or size >= CHUNK_ANNOTATIONS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
