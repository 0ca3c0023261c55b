"""CoNLL / IOB token-per-line NER tags (the last column); texts are rebuilt from tokens, so original whitespace is not preserved."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from pathlib import Path
from typing import IO, Iterable, Iterator

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats._text import atomic_output, read_text, title_from
from annotator.formats.base import ExportReport

DOCSTART = "-DOCSTART-"
_LINE_END = re.compile(r"\r\n|\r|\n")
_TAG = re.compile(r"([BIESLU])-(\S.*)")  # conlleval splits at the first hyphen: B-Guarantee-type is one label
_PREFIXED = re.compile(r"[BIESLU]-\S")
# Line breaks as str.splitlines() sees them: the writer starts a sentence after each.
_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_WORD = re.compile(r"\w")
_JOINERS = ("-", "'", "\u2019")  # inside a word: self-driving, don't, don’t
_ZWJ = "\u200d"


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
    document. Text is cut into words and single punctuation marks, never inside a character (an
    emoji, a flag, a letter with its combining marks), and at span edges. Each line of the text
    is a sentence, but a span keeps the lines it covers together so that it stays one chunk.
    """

    name = "conll"
    description = "CoNLL / IOB token-per-line NER tags (one annotation set; text rebuilt from tokens, no overlaps)"
    extensions = (".conll", ".iob", ".bio")
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
        return iter(reader.documents)

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        out = Path(out)
        report = ExportReport()
        with atomic_output(out) as handle:
            for doc in documents:
                _write_document(doc, handle, report)
        report.files.append(out)
        return report


# --- reading


class _Reader:
    """A line-by-line state machine: documents of sentences of tokens, chunks decoded as tokens arrive."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.documents: list[DocumentRecord] = []
        self.columns: tuple[int, int] | None = None  # (columns of the first token line, its number)
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
        continues = prefix in "IEL" and chunk is not None and not self.chunk_closed and chunk.label == label
        if continues:
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


# --- writing


def _write_document(doc: DocumentRecord, handle: IO[str], report: ExportReport) -> None:
    ident = doc.external_id or doc.title or "?"
    if doc.text is None or not doc.text.strip():
        report.lose("documents without text", ident)
        return
    text = doc.text
    _report_unwritable(doc, ident, report)
    clusters = _clusters(text)
    spans = _spans(doc, ident, clusters, report)
    tokens = _split_at(_tokens(text, clusters), sorted({edge for start, end, _ in spans for edge in (start, end)}))
    sentences = _sentences(text, tokens, spans)
    handle.write(f"{DOCSTART}\tO\n\n")
    for sentence in sentences:
        handle.write("".join(f"{text[s:e]}\t{tag}\n" for s, e, tag in sentence))
        handle.write("\n")
    rebuilt = "\n".join(" ".join(text[s:e] for s, e, _ in sentence) for sentence in sentences)
    if rebuilt != text:
        report.lose("text layouts (spaces and line breaks between tokens)", ident)
    report.documents += 1
    report.annotations += len(spans)


def _report_unwritable(doc: DocumentRecord, ident: str, report: ExportReport) -> None:
    """What IOB has no place for: ids, metadata, attributes, notes, relations."""
    if doc.external_id:
        report.lose("document ids", doc.external_id)
    if doc.meta:
        report.lose("document metadata", f"{ident}: {', '.join(sorted(doc.meta))}")
    for a in doc.annotations:
        covered = _quote(doc.text or "", a)
        for key, value in a.attributes.items():
            report.lose("attributes", f"{ident}: {a.label} {covered} {key}={value}")
        if a.note:
            report.lose("notes", f"{ident}: {a.label} {covered}: {a.note}")
    for r in doc.relations:
        report.lose("relations", f"{ident}: {r.type} {r.source} -> {r.target}")


def _spans(doc: DocumentRecord, ident: str, clusters: list[tuple[int, int]], report: ExportReport) -> list[tuple[int, int, str]]:
    """The spans IOB can hold: trimmed of whitespace, widened to whole characters, overlaps dropped."""
    text = doc.text or ""
    starts = [s for s, _ in clusters]
    candidates: list[tuple[int, int, int, str]] = []
    for index, a in enumerate(doc.annotations):
        label = "_".join(a.label.split())
        if label != a.label:
            report.lose("whitespace in labels (written as _)", f"{a.label!r} as {label!r}")
        if not label:
            report.lose("spans without a label", f"{ident}: {a.start}-{a.end}")
            continue
        if not 0 <= a.start <= a.end <= len(text):
            report.lose("spans that are not in the text", f"{ident}: {a.label} {a.start}-{a.end}")
            continue
        start, end = _trim(text, a.start, a.end)
        if start >= end:
            report.lose("spans without a token", f"{ident}: {a.label} {_quote(text, a)}")
            continue
        wide = _widen(clusters, starts, start, end)
        if wide != (start, end):
            report.lose("exact span edges (inside a character; widened to the whole character)", f"{ident}: {a.label} {_quote(text, a)}")
        candidates.append((*wide, index, label))
    kept: list[tuple[int, int, str]] = []
    last: tuple[int, int, int, str] | None = None
    for start, end, index, label in sorted(candidates, key=lambda c: (c[0], -c[1], c[2])):
        if last is not None and start < last[1]:
            dropped, keeper = doc.annotations[index], doc.annotations[last[2]]
            report.lose(
                "overlapping spans",
                f"{ident}: {dropped.label} {_quote(text, dropped)} overlaps {keeper.label} {_quote(text, keeper)}",
            )
            continue
        kept.append((start, end, label))
        last = (start, end, index, label)
    return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _widen(clusters: list[tuple[int, int]], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved out to the edges of the characters (grapheme clusters) they cut.

    Both edges are next to non-whitespace characters (spans are trimmed), so each falls in a cluster.
    """
    first = clusters[bisect_right(starts, start) - 1]
    last = clusters[bisect_right(starts, end - 1) - 1]
    return first[0] if first[0] < start < first[1] else start, last[1] if last[0] < end < last[1] else end


def _quote(text: str, a: AnnotationRecord) -> str:
    covered = text[a.start : a.end] if 0 <= a.start <= a.end <= len(text) else (a.text or "")
    covered = " ".join(covered.split())  # a report line stays one line
    return "'" + (covered if len(covered) <= 40 else covered[:39] + "…") + "'"


def _clusters(text: str) -> list[tuple[int, int]]:
    """The user-perceived characters of `text` outside whitespace, as (start, end).

    A simplified Unicode grapheme segmentation (the standard library has none): a character
    keeps its combining marks, variation selectors, skin tones and tag characters; two regional
    indicators make a flag; a zero-width joiner glues the next character on (family emoji).
    Whitespace always separates, so a mark after a space becomes a character of its own.
    """
    result: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        i += 1
        if _regional(text[start]) and i < n and _regional(text[i]):
            i += 1
        while i < n and not text[i].isspace():
            if text[i] == _ZWJ:
                i += 2 if i + 1 < n and not text[i + 1].isspace() else 1
            elif _extends(text[i]):
                i += 1
            else:
                break
        result.append((start, i))
    return result


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _extends(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200c"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin tone modifiers
        or "\U000e0020" <= ch <= "\U000e007f"  # tag characters of subdivision flags
    )


def _tokens(text: str, clusters: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words (letters, digits, marks; inner - ' ’ kept) and single other characters."""
    def word(k: int) -> bool:
        return _WORD.match(text, clusters[k][0]) is not None

    def joiner(k: int) -> bool:
        s, e = clusters[k]
        return e - s == 1 and text[s] in _JOINERS

    def touches(k: int) -> bool:  # cluster k follows cluster k-1 without a gap
        return k < len(clusters) and clusters[k][0] == clusters[k - 1][1]

    tokens: list[tuple[int, int]] = []
    k = 0
    while k < len(clusters):
        start, end = clusters[k]
        if word(k):
            while True:
                if touches(k + 1) and word(k + 1):
                    k += 1
                elif touches(k + 1) and joiner(k + 1) and touches(k + 2) and word(k + 2):
                    k += 2
                else:
                    break
                end = clusters[k][1]
        tokens.append((start, end))
        k += 1
    return tokens


def _split_at(tokens: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """Tokens cut at every span edge that falls inside one (edges are always between characters)."""
    result: list[tuple[int, int]] = []
    for start, end in tokens:
        k = bisect_right(cuts, start)
        while k < len(cuts) and cuts[k] < end:
            result.append((start, cuts[k]))
            start, k = cuts[k], k + 1
        result.append((start, end))
    return result


def _sentences(text: str, tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Tokens with their IOB2 tags, grouped by line; a span's tokens stay in one sentence."""
    sentences: list[list[tuple[int, int, str]]] = []
    span_index, previous_span = 0, -1
    previous_end: int | None = None
    for start, end in tokens:
        while span_index < len(spans) and spans[span_index][1] <= start:
            span_index += 1
        inside = span_index < len(spans) and spans[span_index][0] <= start
        current = span_index if inside else -1
        same_span = current >= 0 and current == previous_span
        if previous_end is None or (not same_span and _BREAK.search(text, previous_end, start)):
            sentences.append([])
        tag = "O" if current < 0 else ("I-" if same_span else "B-") + spans[current][2]
        sentences[-1].append((start, end, tag))
        previous_span, previous_end = current, end
    return sentences


FORMAT = ConllFormat()
