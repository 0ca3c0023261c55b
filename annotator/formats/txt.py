"""Plain-text articles: one document per file, an optional " date ... location" header line as metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from annotator.core.errors import BadInput
from annotator.core.model import DocumentRecord
from annotator.formats._text import read_text, safe_filename, title_from
from annotator.formats.base import ExportReport, Format
from annotator.formats.output import atomic_output, output_folder

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# " date 2023-06-16 09:52 08 June Kyiv, Ukraine"; the time, the day and month, and the location may be absent.
_HEADER = re.compile(
    r"[ \t]*date[ \t]+(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[ \t]+(?P<time>[0-9]{1,2}:[0-9]{2}))?"
    rf"(?:[ \t]+[0-9]{{1,2}}[ \t]+(?:{_MONTHS}))?"
    r"(?:[ \t]+(?P<location>\S.*?))?[ \t]*",
    re.IGNORECASE,
)
_FIRST_LINE = re.compile(r"[^\r\n]*")
_LEADING_BLANK_LINES = re.compile(r"(?:[^\S\r\n]*(?:\r\n|\r|\n))+")
_HEADER_KEYS = ("date", "time", "location")


def parse_header(line: str) -> dict[str, str] | None:
    """The metadata of a header line, or None if `line` is not one."""
    match = _HEADER.fullmatch(line)
    if match is None or not _real_date_and_time(match["date"], match["time"]):
        return None  # e.g. 2023-02-30 or 25:61: not a header the reader understands, so the line stays text
    return {key: value for key, value in match.groupdict().items() if value is not None}


def _real_date_and_time(day: str, time: str | None) -> bool:
    """Whether `day` (YYYY-MM-DD) is a day of the calendar and `time` (H:MM), if given, a time of day."""
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    if time is None:
        return True
    hours, minutes = time.split(":")
    return int(hours) < 24 and int(minutes) < 60


def _first_line(text: str) -> str:
    """`text` up to its first line end (all of it when it has none)."""
    match = _FIRST_LINE.match(text)  # `[^\r\n]*` matches at the start of every text, if only the empty string
    return "" if match is None else match.group()


def _clean(text: str) -> str:
    """`text` without leading blank lines and trailing whitespace: what the reader keeps."""
    match = _LEADING_BLANK_LINES.match(text)
    return (text[match.end() :] if match else text).rstrip()


class TxtFormat:
    name = "txt"
    description = "plain-text article, one per file, with an optional date/location header line"
    extensions: tuple[str, ...] = (".txt",)
    writes_folder = True
    one_set = False

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        path = Path(path)
        text = read_text(path, encoding)
        first = _first_line(text)
        meta = parse_header(first) or {}
        body = _clean(text[len(first) :] if meta else text)
        if not body:
            message = "only a date header, no text to import" if meta else "empty file, no text to import"
            raise BadInput.at(path, 1 if meta else None, message)
        record = DocumentRecord(
            text=body, external_id=path.stem, title=title_from(body), meta=meta, path=str(path), line=1
        )
        return iter([record])

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        out = output_folder(Path(out))
        report = ExportReport()
        taken: set[str] = set()  # file names given so far
        for doc in documents:
            ident = doc.external_id or doc.title or "document"
            if doc.text is None or not doc.text.strip():
                report.lose("documents without text", ident)
                continue
            header = _header(doc, ident, report)
            if _clean(doc.text) != doc.text:
                report.lose("blank lines or spaces at the start or end of a text", ident)
            if header is None and parse_header(_first_line(doc.text)) is not None:
                # A first line that looks like a header would be read back as metadata: push it down.
                header = ""
            target = out / f"{safe_filename(ident, taken)}.txt"
            with atomic_output(target) as handle:  # complete or absent, even when the disk fills
                if header is not None:
                    handle.write(f"{header}\n\n")
                handle.write(doc.text)
            report.documents += 1
            report.files.append(target)
            for ann in doc.annotations:
                report.lose("annotations", f"{ident}: {ann.label} {_quote(doc.text[ann.start : ann.end])}")
            for rel in doc.relations:
                report.lose("relations", f"{ident}: {rel.type} {rel.source} -> {rel.target}")
        return report


def _header(doc: DocumentRecord, ident: str, report: ExportReport) -> str | None:
    """The header line holding the document's date, time and location, if the reader can read it back."""
    for key in doc.meta:
        if key not in _HEADER_KEYS:
            report.lose("metadata fields", f"{ident}: {key}")
    kept = {key: doc.meta[key] for key in _HEADER_KEYS if doc.meta.get(key)}
    if not kept:
        return None
    line = " date " + " ".join(kept[key] for key in _HEADER_KEYS if key in kept)
    if parse_header(line) == kept:
        return line
    # e.g. no date, or a date not written 2023-06-16: a header could not be read back as it was
    for key in kept:
        report.lose("metadata fields", f"{ident}: {key}")
    return None


def _quote(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


FORMAT: Format = TxtFormat()
