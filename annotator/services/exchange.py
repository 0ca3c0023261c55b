"""Import and export through the format registry: validate everything first, then write in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from annotator import formats
from annotator.formats._text import NOT_REGULAR, title_from
from annotator.core.errors import AnnotatorError, BadInput, Cancelled, Problem
from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Document, DocumentRecord, Relation, AnnotationRecord, RelationRecord
from annotator.core.offsets import normalize_newlines, span_problem
from annotator.store.snapshot import is_sqlite_file
from annotator.store.bulk import Progress, ImportBatchItem, NewAnnotation, NewDocument, NewRelation

if TYPE_CHECKING:
    from annotator.services.project import Project



@dataclass(slots=True)
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    annotations_skipped: int = 0
    relations_added: int = 0
    added_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} new document{'s' if self.documents_added != 1 else ''}",
            f"{self.documents_matched} already present",
            f"{self.annotations_added} annotation{'s' if self.annotations_added != 1 else ''} added",
        ]
        if self.annotations_skipped:
            parts.append(f"{self.annotations_skipped} already present")
        if self.relations_added:
            parts.append(f"{self.relations_added} relations added")
        return ", ".join(parts)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_all(paths: Sequence[Path], format_name: str | None, encoding: str | None, progress: Progress | None) -> list[DocumentRecord]:
    """Read every file; collect the problems of all of them before refusing."""
    paths = [Path(p) for p in paths]
    missing = [Problem(str(p), None, "no such file or folder") for p in paths if not p.exists()]
    # a pipe or device named as a file: opening it to detect its format would wait, or read, forever
    missing += [Problem(str(p), None, NOT_REGULAR) for p in paths if p.exists() and not p.is_dir() and not p.is_file()]
    if missing:
        raise BadInput(missing)
    databases = [p for p in paths if p.is_file() and format_name is None and is_sqlite_file(p)]
    records: list[DocumentRecord] = []
    for database in databases:
        from annotator.services.database_import import records_from_database

        records.extend(records_from_database(database))
    paths = [p for p in paths if p not in databases]
    if not paths:
        return records
    planned = formats.plan(paths, format_name)
    if not planned:
        raise BadInput([Problem(str(p), None, "no file here that Annotator can import") for p in paths])
    problems: list[Problem] = []
    for number, (path, fmt) in enumerate(planned, 1):
        if progress is not None and not progress(number - 1, len(planned)):
            raise Cancelled("import cancelled; nothing was imported")
        try:
            records.extend(fmt.read(path, encoding=encoding))
        except BadInput as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
        except AnnotatorError as exc:
            problems.append(Problem(str(path), None, str(exc)))
    if problems:
        raise BadInput(problems)
    return records


class Importer:
    """Turns records into a checked import batch against one project, then writes it."""

    def __init__(self, project: "Project", analyst: str, progress: Progress | None = None):
        self.project = project
        self.progress = progress
        self.analyst = analyst
        self.schema: LabelSchema = project.schema
        self.report = ImportReport()
        self.problems: list[Problem] = []
        self._labels: dict[str, str] = {}  # name in the file -> schema key
        self.texts_by_id: dict[tuple[str, str], str] = {}  # (file, document id) -> sha256 of its text

    def run(self, records: list[DocumentRecord]) -> ImportReport:
        repo = self.project.repository
        prepared = [self._normalise(r) for r in records]
        by_ext, by_sha = repo.document_ids_by_key(
            [r.external_id for r in prepared if r.external_id], [text_sha256(r.text) for r in prepared if r.text is not None]
        )
        existing_texts = repo.document_texts(set(by_ext.values()) | set(by_sha.values()))
        items: list[ImportBatchItem] = []
        seen: set[int] = set()  # an item shared by duplicate records is written once
        new_by_sha: dict[str, ImportBatchItem] = {}
        taken_ids = set(by_ext)
        for record in prepared:
            item = self._item(record, by_ext, by_sha, existing_texts, new_by_sha, taken_ids)
            if item is not None and id(item) not in seen:
                seen.add(id(item))
                items.append(item)
        if self.problems:
            raise BadInput(self.problems)
        settings = {"schema": self.schema.to_dict()} if self.report.added_labels else None
        counts = repo.import_batch(items, settings=settings, progress=self.progress)
        if settings:
            self.project.reload_schema()
        for name in ("documents_added", "documents_matched", "annotations_added", "annotations_skipped", "relations_added"):
            setattr(self.report, name, getattr(counts, name))
        return self.report

    def _normalise(self, record: DocumentRecord) -> DocumentRecord:
        """CRLF and CR become LF, and every offset moves with its characters."""
        self.report.warnings.extend(record.warnings)
        if record.text is None:
            return record
        text, remap = normalize_newlines(record.text)
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
                        self.report.warnings.append(f"{where}: span {a.start}-{a.end} covered only a carriage return; skipped")
                        continue
                    a.start, a.end = start, end
                kept.append(a)
            record.annotations = kept
        record.text = text
        return record

    def _problem(self, record: DocumentRecord, line: int | None, message: str) -> None:
        self.problems.append(Problem(record.path, line if line is not None else record.line, message))

    def _item(self, record, by_ext, by_sha, existing_texts, new_by_sha, taken_ids) -> ImportBatchItem | None:
        if record.text is None:  # spans only (CSV): the document must already be here
            document_id = by_ext.get(record.external_id or "")
            if document_id is None:
                self._problem(record, record.line, f"document {record.external_id!r} is not in the project; import its text first")
                return None
            text = existing_texts[document_id]
            return self._attach(record, text, ImportBatchItem(None, document_id, [], []))
        sha = text_sha256(record.text)
        if not record.text.strip():
            self._problem(record, record.line, "document has no text")
            return None
        if record.external_id is not None:
            if self.texts_by_id.setdefault((record.path, record.external_id), sha) != sha:
                self._problem(record, record.line, f"document id {record.external_id!r} names two different texts in this file")
                return None
        if "\x00" in record.text:
            # no text format can carry it back out (readers take NUL for binary data)
            self._problem(record, record.line, "document text holds a NUL character (binary data?)")
            return None
        if sha in by_sha:  # the same article is the same document, whatever it is called
            return self._attach(record, record.text, ImportBatchItem(None, by_sha[sha], [], []))
        if sha in new_by_sha:
            return self._attach(record, record.text, new_by_sha[sha])
        external_id = record.external_id or sha[:16]
        if external_id in taken_ids:
            if record.external_id in by_ext:
                self._problem(record, record.line, f"document id {external_id!r} is already in the project with a different text")
                return None
            base, n = external_id, 2
            while external_id in taken_ids:
                external_id, n = f"{base}-{n}", n + 1
            self.report.warnings.append(f"{record.path}: document id {base!r} taken by another text; imported as {external_id!r}")
        taken_ids.add(external_id)
        document = NewDocument(external_id, record.title or title_from(record.text), record.text, sha, dict(record.meta))
        item = new_by_sha[sha] = ImportBatchItem(document, None, [], [])
        return self._attach(record, record.text, item)

    def _attach(self, record: DocumentRecord, text: str, item: ImportBatchItem) -> ImportBatchItem:
        item.statuses.update(record.statuses)
        keys: set[str] = set()
        for number, a in enumerate(record.annotations):
            problem = span_problem(len(text), a.start, a.end)
            if not isinstance(a.label, str) or not a.label.strip():
                problem = "annotation has no label"
            elif problem is None and a.text is not None and text[a.start : a.end] != a.text:
                problem = f"span {a.start}-{a.end} covers {text[a.start:a.end]!r} but the file says {a.text!r}"
            if problem is not None:
                self._problem(record, a.line, problem)
                continue
            key = a.id if a.id is not None else f"#{number}"
            keys.add(key)
            item.annotations.append(NewAnnotation(
                a.analyst or self.analyst, self._label(a.label), a.start, a.end,
                {str(k): str(v) for k, v in a.attributes.items()}, a.note or "", key,
            ))
        for r in record.relations:
            if r.source not in keys or r.target not in keys:
                self._problem(record, r.line, f"relation {r.id or r.type!r} refers to an annotation that is not in the document")
                continue
            item.relations.append(NewRelation(r.analyst or self.analyst, r.type, r.source, r.target))
        return item

    def _label(self, name: str) -> str:
        key = self._labels.get(name)  # a corpus repeats a handful of labels thousands of times
        if key is None:
            label = self.schema.resolve(name)
            if label is None:
                self.schema, label = self.schema.with_label(name)
                self.report.added_labels.append(label.key)
            key = self._labels[name] = label.key
        return key


def to_record(document: Document, annotations: list[Annotation], relations: list[Relation]) -> DocumentRecord:
    """The exchange record of a stored document (ids become strings)."""
    return DocumentRecord(
        text=document.text,
        external_id=document.external_id,
        title=document.title,
        meta=dict(document.meta),
        annotations=[
            AnnotationRecord(a.label, a.start, a.end, a.analyst, str(a.id), document.text[a.start : a.end], dict(a.attributes), a.note)
            for a in annotations
        ],
        relations=[RelationRecord(r.type, str(r.source_id), str(r.target_id), r.analyst, str(r.id)) for r in relations],
    )


def iter_records(repository, analysts: Sequence[str] | None, progress: Progress | None = None) -> Iterator[DocumentRecord]:
    """The project's documents as exchange records (with the analysts' statuses), streamed."""
    total = repository.document_count()
    statuses: dict[int, dict[str, str]] = {}
    for (document_id, who), status in repository.review.statuses().items():
        if analysts is None or who in analysts:
            statuses.setdefault(document_id, {})[who] = status
    for done, (document, spans, links) in enumerate(repository.iter_export(analysts)):
        if progress is not None and not progress(done, total):
            raise Cancelled("export cancelled")
        record = to_record(document, spans, links)
        record.statuses = statuses.get(document.id, {})
        yield record


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What a user interface needs to offer a format."""

    name: str
    description: str
    extensions: tuple[str, ...]
    writes_folder: bool
    one_set: bool


def available_formats() -> list[FormatInfo]:
    """Every registered format, in registry order."""
    found = []
    for name in formats.names():
        fmt = formats.get(name)
        found.append(FormatInfo(fmt.name, fmt.description, tuple(fmt.extensions), fmt.writes_folder, fmt.one_set))
    return found
