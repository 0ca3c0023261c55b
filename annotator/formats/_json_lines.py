"""The read and write loops shared by the JSON Lines formats (native jsonl and doccano)."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.formats._text import read_lines, utf8_lines
from annotator.formats.base import ExportReport
from annotator.formats.output import atomic_output

# (line, line number, list to append error messages to) -> the record, or None
LineParser = Callable[[str, int, list[str]], "DocumentRecord | None"]
# (a line's UTF-8 bytes, line number) -> its record if nothing in it needs reporting, else None
FastParser = Callable[[bytes, int], "DocumentRecord | None"]


class LineRecords:
    """The records of a JSON Lines file, parsed one line at a time as they are asked for.

    Records of good lines are handed out as they come (an export of a whole project can be
    large); the problems of bad lines are collected and raised together, as one `BadInput`,
    once the whole file has been read. A caller that received records from a file that then
    raises must drop them (the services roll the import back).
    """

    def __init__(self, path: Path, encoding: str | None, parse: LineParser, fast: FastParser | None = None):
        # characters (bytes, for a UTF-8 file read by `fast`) read so far, newlines included: for progress
        self.position = 0
        self._records = self._read(Path(path), encoding, parse, fast)

    def __iter__(self) -> Iterator[DocumentRecord]:
        return self._records

    def __next__(self) -> DocumentRecord:
        return next(self._records)

    def close(self) -> None:
        """Stop early and close the file."""
        self._records.close()

    def _read(
        self, path: Path, encoding: str | None, parse: LineParser, fast: FastParser | None
    ) -> Generator[DocumentRecord, None, None]:
        problems: list[Problem] = []
        where = str(path)
        raw = utf8_lines(path, encoding) if fast is not None else None
        # Split on "\n" only: JSON strings may hold U+2028 or U+0085 unescaped, which splitlines() would cut.
        lines: Iterable[str | bytes] = read_lines(path, encoding) if raw is None else raw
        number = 0
        for line in lines:  # not enumerate: its reused (number, line) pair would keep a huge line alive while parsed
            number += 1
            self.position += len(line) + 1
            if type(line) is bytes:  # read by `utf8_lines`, for `fast`
                assert raw is not None and fast is not None
                record = fast(line, number)
                if record is not None:  # nearly every line
                    del line  # let go of the line before the record is used
                    record.path = where
                    yield record
                    continue
                line = raw.decode(line, number)  # anything else is parsed from its text, with every check
            assert type(line) is str
            if not line.strip():
                continue
            errors: list[str] = []
            record = parse(line, number, errors)
            del line  # let go of the line before the record is used
            if errors:
                problems.extend(Problem(where, number, message) for message in errors)
            elif record is not None:
                record.path = where
                yield record
        if problems:
            raise BadInput(problems)


def read_records(path: Path, encoding: str | None, parse: LineParser, fast: FastParser | None = None) -> LineRecords:
    """Every record of a JSON Lines file, streamed; all bad lines are reported together at the end (see `LineRecords`).

    `fast` takes the UTF-8 bytes of a line and returns its record when the line needs no check
    that only `parse` words (else None, and `parse` gets the line's text).
    """
    return LineRecords(path, encoding, parse, fast)


def write_records(
    documents: Iterable[DocumentRecord],
    out: Path,
    encode: Callable[[DocumentRecord], dict[str, Any]],
    report: ExportReport,
    *,
    count_annotations: bool,
) -> ExportReport:
    """One compact JSON object per document, written atomically; documents without text are reported."""
    out = Path(out)
    with atomic_output(out) as handle:
        for doc in documents:
            if doc.text is None:
                report.lose("documents without text", doc.external_id or doc.title or "?")
                continue
            # one write per line; buffering lines to join them was slower (lines of mixed string kinds)
            handle.write(_compact(encode(doc)) + "\n")
            report.documents += 1
            if count_annotations:
                report.annotations += len(doc.annotations)
    report.files.append(out)
    return report


_json_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # what json.dumps(...) calls


def _compact(value: Any) -> str:
    """`value` as compact JSON, as json.dumps(value, ensure_ascii=False, separators=(",", ":")) writes it.

    orjson writes the same text for the strings, integers, lists and objects of a record, several times
    faster; what it refuses (an integer past 64 bits, half of a surrogate pair) json writes as ever.
    """
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return _json_compact(value)


def first_record(path: Path) -> Any:
    """The first non-blank line parsed as JSON (for telling formats apart); raises OSError or ValueError."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    return json.loads(first)
