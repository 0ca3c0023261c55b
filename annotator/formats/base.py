"""What every format module provides: a reader of files into records and a writer of records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from annotator.core.model import DocumentRecord


@dataclass(slots=True)
class ExportReport:
    """What an export wrote, and what its format could not hold (never dropped silently)."""

    documents: int = 0
    annotations: int = 0
    files: list[Path] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)  # what was lost -> how many
    examples: dict[str, list[str]] = field(default_factory=dict)  # what was lost -> first examples
    notices: list[str] = field(default_factory=list)  # what else the user should know (blind mode held sets back)

    def lose(self, what: str, example: str) -> None:
        self.lost[what] = self.lost.get(what, 0) + 1
        shown = self.examples.setdefault(what, [])
        if len(shown) < 3:
            shown.append(example)

    def merge(self, later: ExportReport) -> None:
        """Add what `later` wrote and lost (the export of the documents after these) to this report."""
        self.documents += later.documents
        self.annotations += later.annotations
        for what, count in later.lost.items():
            self.lost[what] = self.lost.get(what, 0) + count
            shown = self.examples.setdefault(what, [])
            shown.extend(later.examples.get(what, [])[: 3 - len(shown)])
        self.notices.extend(later.notices)

    def summary(self) -> list[str]:
        return [
            f"{count} {what} not exported (e.g. {'; '.join(self.examples.get(what, []))})"
            for what, count in self.lost.items()
        ]


class Format(Protocol):
    """A file format. Readers raise `BadInput` listing every problem in a file they refuse.

    A reader may stream: hand out the records of a large file as it reads them (JSON Lines
    does), and raise `BadInput` with all the file's problems once it has read the whole file.
    Records received from a file that then raises are to be dropped (the services import in
    one transaction and roll it back). A streaming reader may have a `position` attribute:
    characters read so far, for progress.

    Readers yield records whose offsets are code points of the record's own text (a format
    that counts UTF-16 units converts with `core.offsets.Utf16Map`); the services normalise
    newlines, check every span against the text and resolve labels, so readers only parse.
    Non-fatal losses on import go into `DocumentRecord.warnings` as "FILE:LINE: message".
    Writers stream: they iterate the documents once and never hold the whole export.
    """

    name: str
    description: str
    extensions: tuple[str, ...]  # lower case, with dot: (".jsonl",)
    writes_folder: bool  # export target is a folder (one file per document) rather than one file
    one_set: bool  # holds one annotation set: export needs --analyst or --gold when a project has several

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]: ...

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport: ...


# Optional members a format may define (looked up with getattr by the registry):
#   sniff(path) -> bool           for formats sharing an extension: does this file's content look like mine?
#   accepts(path) -> bool         inside a walked folder, is this one of my input files? (default: by extension)
#   companions(path) -> list[Path]  files read together with `path`, so never imported on their own
#                                 (brat's .txt beside an .ann, an XMI's TypeSystem.xml)
