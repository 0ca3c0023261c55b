"""Spans as CSV, one row per annotation, for spreadsheets; documents are found again by their id."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats._text import read_text, string_values
from annotator.formats.base import ExportReport, Format
from annotator.formats.csv_cells import SafeWriter, restore
from annotator.formats.output import atomic_output

# the document's metadata rides along on each of its rows for spreadsheets; reading ignores it
# (a CSV import adds spans to documents already in the project, whose metadata stays as imported)
_METADATA = ("date", "time", "location")
COLUMNS = (
    "document_id",
    "document_title",
    *(f"document_{key}" for key in _METADATA),
    "analyst",
    "label",
    "start",
    "end",
    "text",
    "attributes",
    "note",
)
_TEXT_COLUMNS = tuple(i for i, name in enumerate(COLUMNS) if name not in ("start", "end"))  # the others: numbers
_REQUIRED = ("document_id", "label", "start", "end")
_INTEGER = re.compile(r"-?[0-9]+")


class CsvFormat:
    name = "csv"
    description = "spans as CSV, one row per annotation (no document text, no relations)"
    extensions: tuple[str, ...] = (".csv",)
    writes_folder = False
    one_set = False

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """Records with `text=None`, one per document_id in file order; every bad row is reported first."""
        path = Path(path)
        # a span of a long article can exceed the csv module's default 128 KiB cell limit
        csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
        reader = csv.reader(io.StringIO(read_text(path, encoding), newline=""), strict=True)
        documents: dict[str, DocumentRecord] = {}
        problems: list[Problem] = []
        try:
            header = next(reader, None)
            if header is None:
                raise BadInput.at(path, None, "empty file, no header row")
            names = [name.strip().lower() for name in header]
            missing = [name for name in _REQUIRED if name not in names]
            if missing:
                raise BadInput.at(path, 1, f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
            columns = {name: names.index(name) for name in COLUMNS if name in names}
            last = reader.line_num
            for row in reader:
                # A quoted cell may span lines: the row starts after the previous row ended.
                line, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                errors: list[str] = []
                if len(row) != len(header):
                    errors.append(f"row has {len(row)} fields, the header has {len(header)}")
                else:
                    _add_row({name: row[i] for name, i in columns.items()}, line, str(path), documents, errors)
                problems.extend(Problem(str(path), line, message) for message in errors)
        except csv.Error as exc:
            problems.append(Problem(str(path), reader.line_num, f"not valid CSV: {str(exc).lower()}"))
        if problems:
            raise BadInput(problems)
        return iter(documents.values())

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        out = Path(out)
        report = ExportReport()
        encode = _AttributesText()
        with atomic_output(out) as handle:
            writer = SafeWriter(handle)  # text cells neutralised: a title "=HYPERLINK(...)" is not run
            writer.writerow(COLUMNS)
            for doc in documents:
                ident = doc.external_id or doc.title or "?"
                for rel in doc.relations:
                    report.lose("relations", f"{ident}: {rel.type} {rel.source} -> {rel.target}")
                if not doc.annotations:
                    continue
                if not doc.external_id:  # the reader finds documents by id alone
                    for ann in doc.annotations:
                        report.lose("annotations of documents without id", f"{ident}: {ann.label}")
                    continue
                cells = (doc.external_id, doc.title or "", *(doc.meta.get(key, "") for key in _METADATA))
                source = doc.text
                writer.writerows_with_text_at(
                    [
                        (
                            *cells,
                            ann.analyst or "",
                            ann.label,
                            ann.start,
                            ann.end,
                            source[ann.start : ann.end] if source is not None else ann.text or "",
                            encode(ann.attributes),
                            ann.note,
                        )
                        for ann in doc.annotations
                    ],
                    _TEXT_COLUMNS,
                )
                report.documents += 1
                report.annotations += len(doc.annotations)
        report.files.append(out)
        return report


class _AttributesText:
    """Attributes as the CSV's JSON text, made once for each distinct set (a corpus repeats a handful)."""

    def __init__(self, limit: int = 4096) -> None:
        self._made: dict[tuple[tuple[str, str], ...], str] = {}
        self._limit = limit  # free-text values would otherwise grow it with every row

    def __call__(self, attributes: dict[str, str]) -> str:
        key = tuple(attributes.items())
        made = self._made.get(key)
        if made is None:
            made = json.dumps(dict(attributes), ensure_ascii=False)
            if len(self._made) < self._limit:
                self._made[key] = made
        return made


def _add_row(
    cells: dict[str, str], line: int, path: str, documents: dict[str, DocumentRecord], errors: list[str]
) -> None:
    def get(name: str) -> str:
        return restore(cells.get(name, ""))  # an absent optional column reads as empty

    doc_id, label = get("document_id"), get("label")
    if not doc_id.strip():
        errors.append("empty document_id")
    if not label.strip():
        errors.append("empty label")
    offsets = []
    for name in ("start", "end"):
        raw = cells[name].strip()
        if not _INTEGER.fullmatch(raw):
            errors.append(f"{name} is not an integer: {raw[:20]!r}")
        offsets.append(int(raw) if _INTEGER.fullmatch(raw) else 0)
    attributes = _attributes(cells.get("attributes", ""), errors)
    if errors:
        return
    title = get("document_title") or None
    doc = documents.setdefault(doc_id, DocumentRecord(text=None, external_id=doc_id, title=title, path=path, line=line))
    doc.title = doc.title or title
    doc.annotations.append(
        AnnotationRecord(
            label=label,
            start=offsets[0],
            end=offsets[1],
            analyst=get("analyst") or None,
            text=get("text") or None,
            attributes=attributes,
            note=get("note"),
            line=line,
        )
    )


def _attributes(raw: str, errors: list[str]) -> dict[str, str]:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        errors.append(f"attributes are not valid JSON: {exc.msg} (column {exc.colno})")
        return {}
    except (ValueError, RecursionError):
        errors.append("attributes are not valid JSON")
        return {}
    result = string_values(value) if isinstance(value, dict) else None
    if result is None:
        errors.append("attributes are not a JSON object of strings")
        return {}
    return result


FORMAT: Format = CsvFormat()
