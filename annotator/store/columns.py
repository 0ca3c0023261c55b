"""Fast reads of many annotations: raw column values decoded in one place (no ORM objects per row).

Loading 20,000 annotations through ORM instances and SQLAlchemy's generic JSON and datetime
processors costs most of a second; reading the raw values and decoding them here costs a
fraction. Raw values differ by driver (SQLite gives text, PostgreSQL gives dicts and
datetimes), so every decoder accepts both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import String, select, type_coerce

from annotator.core.model import Annotation
from annotator.store.rows import AnalystRow, AnnotationRow

A = AnnotationRow
ANNOTATION_COLUMNS = (
    A.id,
    A.document_id,
    AnalystRow.name,
    A.label,
    A.start,
    A.end,
    type_coerce(A.attributes, String),
    A.note,
    type_coerce(A.created_at, String),
    type_coerce(A.updated_at, String),
)


def select_annotations():
    """A SELECT of `ANNOTATION_COLUMNS` joined to the analyst's name; add WHERE and ORDER BY."""
    return select(*ANNOTATION_COLUMNS).join(AnalystRow, AnalystRow.id == A.analyst_id)


def attributes_of(raw) -> dict[str, str]:
    if isinstance(raw, dict):
        return dict(raw)
    if raw is None or raw in ("", "{}"):
        return {}
    return json.loads(raw)


class SharedAttributes:
    """`attributes_of` with a memo: a project's annotations repeat a handful of attribute values.

    Each call still returns a dict of its own, so no two annotations share a mutable value.
    """

    def __init__(self, limit: int = 4096):
        self._seen: dict[str, dict[str, str]] = {}
        self._limit = limit  # free-text values would otherwise grow the memo with every row

    def __call__(self, raw) -> dict[str, str]:
        if not isinstance(raw, str):
            return attributes_of(raw)
        decoded = self._seen.get(raw)
        if decoded is None:
            decoded = attributes_of(raw)
            if len(self._seen) < self._limit:
                self._seen[raw] = decoded
        return dict(decoded)


def time_of(raw) -> datetime | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw if raw.tzinfo is not None else raw.replace(tzinfo=timezone.utc)
    return _parse_time(raw)


@lru_cache(maxsize=4096)
def _parse_time(raw: str) -> datetime:
    # an import stamps all its rows with one time, so most rows repeat a string already seen
    value = datetime.fromisoformat(raw)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def annotation_of(row, attributes: Callable[[object], dict[str, str]] = attributes_of) -> Annotation:
    """An Annotation from one row of `select_annotations()`; `attributes` decodes its attributes
    (a `SharedAttributes` when many rows are read)."""
    id_, document_id, analyst, label, start, end, raw, note, created, updated = row
    return Annotation(
        id_, document_id, analyst, label, start, end, attributes(raw), note or "", time_of(created), time_of(updated)
    )
