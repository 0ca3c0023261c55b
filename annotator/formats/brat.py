"""brat standoff: X.txt holds the text, X.ann its T, A, R and # lines (E, N and * are reported, not imported).

An `AnnotatorNotes` note is the span's note; a note of another type (`#1 Lemma T1 aikuinen`) is
kept as the span's attribute `#Lemma`, which the writer turns back into such a note.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats._brat_writer import BREAK_CHARS as _BREAK_CHARS
from annotator.formats._brat_writer import NOTE_PREFIX, PLAIN_NOTES, write_folder
from annotator.formats._brat_writer import shorten as _shorten
from annotator.formats._text import read_text, title_from
from annotator.formats.base import ExportReport, Format

_OFFSET = re.compile(r"[0-9]{1,18}")
_CONFS = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")
_SHOWN_LINES = 10

# Kinds of content the reader reports instead of importing, with how the warning names them.
_UNSUPPORTED = {
    "E": "events (E lines) not imported, only their trigger spans",
    "N": "normalisations (N lines) not imported",
    "*": "equivalences (* lines) not imported",
    "attribute-event": "attributes of events or relations not imported",
    "attribute-unknown": "attributes of ids the file does not define not imported",
    "attribute-repeated": "repeated attributes of one span: the last value is kept",
    "note-event": "notes on events or relations not imported",
    "note-unknown": "notes on ids the file does not define not imported",
    "relation-event": "relations with an event argument not imported",
}


class BratFormat:
    name = "brat"
    description = "brat standoff: a .txt text beside an .ann file of spans, attributes, notes and relations"
    extensions: tuple[str, ...] = (".ann",)
    writes_folder = True
    one_set = True

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() == ".ann"

    def companions(self, path: Path) -> list[Path]:
        """The text of an .ann and the brat configuration files beside it: never imported on their own."""
        path = Path(path)
        found = [_text_file(path) or path.with_suffix(".txt")]
        found.extend(path.parent / name for name in _CONFS if (path.parent / name).is_file())
        return found

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        path = Path(path)
        txt = _text_file(path)
        if txt is None:
            raise BadInput.at(path, None, f"no text file {path.stem}.txt beside it")
        text = read_text(txt, encoding)
        parser = _AnnParser(path, text, _bom_counted(txt, encoding))
        if parser.shift:
            parser.warnings.append(
                f"{txt}: starts with a byte order mark, which brat counts: offsets moved back by one"
            )
        parser.parse(read_text(path, encoding))
        if parser.problems:
            raise BadInput(parser.problems)
        record = DocumentRecord(text=text, external_id=path.stem, title=title_from(text), path=str(path))
        record.annotations, record.relations = parser.finish()
        record.warnings = parser.warnings
        return iter([record])

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        """Files into the folder `out`: a new one appears only once complete, an existing one keeps its other files."""
        return write_folder(documents, Path(out))


# --- reading


def _text_file(ann: Path) -> Path | None:
    for candidate in (ann.with_suffix(".txt"), ann.with_suffix(".TXT")):
        if candidate.is_file():
            return candidate
    return None


def _bom_counted(txt: Path, encoding: str | None) -> bool:
    """Whether the .txt starts with a UTF-8 BOM: brat reads it as a character, and counts it in offsets."""
    try:
        with open(txt, "rb") as handle:
            head = handle.read(len(codecs.BOM_UTF8))
    except OSError:
        return False
    return head == codecs.BOM_UTF8 and (encoding is None or codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"))


@dataclass
class _AnnParser:
    """Parses one .ann file against its text; references are resolved at the end (they may point forward)."""

    path: Path
    text: str
    shift: bool
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # id -> its line type (T, E, R, A, ...)
    spans: dict[str, AnnotationRecord] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, target, name, value
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, target, note type, note
    unsupported: dict[str, list[int]] = field(default_factory=dict)

    def parse(self, content: str) -> None:
        # Split on "\n" only: a covered text may hold other characters that splitlines() would cut at.
        for number, line in enumerate(content.split("\n"), start=1):
            line = line[:-1] if line.endswith("\r") else line
            if line.strip():
                self._line(number, line)

    def _problem(self, number: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), number, message))

    def _line(self, number: int, line: str) -> None:
        ident, tab, rest = line.partition("\t")
        kind = ident[:1]
        handler = {
            "T": self._textbound,
            "A": self._attribute,
            "M": self._attribute,
            "R": self._relation,
            "#": self._note,
            "E": self._event,
            "N": self._other,
            "*": self._other,
        }.get(kind)
        if handler is None:
            self._problem(number, f"unknown line type {ident[:20]!r}: brat lines start with T, A, M, R, E, N, # or *")
            return
        if not tab:
            self._problem(number, f"no tab after the id {ident[:20]!r}")
            return
        if kind != "*":  # equivalences have no id of their own
            if ident in self.kinds:
                self._problem(number, f"duplicate id {ident!r}")
                return
            self.kinds[ident] = kind
        data, tab, tail = rest.partition("\t")
        handler(number, ident, data, tail if tab else None)

    def _textbound(self, number: int, ident: str, data: str, covered: str | None) -> None:
        parts = data.split(None, 1)
        fragments = _offsets(parts[1]) if len(parts) == 2 else None
        if fragments is None:
            self._problem(
                number, f"malformed span {data.strip()[:40]!r}: expected 'Type START END' (fragments joined by ';')"
            )
            return
        for start, end in fragments:
            if start > end:
                self._problem(number, f"fragment {start} {end} ends before it starts")
                return
        if self.shift:
            fragments = [(max(0, start - 1), max(0, end - 1)) for start, end in fragments]
        record = AnnotationRecord(parts[0], fragments[0][0], fragments[-1][1], id=ident, line=number)
        if len(fragments) == 1:
            record.text = covered  # the services compare it with the text
        else:
            self._fragments(number, ident, fragments, covered, record)
        self.spans[ident] = record

    def _fragments(
        self, number: int, ident: str, fragments: list[tuple[int, int]], covered: str | None, record: AnnotationRecord
    ) -> None:
        """One span from several fragments: exact when only line breaks separate them, else the covering span."""
        record.start = min(start for start, _ in fragments)
        record.end = max(end for _, end in fragments)
        if record.end > len(self.text):
            return  # out of range: the services report the span with this line
        expected = " ".join(self.text[start:end] for start, end in fragments)  # as brat writes it
        if covered is not None and covered != expected:
            self._problem(number, f"span {ident} covers {_shorten(expected)!r} but the file says {_shorten(covered)!r}")
        pairs = list(zip(fragments, fragments[1:], strict=False))  # each fragment with the next
        if not all(
            a_end <= b_start and not self.text[a_end:b_start].strip(_BREAK_CHARS) for (_, a_end), (b_start, _) in pairs
        ):
            spec = ";".join(f"{start} {end}" for start, end in fragments)
            self.warnings.append(
                f"{self.path}:{number}: discontinuous span {ident} ({spec}) imported as the covering span {record.start}-{record.end}"
            )

    def _attribute(self, number: int, ident: str, data: str, _tail: str | None) -> None:
        parts = data.split()
        if len(parts) not in (2, 3):
            self._problem(number, f"malformed attribute {data.strip()[:40]!r}: expected 'Name TARGET [VALUE]'")
            return
        self.attributes.append((number, parts[1], parts[0], parts[2] if len(parts) == 3 else "true"))

    def _relation(self, number: int, ident: str, data: str, _tail: str | None) -> None:
        parts = data.split()
        args = [part.partition(":") for part in parts[1:]]
        if len(parts) != 3 or not all(sep and target for _, sep, target in args):
            self._problem(number, f"malformed relation {data.strip()[:40]!r}: expected 'Type Arg1:ID Arg2:ID'")
            return
        if args[0][0] == "Arg2" and args[1][0] == "Arg1":
            args.reverse()
        self.relations.append(RelationRecord(parts[0], args[0][2], args[1][2], id=ident, line=number))

    def _note(self, number: int, ident: str, data: str, note: str | None) -> None:
        parts = data.split()
        if len(parts) != 2:
            self._problem(
                number, f"malformed note {data.strip()[:40]!r}: expected 'AnnotatorNotes TARGET', a tab and the note"
            )
            return
        if note:
            self.notes.append((number, parts[1], parts[0], note))

    def _event(self, number: int, ident: str, data: str, _tail: str | None) -> None:
        parts = data.split()
        if not parts or not all(":" in part for part in parts):
            self._problem(number, f"malformed event {data.strip()[:40]!r}: expected 'Type:TRIGGER Role:ID ...'")
            return
        self._unsupported("E", number)

    def _other(self, number: int, ident: str, data: str, _tail: str | None) -> None:
        self._unsupported(ident[:1], number)

    def _unsupported(self, what: str, number: int) -> None:
        self.unsupported.setdefault(what, []).append(number)

    def _target(self, target: str, what: str, number: int) -> AnnotationRecord | None:
        """The span an attribute or note names, or None after noting why it cannot be imported."""
        record = self.spans.get(target)
        if record is None:
            self._unsupported(f"{what}-{'unknown' if target not in self.kinds else 'event'}", number)
        return record

    def finish(self) -> tuple[list[AnnotationRecord], list[RelationRecord]]:
        """Attach attributes and notes to their spans, drop what cannot be imported, and warn about it."""
        for number, target, name, value in self.attributes:
            record = self._target(target, "attribute", number)
            if record is not None:
                if name in record.attributes:
                    self._unsupported("attribute-repeated", number)
                record.attributes[name] = value
        for number, target, note_type, note in self.notes:
            record = self._target(target, "note", number)
            if record is None:
                continue
            if note_type == PLAIN_NOTES:
                record.note = f"{record.note}\n{note}" if record.note else note
            else:  # its type would be lost in the one note field: an attribute keeps it
                key = NOTE_PREFIX + note_type
                earlier = record.attributes.get(key)
                record.attributes[key] = f"{earlier}\n{note}" if earlier else note
        relations = []
        for relation in self.relations:
            if self.kinds.get(relation.source) in ("E", "R") or self.kinds.get(relation.target) in ("E", "R"):
                self._unsupported("relation-event", relation.line or 0)
            else:  # an id defined nowhere is left to the services, which refuse it with this line
                relations.append(relation)
        for what, numbers in sorted(self.unsupported.items(), key=lambda item: min(item[1])):
            numbers.sort()
            shown = ", ".join(map(str, numbers[:_SHOWN_LINES])) + (", …" if len(numbers) > _SHOWN_LINES else "")
            self.warnings.append(
                f"{self.path}:{numbers[0]}: {_UNSUPPORTED[what]}: {len(numbers)} (line{'s' if len(numbers) > 1 else ''} {shown})"
            )
        return list(self.spans.values()), relations


def _offsets(spec: str) -> list[tuple[int, int]] | None:
    """The fragments of "5 7;8 9", or None if they are not pairs of non-negative integers."""
    fragments = []
    for piece in spec.split(";"):
        numbers = piece.split()
        if len(numbers) != 2 or not all(_OFFSET.fullmatch(n) for n in numbers):
            return None
        fragments.append((int(numbers[0]), int(numbers[1])))
    return fragments


FORMAT: Format = BratFormat()
