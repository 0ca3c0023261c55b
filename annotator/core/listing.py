"""How the document list is sorted and filtered, and what each of its rows shows (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from annotator.core.model import DocumentId

SORT_KEYS = ("title", "date", "location", "spans", "status")
STATUSES = ("not_started", "in_progress", "done")
STATUS_NAMES = {"not_started": "not started", "in_progress": "in progress", "done": "done"}


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """Which documents the list shows, in which order; None or "" means "no condition".

    `analyst` is whose status and spans the status and span conditions test (None: the session's
    analyst for an analyst; for a reviewer, anyone's status and every visible analyst's spans).
    Dates are ISO strings (`2023-06-16`), both ends included; documents without a date drop out of
    a date range. `location` matches any part of the location, ignoring case (ASCII letters).
    """

    sort: str = "id"  # one of SORT_KEYS, or "id": the order of import
    descending: bool = False
    date_from: str = ""
    date_to: str = ""
    location: str = ""
    status: str = ""  # one of STATUSES
    analyst: str | None = None
    label: str = ""  # spans of this label only ("" any label) count for min_spans / max_spans
    min_spans: int | None = None
    max_spans: int | None = None

    def __post_init__(self) -> None:
        if self.sort not in (*SORT_KEYS, "id"):
            raise ValueError(f"unknown sort key {self.sort!r}; known: {', '.join(SORT_KEYS)}")
        if self.status and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; known: {', '.join(STATUSES)}")

    @property
    def filtered(self) -> bool:
        """Whether any condition leaves documents out."""
        return bool(
            self.date_from
            or self.date_to
            or self.location
            or self.status
            or self.min_spans is not None
            or self.max_spans is not None
        )


@dataclass(frozen=True, slots=True)
class ListedDocument:
    """One row of the document list: what the list shows without loading the text."""

    id: DocumentId
    external_id: str
    title: str
    length: int
    annotation_count: int = 0
    date: str = ""
    time: str = ""
    location: str = ""


@dataclass(frozen=True, slots=True)
class DocumentDetails:
    """What the Article panel shows of the open document: its metadata and everyone's status."""

    id: DocumentId
    external_id: str
    title: str
    meta: dict[str, str]
    imported_at: datetime | None
    statuses: dict[str, str]  # analyst -> status, for those that have one (the rest have not started)

    def field(self, key: str) -> str:
        """A metadata value as text ("" when absent)."""
        value = self.meta.get(key)
        return "" if value is None else str(value)
