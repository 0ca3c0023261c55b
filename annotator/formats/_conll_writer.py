"""Writing CoNLL: a document's tokens with IOB2 tags, cut by regular expressions a stretch of text at a time."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import IO

from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats._losses import Losses
from annotator.formats._tokens import TOKENS_KEY, cluster_pattern, keeps_tokens, patterns_for
from annotator.formats.base import ExportReport

DOCSTART = "-DOCSTART-"
LAYOUT = "text layouts (spaces and line breaks between tokens)"
CUT_TOKENS = "imported tokens whole (a span edge falls inside them; cut there)"
# Line breaks as str.splitlines() sees them: a sentence ends at each one outside a span.
_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_OTHER_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_NOT_SPACE = re.compile(r"\S*")
# The only texts a reader can rebuild from tokens: single spaces and line breaks between them.
_TOKEN_LAYOUT = re.compile(r"\S+(?:[ \n]\S+)*")

Span = tuple[int, int, str]  # start, end, label as written
Crossing = dict[int, tuple[int, int]]  # span edge inside a token -> that token's (start, end)


class DocumentWriter:
    """Writes the documents of one export, keeping what earlier documents already worked out (label spellings, tags)."""

    def __init__(self, handle: IO[str], report: ExportReport):
        self.handle = handle
        self.report = report
        self.losses = Losses(report)
        self.labels: dict[str, str] = {}  # label -> label with whitespace runs as "_"
        self.tags: dict[str, tuple[str, str]] = {}  # written label -> ends of its B- and I- lines

    def write(self, doc: DocumentRecord) -> None:
        ident = doc.external_id or doc.title or "?"
        text = doc.text
        if not text or text.isspace():  # not strip(): it would copy a long text to find its first letter
            self.losses.lose("documents without text", lambda: ident)
            return
        self._report_unwritable(doc, ident)
        token, run = patterns_for(doc.meta)  # the document's own tokens, if an import kept them
        runs = _Runs(text, token)
        spans = self._spans(doc, ident, runs)
        crossing = runs.crossing(spans)
        if crossing and keeps_tokens(doc.meta):
            for edge, (start, end) in crossing.items():
                self.losses.lose(CUT_TOKENS, lambda: f"{ident}: '{text[start:edge]}|{text[edge:end]}'")  # noqa: B023 Losses.lose calls it at once
        lines = _token_lines(text, spans, crossing, self.tags, run)
        self.handle.write(lines)
        if not _keeps_layout(text, spans, lines):
            self.losses.lose(LAYOUT, lambda: ident)
        self.report.documents += 1
        self.report.annotations += len(spans)

    def _report_unwritable(self, doc: DocumentRecord, ident: str) -> None:
        """What IOB has no place for: ids, metadata, attributes, notes, relations."""
        losses = self.losses
        if doc.external_id:
            losses.lose("document ids", lambda: ident)
        # the stored tokens are no loss: they are the file's tokens
        meta = [key for key in doc.meta if not (key == TOKENS_KEY and keeps_tokens(doc.meta))]
        if meta:
            losses.lose("document metadata", lambda: f"{ident}: {', '.join(sorted(meta))}")
        if losses.full("attributes") and losses.full("notes"):
            losses.add("attributes", sum(len(a.attributes) for a in doc.annotations))
            losses.add("notes", sum(1 for a in doc.annotations if a.note))
        else:
            self._report_extras(doc, ident)
        if losses.full("relations"):
            losses.add("relations", len(doc.relations))
        else:
            for r in doc.relations:
                losses.lose("relations", lambda: f"{ident}: {r.type} {r.source} -> {r.target}")  # noqa: B023 Losses.lose calls it at once

    def _report_extras(self, doc: DocumentRecord, ident: str) -> None:
        """Attributes and notes, one by one in the order of the spans (which kind is lost first orders the report)."""
        for a in doc.annotations:
            if not (a.attributes or a.note):
                continue
            covered = _quote(doc.text or "", a)
            for key, value in a.attributes.items():
                self.losses.lose("attributes", lambda: f"{ident}: {a.label} {covered} {key}={value}")  # noqa: B023 Losses.lose calls it at once
            if a.note:
                self.losses.lose("notes", lambda: f"{ident}: {a.label} {covered}: {a.note}")  # noqa: B023 Losses.lose calls it at once

    def _label(self, label: str) -> str:
        """`label` with each run of whitespace as "_" (an empty label stays empty)."""
        written = self.labels[label] = "_".join(label.split())
        return written

    def _spans(self, doc: DocumentRecord, ident: str, runs: _Runs) -> list[Span]:
        """The spans IOB can hold: trimmed of whitespace, widened to whole characters, overlaps dropped."""
        text = runs.text
        size = len(text)
        candidates: list[tuple[int, int, int, str]] = []  # start, -end, index, label: sorted as wanted as they are
        labels = self.labels
        for index, a in enumerate(doc.annotations):
            label = labels.get(a.label) or self._label(a.label)
            if label != a.label:
                self.losses.lose("whitespace in labels (written as _)", lambda: f"{a.label!r} as {label!r}")  # noqa: B023 Losses.lose calls it at once
            if not label:
                self.losses.lose("spans without a label", lambda: f"{ident}: {a.start}-{a.end}")  # noqa: B023 Losses.lose calls it at once
                continue
            start, end = a.start, a.end
            if not 0 <= start <= end <= size:
                self.losses.lose("spans that are not in the text", lambda: f"{ident}: {a.label} {a.start}-{a.end}")  # noqa: B023 Losses.lose calls it at once
                continue
            if start == end or text[start].isspace() or text[end - 1].isspace():
                start, end = _trim(text, start, end)
                if start >= end:
                    self.losses.lose("spans without a token", lambda: f"{ident}: {a.label} {_quote(text, a)}")  # noqa: B023 Losses.lose calls it at once
                    continue
            # an edge next to whitespace cuts no character or token; the others are rare enough to look at closely
            if (start and not text[start - 1].isspace()) or (end < size and not text[end].isspace()):
                wide = runs.widen(start, end)
                if wide != (start, end):
                    what = "exact span edges (inside a character; widened to the whole character)"
                    self.losses.lose(what, lambda: f"{ident}: {a.label} {_quote(text, a)}")  # noqa: B023 Losses.lose calls it at once
                start, end = wide
            candidates.append((start, -end, index, label))
        return self._without_overlaps(doc, ident, candidates)

    def _without_overlaps(
        self, doc: DocumentRecord, ident: str, candidates: list[tuple[int, int, int, str]]
    ) -> list[Span]:
        """The earliest, then longest, of overlapping spans; every dropped one is reported."""
        text = doc.text or ""
        kept: list[Span] = []
        last_end, last_index = -1, -1
        candidates.sort()  # indexes differ: labels are never compared
        for start, negative_end, index, label in candidates:
            end = -negative_end
            if start < last_end:
                dropped, keeper = doc.annotations[index], doc.annotations[last_index]
                self.losses.lose(
                    "overlapping spans",
                    lambda: (
                        f"{ident}: {dropped.label} {_quote(text, dropped)} overlaps {keeper.label} {_quote(text, keeper)}"  # noqa: B023 Losses.lose calls it at once
                    ),
                )
                continue
            kept.append((start, end, label))
            last_end, last_index = end, index
        return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote(text: str, a: AnnotationRecord) -> str:
    covered = text[a.start : a.end] if 0 <= a.start <= a.end <= len(text) else (a.text or "")
    covered = " ".join(covered.split())  # a report line stays one line
    return "'" + (covered if len(covered) <= 40 else covered[:39] + "…") + "'"


def _keeps_layout(text: str, spans: list[Span], lines: str) -> bool:
    """Whether joining each sentence's tokens with a space and the sentences with a line break gives `text` back.

    It does when every whitespace-free run is one token and every gap between tokens a single
    space, or a single line break that ends a sentence (inside a span it would become a space).
    """
    if (
        "\n\n" in text or "  " in text or not _TOKEN_LAYOUT.fullmatch(text)
    ):  # the `in` tests are cheap and usually decide
        return False
    tokens = lines.count("\n") - lines.count("\n\n") - 1  # every line but the -DOCSTART- one and blank ones
    if tokens != text.count(" ") + text.count("\n") + 1:
        return False
    return all(text.find("\n", start, end) < 0 for start, end, _ in spans)


def _token_lines(
    text: str, spans: list[Span], crossing: Crossing, tags: dict[str, tuple[str, str]], run: re.Pattern[str]
) -> str:
    """The document's lines: `token<TAB>tag`, a blank line after each sentence.

    Between span edges one `findall` of `run` cuts the text into runs of tokens (see `run_pattern`):
    Python loops over spans and lines, never over characters or tokens. Outside spans, tokens
    are written with a space after each, which becomes the `O` tag at the end, in one go; spans
    hold no space once tagged. Sentences end at line breaks outside spans; inside a span they
    are skipped, so a span stays one chunk.
    """
    findall, next_break_after = run.findall, _break_finder(text)
    out = [f"{DOCSTART}\tO\n\n"]
    position, next_break = 0, -1
    for start, end, label in [*spans, (len(text), len(text), "")]:
        if next_break < position:
            next_break = next_break_after(position)
        if position < start:
            if crossing or next_break < start:
                _outside(out, text, position, start, crossing, run)
            else:
                runs = findall(text, position, start)
                if runs:
                    out += (" ".join(runs), " ")
        if start < end:
            runs = _inside(text, start, end, crossing, run) if crossing else findall(text, start, end)
            begin, inside = tags.get(label) or tags.setdefault(label, (f"\tB-{label}\n", f"\tI-{label}\n"))
            out.append((" ".join(runs) + " ").replace(" ", begin, 1).replace(" ", inside))
        position = end
    _end_sentence(out)
    return "".join(out).replace(" ", "\tO\n")


def _break_finder(text: str) -> Callable[[int], int]:
    """A function giving the position of the first line break at or after a position (len(text) if none)."""
    if any(map(text.__contains__, _OTHER_BREAKS)):
        return lambda position: found.start() if (found := _BREAK.search(text, position)) else len(text)
    # as usual, "\n" only: str.find is several times faster than a search for a set of characters
    return lambda position: len(text) if (found := text.find("\n", position)) < 0 else found


def _end_sentence(out: list[str]) -> None:
    """A blank line, unless no sentence is open: none was yet, or the last one has ended (no other piece is "\n")."""
    if len(out) > 1 and out[-1] != "\n":
        out.append("\n")


def _outside(out: list[str], text: str, start: int, end: int, crossing: Crossing, run: re.Pattern[str]) -> None:
    """Add the tokens of [start, end), outside spans, each with a space after it, ending the sentence at each line break."""
    head, start, end, tail = _cut(text, start, end, crossing) if crossing else ([], start, end, [])
    lines = [run.findall(line) for line in _BREAK.split(text[start:end])]
    if head:  # a cut token's pieces stay on their line
        lines[0] = head + lines[0]
    if tail:
        lines[-1] += tail
    for number, runs in enumerate(lines):
        if number:
            _end_sentence(out)
        if runs:
            out += (" ".join(runs), " ")


def _inside(text: str, start: int, end: int, crossing: Crossing, run: re.Pattern[str]) -> list[str]:
    """The runs of tokens of a span."""
    head, start, end, tail = _cut(text, start, end, crossing)
    return head + run.findall(text, start, end) + tail


def _cut(text: str, start: int, end: int, crossing: Crossing) -> tuple[list[str], int, int, list[str]]:
    """[start, end) as ([the piece of a token cut at `start`], what is left to cut into tokens, [the piece of one cut at `end`]).

    Cutting [start, end) on its own would differ at such edges: `don't` cut before its `'` ends
    in the piece `'t`, not in `'` and `t`.
    """
    head: list[str] = []
    tail: list[str] = []
    token = crossing.get(start)
    if token is not None:
        cut = min(token[1], end)
        head, start = [text[start:cut]], cut
    token = crossing.get(end)
    if token is not None and token[0] >= start:
        tail, end = [text[token[0] : end]], token[0]
    return head, start, end, tail


class _Runs:
    """Characters and tokens around given positions, found in the whitespace-free run around each.

    Clusters and tokens never cross whitespace, so a run can be cut on its own; only the rare
    span edges between two non-space characters need it.
    """

    def __init__(self, text: str, token: re.Pattern[str]):
        self.text = text
        self._token = token  # what one token is: a word or mark, or a stored whitespace-free run
        self._reversed: str | None = None  # to find where a run starts with a forward match
        self.rough = False  # some span edge lies between two non-space characters
        # pattern -> run start -> (starts of its matches, their spans); looked up by the pattern's id:
        # a pattern hashes its whole source, thousands of characters
        self._cuts: dict[int, dict[int, tuple[list[int], list[tuple[int, int]]]]] = {}
        self._last_run = (0, 0)  # edges come in order: most fall in the run found last

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """`start` and `end` (edges of non-space characters) moved out to the edges of the characters they cut."""
        self.rough = True
        if self._one_character(start):
            start = min(start, self._piece(cluster_pattern(), start)[0])
        if end < len(self.text) and self._one_character(end):
            end = max(end, self._piece(cluster_pattern(), end - 1)[1])
        return start, end

    def crossing(self, spans: list[Span]) -> Crossing:
        """Span edges inside a token, each with that token: the token is cut there."""
        found: Crossing = {}
        for start, end, _ in spans if self.rough else ():
            for edge in (start, end):
                if edge < len(self.text) and self._joined(edge):
                    token = self._piece(self._token, edge)
                    if token[0] < edge:
                        found[edge] = token
        return found

    def _joined(self, at: int) -> bool:
        """Whether text[at - 1] and text[at] might belong to one token: neither is whitespace."""
        return at > 0 and not self.text[at - 1].isspace() and not self.text[at].isspace()

    def _one_character(self, at: int) -> bool:
        """Whether text[at - 1] and text[at] might belong to one character: two ASCII ones never do."""
        return self._joined(at) and not (self.text[at - 1] < "\x80" and self.text[at] < "\x80")

    def _piece(self, pattern: re.Pattern[str], at: int) -> tuple[int, int]:
        """The match of `pattern` (a cluster or a token) that holds text[at], a non-space character."""
        start, end = self._run(at)
        runs = self._cuts.setdefault(id(pattern), {})
        cuts = runs.get(start)
        if cuts is None:
            pieces = [match.span() for match in pattern.finditer(self.text, start, end)]
            cuts = runs[start] = ([s for s, _ in pieces], pieces)
        starts, pieces = cuts
        return pieces[bisect_right(starts, at) - 1]

    def _run(self, at: int) -> tuple[int, int]:
        """The whitespace-free run holding text[at] (a long one is measured once, not for each of its edges)."""
        start, end = self._last_run
        if not start <= at < end:
            if self._reversed is None:
                self._reversed = self.text[::-1]
            size = len(self.text)
            start = at - (_run_end(self._reversed, size - at) - (size - at))
            end = _run_end(self.text, at)
            self._last_run = (start, end)
        return start, end


def _run_end(text: str, at: int) -> int:
    """Where the run of non-whitespace starting at text[at] ends (`at` itself when text[at] is whitespace)."""
    match = _NOT_SPACE.match(text, at)  # `\S*` matches everywhere, if only the empty string
    return at if match is None else match.end()
