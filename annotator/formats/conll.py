"""CoNLL / IOB token-per-line NER tags (the last column); texts are rebuilt from tokens, so original whitespace is not preserved."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats._conll_writer import DOCSTART, DocumentWriter
from annotator.formats._text import read_text, title_from
from annotator.formats._tokens import TOKENS_KEY, WHITESPACE_TOKENS
from annotator.formats.base import ExportReport, Format
from annotator.formats.output import atomic_output

_LINE_END = re.compile(r"\r\n|\r|\n")
_TAG = re.compile(r"([BIESLU])-(\S.*)")  # conlleval splits at the first hyphen: B-Guarantee-type is one label
_PREFIXED = re.compile(r"[BIESLU]-\S")


class ConllFormat:
    """Token-per-line files: `token TAG`, or CoNLL-2003's `token POS chunk NER`, space or tab separated.

    Reading: a blank line ends a sentence, a `-DOCSTART-` line starts a document. Tags are IOB2,
    decoded leniently like conlleval (an `I-X` that continues no X chunk opens one, as in IOB1);
    BIOES/BILOU (`S-`/`U-` single, `E-`/`L-` last) are understood too. The files hold no offsets
    and no whitespace: the text is rebuilt by joining a sentence's tokens with one space and its
    sentences with "\\n", and spans are the characters of their tokens in it. That is the nature
    of the format, so it is not warned about. Label Studio writes labels with spaces unescaped
    (`B-Guarantee type`): words after a prefixed tag then belong to its label.

    Writing: IOB2 in two tab-separated columns, `-DOCSTART-<TAB>O` and a blank line before each
    document. A document read from CoNLL keeps its tokens (its metadata says so: they are the
    whitespace-free runs of its text), so `U.N.` goes out as it came in. Other texts are cut into
    words and single punctuation marks, never inside a character (an emoji, a flag, a letter with
    its combining marks). Both are cut at span edges, and a cut stored token is reported. Each
    line of the text is a sentence, but a span keeps the lines it covers together so that it
    stays one chunk.
    """

    name = "conll"
    description = "CoNLL / IOB token-per-line NER tags (one annotation set; text rebuilt from tokens, no overlaps)"
    extensions: tuple[str, ...] = (".conll", ".iob", ".bio")
    writes_folder = False
    one_set = True

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """The documents of the file; every bad line is reported before anything is returned."""
        path = Path(path)
        reader = _Reader(path)
        for number, line in enumerate(_LINE_END.split(read_text(path, encoding)), start=1):
            reader.feed(number, line)
        reader.finish()
        if reader.problems:
            raise BadInput(reader.problems)
        if not reader.documents:  # refused like an empty txt file: "imported 0 files" would hide a wrong file
            if reader.first_docstart is None:
                raise BadInput.at(path, None, "empty file, no tokens to import")
            raise BadInput.at(path, reader.first_docstart, f"only {DOCSTART} lines, no tokens to import")
        return iter(reader.documents)

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        out = Path(out)
        report = ExportReport()
        with atomic_output(out) as handle:
            self.write_to(documents, handle, report)
        report.files.append(out)
        return report

    def write_to(self, documents: Iterable[DocumentRecord], handle: IO[str], report: ExportReport) -> None:
        """Write `documents` on `handle`: a file is its documents' blocks one after another, so two parts written
        apart and joined are the file written at once (services/export_in_two.py)."""
        writer = DocumentWriter(handle, report)
        for doc in documents:
            writer.write(doc)


# --- reading


class _Reader:
    """A line-by-line state machine: documents of sentences of tokens, chunks decoded as tokens arrive."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.documents: list[DocumentRecord] = []
        self.columns: tuple[int, int] | None = None  # (columns of the first token line, its number)
        self.first_docstart: int | None = None  # line of the first -DOCSTART-
        self._new_document(None)

    def _new_document(self, line: int | None) -> None:
        self.parts: list[str] = []  # tokens and the separators between them
        self.length = 0
        self.annotations: list[AnnotationRecord] = []
        self.doc_line = line
        self.sentence_open = False
        self.chunk: AnnotationRecord | None = None
        self.chunk_closed = False  # an E-/L-/S- tag ended it: an I- after it starts a new chunk

    def feed(self, number: int, line: str) -> None:
        fields = line.split()
        if not fields:
            self._end_sentence()
        elif fields[0] == DOCSTART:
            if self.first_docstart is None:
                self.first_docstart = number
            self._end_document()
            self._new_document(number)
        else:
            self._token(number, fields)

    def finish(self) -> None:
        self._end_document()

    def _token(self, number: int, fields: list[str]) -> None:
        token, tag, count = _split_fields(fields, self.columns[0] if self.columns else None)
        if count < 2:
            self._problem(number, "one column only: no tag")
            return
        if self.columns is None:
            self.columns = (count, number)
        elif count != self.columns[0]:
            self._problem(number, f"{count} columns, but line {self.columns[1]} has {self.columns[0]}")
            return
        match = _TAG.fullmatch(tag)
        if tag != "O" and match is None:
            self._problem(number, f"tag {tag!r} is not O or a B-, I-, E-, S-, L- or U- prefix with a label")
            return
        start = self._append(token, number)
        if match is None:
            self._close_chunk()
        else:
            self._tag(match.group(1), match.group(2), start, number)

    def _append(self, token: str, number: int) -> int:
        """Add a token to the rebuilt text; its start offset."""
        if self.doc_line is None:
            self.doc_line = number
        if self.parts:
            separator = " " if self.sentence_open else "\n"
            self.parts.append(separator)
            self.length += 1
        start = self.length
        self.parts.append(token)
        self.length += len(token)
        self.sentence_open = True
        return start

    def _tag(self, prefix: str, label: str, start: int, number: int) -> None:
        chunk = self.chunk
        if prefix in "IEL" and chunk is not None and not self.chunk_closed and chunk.label == label:  # continues it
            chunk.end = self.length
        else:
            self._close_chunk()
            self.chunk = AnnotationRecord(label=label, start=start, end=self.length, line=number)
        self.chunk_closed = prefix in "ESLU"

    def _close_chunk(self) -> None:
        if self.chunk is not None:
            self.annotations.append(self.chunk)
        self.chunk, self.chunk_closed = None, False

    def _end_sentence(self) -> None:
        self._close_chunk()  # chunks never cross a sentence break (conlleval neither)
        self.sentence_open = False

    def _end_document(self) -> None:
        self._end_sentence()
        if not self.parts:
            return  # a -DOCSTART- with nothing after it
        text = "".join(self.parts)
        for annotation in self.annotations:
            annotation.text = text[annotation.start : annotation.end]
        stem = self.path.stem
        external_id = stem if not self.documents else f"{stem}-{len(self.documents) + 1}"
        self.documents.append(
            DocumentRecord(
                text=text,
                external_id=external_id,
                title=title_from(text),
                meta={TOKENS_KEY: WHITESPACE_TOKENS},  # an export writes these tokens back, not its own cuts
                annotations=self.annotations,
                path=str(self.path),
                line=self.doc_line,
            )
        )

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, message))


def _split_fields(fields: list[str], expected: int | None) -> tuple[str, str, int]:
    """(token, tag, number of columns) of a token line; the tag is the last column.

    A label written with spaces (Label Studio: `B-Guarantee type`) spreads over several
    fields: the tag then starts at the last field that looks like a prefixed tag, if that
    gives the file's number of columns.
    """
    last = fields[-1]
    if len(fields) > 2 and last != "O" and not _TAG.fullmatch(last):
        for index in range(len(fields) - 2, 0, -1):
            if _PREFIXED.match(fields[index]) and expected in (None, index + 1):
                return fields[0], " ".join(fields[index:]), index + 1
    return fields[0], last, len(fields)


FORMAT: Format = ConllFormat()
