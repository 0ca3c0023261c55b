"""Writing brat standoff: a .txt and an .ann file for each document, and the annotation.conf of the types used."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.formats._losses import Losses
from annotator.formats._text import safe_filename, title_from
from annotator.formats.base import ExportReport
from annotator.formats.output import atomic_output, output_folder

# Every character str.splitlines() breaks at: brat reads .ann files line by line (Python 2's
# codecs reader splits at all of them), so a covered text can hold none of them.
BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_BREAKS = BREAK_CHARS[1:]  # all but "\n", the only one most texts hold
_BREAK = re.compile("[" + BREAK_CHARS + "]")
_BREAKS = re.compile(r"\r\n|[" + BREAK_CHARS + "]")
_NOT_BREAKS = re.compile("[^" + BREAK_CHARS + "]+")
# Characters a brat type, attribute name or value cannot hold: whitespace separates the
# fields of a line, and "|" and "," separate alternatives and arguments in annotation.conf.
_UNSAFE = re.compile(r"[\s|,]")
_LINE_END = re.compile(r"\r\n|\r|\n")  # where title_from ends lines
_NOT_SPACE = re.compile(r"\S")
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_ATTRIBUTE_SETS = 4096  # free-text values would otherwise grow the memo with every span
PLAIN_NOTES = "AnnotatorNotes"  # the note type brat's editor writes: an annotation's note
NOTE_PREFIX = "#"  # an attribute "#Lemma" holds the text of the span's notes of type Lemma, one per line


def write_folder(documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
    """Write the documents into the folder `out`, and the annotation.conf of what they use."""
    report = ExportReport()
    with _Folder(out) as folder:
        writer = _Writer(folder, report)
        for doc in documents:
            writer.write(doc)
        report.files.append(folder.write("annotation.conf", writer.conf.render()))
    return report


def shorten(text: str, limit: int = 40) -> str:
    """`text`, cut to `limit` characters with "…" if longer (for messages)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Writer:
    """Writes documents one after another into a folder, collecting the types they use."""

    def __init__(self, folder: _Folder, report: ExportReport):
        self.folder = folder
        self.report = report
        self.losses = Losses(report)
        self.conf = _Conf()
        self.taken: set[str] = set()  # file names given so far
        # (label, *attribute items) -> the A lines' text around their numbers and T ids; names and
        # values are made safe, and their types added to annotation.conf, when first seen
        self._attribute_lines: dict[tuple[object, ...], list[tuple[str, str]]] = {}

    def write(self, doc: DocumentRecord) -> None:
        ident = doc.external_id or doc.title or "document"
        if doc.text is None:
            self.losses.lose("documents without text", lambda: ident)
            return
        if "\x00" in doc.text:  # the reader (like every text reader here) refuses such a file as binary
            self.losses.lose("documents holding NUL characters", lambda: ident)
            return
        self._report_document_losses(doc, ident)
        stem = safe_filename(ident, self.taken)
        lines = self._ann_lines(doc, ident)
        for suffix, content in ((".txt", doc.text), (".ann", "".join(lines))):
            self.report.files.append(self.folder.write(f"{stem}{suffix}", content))
        self.report.documents += 1

    def _report_document_losses(self, doc: DocumentRecord, ident: str) -> None:
        """What a .txt beside an .ann cannot hold: metadata, a leading byte order mark, a title of its own."""
        losses, text = self.losses, doc.text or ""
        if losses.full("metadata fields"):
            losses.add("metadata fields", len(doc.meta))
        else:
            for key in doc.meta:
                losses.lose("metadata fields", lambda: f"{ident}: {key}")  # noqa: B023 Losses.lose calls it at once
        if text.startswith("\ufeff"):  # read back as a byte order mark, not as text
            losses.lose("byte order marks at the start of a text", lambda: ident)
        if doc.title and not _titled(text, doc.title):
            losses.lose("titles (brat takes the first line)", lambda: f"{ident}: {shorten(doc.title or '')!r}")

    def _ann_lines(self, doc: DocumentRecord, ident: str) -> list[str]:
        """The T lines of the spans, then A (attributes), R (relations) and # (notes) lines."""
        text, losses, conf = doc.text or "", self.losses, self.conf
        size, exotic = len(text), any(map(text.__contains__, _OTHER_BREAKS))
        label_names = conf.names.setdefault("labels", {})
        attribute_lines = self._attribute_lines
        annotations = doc.annotations
        spans: list[str] = []
        attributes: list[str] = []
        notes: list[str] = []
        dropped: set[int] = set()  # numbers of the spans not written
        for number, ann in enumerate(annotations, start=1):
            start, end = ann.start, ann.end
            if not 0 <= start <= end <= size:
                losses.lose("spans outside the text", lambda: f"{ident}: {ann.label} {ann.start}-{ann.end}")  # noqa: B023 Losses.lose calls it at once
                dropped.add(number)
                continue
            label = label_names.get(ann.label)
            if label is None:
                label = conf.name(ann.label, "labels", losses)
                conf.entities.setdefault(label)
            covered = text[start:end]
            if "\n" in covered or (exotic and _BREAK.search(covered)):
                spans.append(_span_line(text, f"T{number}", label, start, end))
            else:  # most spans: one fragment, written without cutting the text into fragments first
                spans.append(f"T{number}\t{label} {start} {end}\t{covered}\n")
            values = ann.attributes
            if values:
                # the A lines of a label and set of attributes seen before: pieces around the numbers and T id
                pieces = attribute_lines.get((ann.label, *values.items()))
                if pieces is None:
                    self._attributes(values, ann.label, ident, f"T{number}", label, attributes, notes)
                else:
                    for head, tail in pieces:
                        attributes.append(f"A{len(attributes) + 1}{head}T{number}{tail}")
            if ann.note:
                note = _BREAKS.sub(" ", ann.note)
                if note != ann.note:
                    losses.lose("note line breaks", lambda: f"{ident}: {ann.label} {shorten(ann.note)!r}")  # noqa: B023 Losses.lose calls it at once
                notes.append(f"#{len(notes) + 1}\t{PLAIN_NOTES} T{number}\t{note}\n")
        relations = self._relations(doc, ident, dropped) if doc.relations else []
        self.report.annotations += len(spans)
        return spans + attributes + relations + notes

    def _attributes(
        self,
        values: dict[str, str],
        raw_label: str,
        ident: str,
        tid: str,
        label: str,
        lines: list[str],
        notes: list[str],
    ) -> None:
        """Append the A lines of one span's attributes to `lines`, and its typed notes to `notes` (those of its document)."""
        conf, losses = self.conf, self.losses
        names, safe_values = conf.names.setdefault("attribute names", {}), conf.names.setdefault("attribute values", {})
        pieces: list[tuple[str, str]] | None = []  # None once a value is reported or makes notes: those repeat per span
        for name, value in values.items():
            if value == "":
                losses.lose("empty attribute values", lambda: f"{ident}: {raw_label} {name}")  # noqa: B023 Losses.lose calls it at once
                pieces = None
                continue
            if name.startswith(NOTE_PREFIX) and len(name) > len(NOTE_PREFIX):
                self._typed_notes(name[len(NOTE_PREFIX) :], value, ident, raw_label, tid, notes)
                pieces = None
                continue
            name = names.get(name) or conf.name(name, "attribute names", losses)
            value = safe_values.get(value) or conf.name(value, "attribute values", losses)
            conf.attribute(name, label, value)
            lines.append(f"A{len(lines) + 1}\t{name} {tid} {value}\n")
            if pieces is not None:
                pieces.append((f"\t{name} ", f" {value}\n"))
        if pieces is not None and len(self._attribute_lines) < _ATTRIBUTE_SETS:
            key: tuple[object, ...] = (raw_label, *values.items())
            self._attribute_lines[key] = pieces

    def _typed_notes(self, note_type: str, value: str, ident: str, raw_label: str, tid: str, notes: list[str]) -> None:
        """The # lines of a `#Type` attribute: one note of that type per line of its value, as the reader joins them."""
        note_type = self.conf.name(note_type, "note types", self.losses)
        parts = [part for part in _BREAKS.split(value) if part]
        if "\n".join(parts) != value:
            self.losses.lose("note line breaks", lambda: f"{ident}: {raw_label} {shorten(value)!r}")
        for part in parts:
            notes.append(f"#{len(notes) + 1}\t{note_type} {tid}\t{part}\n")

    def _relations(self, doc: DocumentRecord, ident: str, dropped: set[int]) -> list[str]:
        """The R lines; `dropped` holds the numbers of the spans not written (their T ids are not in the file)."""
        # annotation id -> its number, for the ends of relations only (found once here, not for every span)
        ends = {end for rel in doc.relations for end in (rel.source, rel.target)}
        numbers = {
            ann.id: number
            for number, ann in enumerate(doc.annotations, start=1)
            if ann.id in ends and number not in dropped
        }
        label_names = self.conf.names["labels"]
        lines: list[str] = []
        for rel in doc.relations:
            source_number, target_number = numbers.get(rel.source), numbers.get(rel.target)
            if source_number is None or target_number is None:
                self.losses.lose(
                    "relations whose annotations are missing",
                    lambda: f"{ident}: {rel.type} {rel.source} -> {rel.target}",  # noqa: B023 Losses.lose calls it at once
                )
                continue
            source, target = f"T{source_number}", f"T{target_number}"
            source_label = label_names[doc.annotations[source_number - 1].label]
            target_label = label_names[doc.annotations[target_number - 1].label]
            rel_type = self.conf.name(rel.type, "relation types", self.losses)
            self.conf.relation(rel_type, source_label, target_label)
            lines.append(f"R{len(lines) + 1}\t{rel_type} Arg1:{source} Arg2:{target}\n")
        return lines


def _span_line(text: str, tid: str, label: str, start: int, end: int) -> str:
    """The T line of a span that holds line breaks: cut into fragments at them."""
    fragments = _fragments_of(text, start, end)
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in fragments)}\n"


def _fragments_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks, which no .ann line can hold; the reader joins them back exactly.

    A span that starts or ends with a line break gets an empty fragment at that edge, so
    the joined span keeps the break.
    """
    runs = [match.span() for match in _NOT_BREAKS.finditer(text, start, end)]
    if not runs:
        return [(start, end)] if start == end else [(start, start), (end, end)]
    if runs[0][0] > start:
        runs.insert(0, (start, start))
    if runs[-1][1] < end:
        runs.append((end, end))
    return runs


def _titled(text: str, title: str) -> bool:
    """Whether `title` is the one a reader takes from `text` (its first line, cut by title_from)."""
    first = _NOT_SPACE.search(text)
    # title_from's line, stripped, starts at the first non-space character, and a title it makes, less its
    # last character ("…" if cut), starts that line: most other titles are told apart here, without title_from
    if first is None or not text.startswith(title[:-1][:40], first.start()):
        return False
    return title == title_from(_through_first_line(text))


def _through_first_line(text: str) -> str:
    """`text` up to the end of its first non-blank line: all title_from looks at, without splitting a long text."""
    position = 0
    while True:
        found = _LINE_END.search(text, position)
        end = found.start() if found else len(text)
        if found is None or text[position:end].strip():
            return text[:end]
        position = found.end()


@dataclass
class _Conf:
    """The types an export used, for its annotation.conf (dicts keep first-seen order)."""

    entities: dict[str, None] = field(default_factory=dict)
    relations: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)
    attributes: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # what -> value -> brat name
    seen: set[tuple[str, str, str]] = field(default_factory=set)  # attribute, label, value

    def name(self, value: str, what: str, losses: Losses) -> str:
        """`value` as a brat name; each changed name is reported once."""
        names = self.names.setdefault(what, {})
        safe = names.get(value)
        if safe is None:
            safe = names[value] = _UNSAFE.sub("_", value) or "_"
            if safe != value:
                losses.lose(f"{what} with whitespace, '|' or ',' (changed to '_')", lambda: f"{value!r} as {safe!r}")
        return safe

    def relation(self, rel_type: str, source: str, target: str) -> None:
        args = self.relations.get(rel_type) or self.relations.setdefault(rel_type, ({}, {}))
        args[0].setdefault(source)
        args[1].setdefault(target)

    def attribute(self, name: str, label: str, value: str) -> None:
        if (name, label, value) not in self.seen:  # most spans repeat a combination: two lookups less
            self.seen.add((name, label, value))
            labels, values = self.attributes.get(name) or self.attributes.setdefault(name, ({}, {}))
            labels.setdefault(label)
            values.setdefault(value)

    def render(self) -> str:
        lines = [
            "# brat configuration written by Annotator: the types this export uses",
            "[entities]",
            *self.entities,
            "",
        ]
        lines += [
            "[relations]",
            "# any span may overlap any other",
            "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        ]
        lines += [f"{t}\tArg1:{'|'.join(a)}, Arg2:{'|'.join(b)}" for t, (a, b) in self.relations.items()]
        lines += ["", "[events]", "", "[attributes]"]
        lines += [
            f"{n}\tArg:{'|'.join(labels)}, Value:{'|'.join(values)}" for n, (labels, values) in self.attributes.items()
        ]
        return "\n".join(lines) + "\n"


class _Folder:
    """The folder an export writes its files into.

    A folder that does not exist yet is written under a temporary name beside it and renamed
    when complete: it appears whole or not at all, so its files need no atomic replacement of
    their own (a `.part` file and a rename each, which doubled the cost of 20,000 small files).
    An existing folder keeps its other files and gets each of ours atomically (`atomic_output`).
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.staging: str | None = None  # the temporary folder, when `out` is new

    def __enter__(self) -> _Folder:
        if os.path.lexists(self.out):
            output_folder(self.out)  # a link or a file there is refused
        else:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.staging = _new_folder_beside(self.out)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if self.staging is None:
            return
        try:
            if kind is None:
                _publish(self.staging, self.out)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)  # only left after a failure

    def write(self, name: str, content: str) -> Path:
        """Write a file of the export; its final path."""
        path = self.out / name
        if self.staging is None:
            with atomic_output(path) as handle:
                handle.write(content)
            return path
        data = content.encode("utf-8")  # before the file exists: a text that cannot be saved leaves none
        try:
            # os.open as open(..., "xb") would, without a buffered file object for one write (20,000 files)
            fd = os.open(os.path.join(self.staging, name), _NEW_FILE, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        except OSError as exc:
            raise type(exc)(
                exc.errno, exc.strerror, str(path)
            ) from exc  # name the file asked for, not the temporary one
        return path


def _new_folder_beside(out: Path) -> str:
    """A new, empty, hidden folder in the folder of `out` (so renaming it to `out` never copies)."""
    while True:
        path = os.path.join(out.parent, f".{out.name}.part-{os.urandom(4).hex()}")
        try:
            os.mkdir(path)  # mode 0o777 less the umask, as out.mkdir() would give; mkdtemp gives 0o700
            return path
        except FileExistsError:
            continue


def _publish(staging: str, out: Path) -> None:
    """Rename the complete folder to `out`; if `out` was made meanwhile, move the files into it."""
    try:
        os.rename(staging, out)
    except OSError:
        if not out.is_dir():
            raise
        for name in os.listdir(staging):
            os.replace(os.path.join(staging, name), out / name)
