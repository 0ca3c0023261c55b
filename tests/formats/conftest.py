"""Shared fixtures for format tests: tricky texts, fixture folders and record comparison."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.core.shipped import seeds_folder

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
SEEDS = seeds_folder()
SEED_ARTICLE = SEEDS / "000_846610f6cf9f79d3.txt"

# (text, substring to annotate): each breaks a naive offset, newline or direction assumption.
TRICKY = [
    ("Emoji 😀 before the span: grinning.", "grinning"),
    ("Flag 🇺🇦 is two code points, then Kyiv.", "🇺🇦 is two"),
    ("Cafe\u0301 with a combining accent, then e\u0301te\u0301.", "e\u0301te\u0301"),
    ("First line\r\nsecond line\r\nthird line", "line\r\nsecond"),
    ("Arabic مرحبا بالعالم and Hebrew שלום עולם mixed", "مرحبا بالعالم"),
    ("col1\tcol2\ttab\tseparated", "col2\ttab"),
    ("line sep\u2028para sep\u2029next line\x85end", "para sep\u2029next"),
    ("=cmd|' /C calc'!A0 looks like a formula", "=cmd|' /C calc'!A0"),
]


def make_document(index: int, text: str, needle: str) -> DocumentRecord:
    start = text.index(needle)
    end = start + len(needle)
    annotations = [
        AnnotationRecord(
            "quote",
            start,
            end,
            analyst="olena",
            id="a1",
            text=text[start:end],
            attributes={"mode": "direct"},
            note="-check",
        ),
        AnnotationRecord("actor", 0, 3, analyst="taras", id="a2", text=text[0:3], attributes={}, note=""),
    ]
    relations = [RelationRecord("speaker", "a1", "a2", analyst="olena", id="r1")]
    return DocumentRecord(
        text=text,
        external_id=f"doc-{index}",
        title=f"Title {index} 😀",
        meta={"date": "2023-06-16", "source": "test"},
        annotations=annotations,
        relations=relations,
    )


@pytest.fixture
def tricky_documents() -> list[DocumentRecord]:
    return [make_document(i, text, needle) for i, (text, needle) in enumerate(TRICKY)]


def without_location(record: DocumentRecord) -> DocumentRecord:
    """A copy with the where-read-from fields cleared, for comparing written and read records."""
    return dataclasses.replace(
        record,
        path="",
        line=None,
        annotations=[dataclasses.replace(a, line=None) for a in record.annotations],
        relations=[dataclasses.replace(r, line=None) for r in record.relations],
    )
