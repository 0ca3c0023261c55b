"""Domain values (frozen dataclasses) and the exchange records formats read and write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

DocumentId = int
AnnotationId = int
RelationId = int

GOLD = "gold"  # reserved analyst holding the adjudicated set

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE)


@dataclass(frozen=True, slots=True)
class Document:
    """An imported article; its text never changes, so offsets into it stay valid."""

    id: DocumentId
    external_id: str
    title: str
    text: str
    sha256: str
    meta: Mapping[str, str] = field(default_factory=dict)
    imported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What a document list needs without loading the text."""

    id: DocumentId
    external_id: str
    title: str
    length: int
    annotation_count: int = 0


@dataclass(frozen=True, slots=True)
class Annotation:
    """A labelled span [start, end) in code points of the document text."""

    id: AnnotationId
    document_id: DocumentId
    analyst: str
    label: str
    start: int
    end: int
    attributes: Mapping[str, str] = field(default_factory=dict)
    note: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed link between two annotations of the same document and analyst."""

    id: RelationId
    document_id: DocumentId
    analyst: str
    type: str
    source_id: AnnotationId
    target_id: AnnotationId


@dataclass(frozen=True, slots=True)
class Decision:
    """One adjudication step: what the reviewer put into (or kept out of) the gold set, and why."""

    id: int
    document_id: DocumentId
    reviewer: str
    action: str  # take_a, take_b, accept, edit, reject, accept_all
    sources: tuple[AnnotationId, ...]  # the analysts' annotations it came from
    gold_annotation_id: AnnotationId | None
    label: str = ""
    start: int | None = None
    end: int | None = None
    rationale: str = ""
    decided_at: datetime | None = None
    relation_sources: tuple[RelationId, ...] = ()  # a decision on relations: the analysts' relations it came from
    gold_relation_id: RelationId | None = None  # and the gold relation it made


# --- exchange records: what formats produce and consume (ids are the file's own strings)


@dataclass(slots=True)
class AnnotationRecord:
    """A span as a file states it; offsets are code points of the record's document text."""

    label: str
    start: int
    end: int
    analyst: str | None = None
    id: str | None = None
    text: str | None = None  # informational: checked against the offsets, never trusted
    attributes: dict[str, str] = field(default_factory=dict)
    note: str = ""
    line: int | None = None  # where in the source file, for error messages


@dataclass(slots=True)
class RelationRecord:
    """A relation as a file states it, between annotation record ids of one document."""

    type: str
    source: str
    target: str
    analyst: str | None = None
    id: str | None = None
    line: int | None = None


@dataclass(slots=True)
class DocumentRecord:
    """A document with its annotations as read from, or written to, a file.

    `text` is None when the format holds spans only (CSV): the document is then found
    in the project by `external_id`.
    """

    text: str | None
    external_id: str | None = None
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    path: str = ""
    line: int | None = None
    # what the reader could not take over exactly but did not refuse (brat events, covering spans, ...)
    warnings: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # analyst -> in_progress / done
