"""The read and write loops shared by the JSON Lines formats (native jsonl and doccano)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from annotator.core.errors import BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.formats._text import atomic_output, read_lines
from annotator.formats.base import ExportReport

# (line, line number, list to append error messages to) -> the record, or None
LineParser = Callable[[str, int, list[str]], "DocumentRecord | None"]


def read_records(path: Path, encoding: str | None, parse: LineParser) -> Iterator[DocumentRecord]:
    """Every record of a JSON Lines file; all bad lines are reported together before anything is returned."""
    records: list[DocumentRecord] = []
    problems: list[Problem] = []
    # Streamed (an export of a whole project can be large), split on "\n" only: JSON strings
    # may hold U+2028 or U+0085 unescaped, which splitlines() would cut.
    for number, line in enumerate(read_lines(path, encoding), start=1):
        if not line.strip():
            continue
        errors: list[str] = []
        record = parse(line, number, errors)
        problems.extend(Problem(str(path), number, message) for message in errors)
        if record is not None and not errors:
            record.path = str(path)
            records.append(record)
    if problems:
        raise BadInput(problems)
    return iter(records)


def write_records(
    documents: Iterable[DocumentRecord], out: Path, encode: Callable[[DocumentRecord], dict[str, Any]],
    report: ExportReport, *, count_annotations: bool,
) -> ExportReport:
    """One compact JSON object per document, written atomically; documents without text are reported."""
    out = Path(out)
    with atomic_output(out) as handle:
        for doc in documents:
            if doc.text is None:
                report.lose("documents without text", doc.external_id or doc.title or "?")
                continue
            handle.write(json.dumps(encode(doc), ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            report.documents += 1
            if count_annotations:
                report.annotations += len(doc.annotations)
    report.files.append(out)
    return report


def first_record(path: Path) -> Any:
    """The first non-blank line parsed as JSON (for telling formats apart); raises OSError or ValueError."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    return json.loads(first)
