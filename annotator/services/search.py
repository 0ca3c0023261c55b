"""Corpus search, the one API of the command line and the Search dock: text, whole words, regular expressions and spans.

Plain text and whole-word queries ask SQLite's full-text index (store/search_index.py) which
documents may hold them, then find the exact hits in those texts in Python, in code points.
A regular expression cannot be asked of the index: it scans every text. On a database without
the index (PostgreSQL) every query scans. Span queries (label, attribute value, analyst, text
contained) read annotations, only the analyst's own in blind mode.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Annotation
from annotator.core.search_text import Matcher, Mode, compile_query, context
from annotator.formats.csv_cells import SafeWriter
from annotator.services.roles import scoped_analysts
from annotator.store.search_index import SearchIndex, fts_phrase


@dataclass(frozen=True, slots=True)
class Hit:
    """One place found: [start, end) in code points of a document's text, with the text around it."""

    document_id: int
    document: str  # the document's external id
    start: int
    end: int
    text: str
    before: str
    after: str
    annotation_id: int | None = None  # a span query's hit is an annotation
    label: str = ""
    analyst: str = ""

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "before": self.before,
            "after": self.after,
        }
        if self.annotation_id is not None:
            data.update(annotation=self.annotation_id, label=self.label, analyst=self.analyst)
        return data


@dataclass(frozen=True, slots=True)
class Query:
    """What to look for. With a label, analyst or attribute it is a span query, and `text` must lie inside the span."""

    text: str = ""
    mode: Mode = Mode.TEXT
    labels: tuple[str, ...] = ()
    analysts: tuple[str, ...] = ()
    attribute: tuple[str, str] | None = None  # (name, value)

    @property
    def spans(self) -> bool:
        return bool(self.labels or self.analysts or self.attribute)


def has_tokens(text: str) -> bool:
    """Whether the full-text index can look `text` up: it holds letters, digits or private-use characters."""
    return any(ch.isalnum() or unicodedata.category(ch) == "Co" for ch in text)


class CorpusSearch:
    """Searches over one open project (a services.project.Project)."""

    def __init__(self, project):
        self.project = project
        self.index = SearchIndex(project.repository)

    @property
    def indexed(self) -> bool:
        """Whether text queries use the full-text index (else they scan every text)."""
        return self.index.indexed

    def hits(self, query: Query, cancelled: Callable[[], bool] | None = None) -> Iterator[Hit]:
        """Every hit of `query`, in document and text order; stops early once `cancelled()` says so."""
        if query.spans:
            yield from self._span_hits(query, cancelled)
            return
        matcher = compile_query(query.text, query.mode)
        phrase = None
        if query.mode is not Mode.REGEX and self.indexed and has_tokens(query.text):
            phrase = fts_phrase(query.text, prefix=query.mode is Mode.TEXT)
        for doc in self.index.candidates(phrase):
            if cancelled is not None and cancelled():
                return
            text = doc.text
            for start, end in matcher.spans(text):
                before, after = context(text, start, end)
                yield Hit(doc.document_id, doc.external_id, start, end, text[start:end], before, after)

    def search(self, query: Query, cancelled: Callable[[], bool] | None = None) -> list[Hit]:
        return list(self.hits(query, cancelled))

    def _span_hits(self, query: Query, cancelled: Callable[[], bool] | None) -> Iterator[Hit]:
        labels = self._labels(query.labels) if query.labels else None
        analysts = self._analysts(query.analysts)
        matcher = compile_query(query.text, query.mode) if query.text else None
        found = [a for a in self.index.annotations(labels, analysts) if _has_attribute(a, query.attribute)]
        documents = sorted({a.document_id for a in found})
        by_document: dict[int, list[Annotation]] = {}
        for annotation in found:
            by_document.setdefault(annotation.document_id, []).append(annotation)
        for doc in self.index.documents(documents):
            if cancelled is not None and cancelled():
                return
            for a in by_document[doc.document_id]:
                span = doc.text[a.start : a.end]
                if matcher is not None and not matcher.found_in(span):
                    continue
                before, after = context(doc.text, a.start, a.end)
                yield Hit(
                    doc.document_id, doc.external_id, a.start, a.end, span, before, after, a.id, a.label, a.analyst
                )

    def _labels(self, names: Sequence[str]) -> list[str]:
        schema = self.project.schema
        keys = []
        for name in names:
            label = schema.resolve(name)
            if label is None:
                raise NotFound(f"no label {name!r} in this project's schema (labels: {', '.join(schema.keys)})")
            keys.append(label.key)
        return keys

    def _analysts(self, names: Sequence[str]) -> list[str] | None:
        """The analysts whose spans the query reads: those asked for, within what blind mode lets this session see."""
        project = self.project
        return scoped_analysts(project.visible_analysts(), list(names) or None, project.analyst)


def _has_attribute(annotation: Annotation, attribute: tuple[str, str] | None) -> bool:
    if attribute is None:
        return True
    name, value = attribute
    return annotation.attributes.get(name) == value


CSV_HEADER = ("document", "start", "end", "before", "text", "after", "label", "analyst")


def write_csv(hits: Sequence[Hit], path: Path) -> None:
    """The hits as CSV, one row each; cells a spreadsheet would run as formulas are neutralised."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(CSV_HEADER)
        for h in hits:
            writer.writerow((h.document, h.start, h.end, h.before, h.text, h.after, h.label, h.analyst))


def parse_attribute(text: str) -> tuple[str, str]:
    """NAME=VALUE as given on the command line or in the dock."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise AnnotatorError(f"an attribute filter is NAME=VALUE (e.g. type=membership), not {text!r}")
    return name.strip(), value.strip()


__all__ = ["CorpusSearch", "Hit", "Matcher", "Mode", "Query", "has_tokens", "parse_attribute", "write_csv"]
