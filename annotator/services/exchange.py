"""Import and export through the format registry: files streamed into one transaction, and the project streamed out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from annotator import formats
from annotator.core.errors import AnnotatorError, BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.formats import NOT_REGULAR
from annotator.store.bulk import Progress
from annotator.store.snapshot import is_sqlite_file

__all__ = ["FormatInfo", "ImportReport", "Progress", "RecordStream", "available_formats", "read_all"]


@dataclass(slots=True)
class ImportReport:
    files: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    annotations_added: int = 0
    annotations_skipped: int = 0
    relations_added: int = 0
    added_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} new document{'s' if self.documents_added != 1 else ''}",
            f"{self.documents_matched} already present",
            f"{self.annotations_added} annotation{'s' if self.annotations_added != 1 else ''} added",
        ]
        if self.annotations_skipped:
            parts.append(f"{self.annotations_skipped} already present")
        if self.relations_added:
            parts.append(f"{self.relations_added} relations added")
        return ", ".join(parts)


class RecordStream:
    """The records of every file of an import, read one file after another as they are asked for.

    A file's problems are collected in `problems` rather than raised, so that every file is
    read and all problems are reported together. A streamed reader raises only once it has read
    its whole file, so records of a file that turns out bad may have been handed out already:
    whoever consumes the stream must then drop what it did with them (the import rolls back).
    `done` and `total` measure the reading in KiB, for progress.
    """

    def __init__(self, sources: list[tuple[Path, Callable[[], Iterable[DocumentRecord]]]]):
        self.problems: list[Problem] = []
        self.paths: set[str] = set()  # the files that gave records
        self.settings: dict[str, str] = {}  # project settings an imported project brings: "blind_mode" -> its file
        self._sources = [(path, _size(path), read) for path, read in sources]
        self._bytes = sum(size for _, size, _ in self._sources)
        self.total = -(-self._bytes // 1024)  # KiB, rounded up: a Qt progress bar holds an int, whatever the size
        self._before = 0  # bytes of the files read completely
        self._size = 0  # of the file being read
        self._reader: object = None
        self._started = False

    @property
    def done(self) -> int:
        # a reader that streams says how far it is (`position`, in characters: an estimate of bytes)
        position = getattr(self._reader, "position", 0)
        read = self._before + min(position, self._size)
        return self.total if read >= self._bytes else read // 1024

    def __iter__(self) -> Iterator[DocumentRecord]:
        if self._started:
            raise RuntimeError("an import's records are read once, as they stream")
        self._started = True
        return self._records()

    def _records(self) -> Iterator[DocumentRecord]:
        for path, size, read in self._sources:
            self._size = size
            try:
                self._reader = read()
                for record in self._reader:
                    self.paths.add(record.path)
                    yield record
            except BadInput as exc:
                self.problems.extend(exc.problems)
            except OSError as exc:
                self.problems.append(Problem(str(path), None, f"cannot read: {exc.strerror or exc}"))
            except AnnotatorError as exc:
                self.problems.append(Problem(str(path), None, str(exc)))
            finally:
                close = getattr(self._reader, "close", None)
                if close is not None:  # a reader left early (the import failed) lets go of its file now
                    close()
                self._reader = None
            self._before += size


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_all(
    paths: Sequence[Path], format_name: str | None, encoding: str | None, progress: Progress | None = None
) -> RecordStream:
    """The records of every file to import, streamed (see `RecordStream`).

    What can be known without reading (missing files, pipes, files of no known format) is
    refused here, before the import starts; the importer reports progress and honours cancel.
    """
    paths = [Path(p) for p in paths]
    missing = [Problem(str(p), None, "no such file or folder") for p in paths if not p.exists()]
    # a pipe or device named as a file: opening it to detect its format would wait, or read, forever
    missing += [Problem(str(p), None, NOT_REGULAR) for p in paths if p.exists() and not p.is_dir() and not p.is_file()]
    if missing:
        raise BadInput(missing)
    databases = [p for p in paths if p.is_file() and format_name is None and is_sqlite_file(p)]
    sources: list[tuple[Path, Callable[[], Iterable[DocumentRecord]]]] = []
    settings: dict[str, str] = {}
    for database in databases:
        from annotator.services.database_import import records_from_database

        sources.append((database, partial(records_from_database, database, settings)))
    paths = [p for p in paths if p not in databases]
    if paths:
        planned = formats.plan(paths, format_name)
        if not planned:
            raise BadInput([Problem(str(p), None, "no file here that Annotator can import") for p in paths])
        sources += [(path, partial(fmt.read, path, encoding=encoding)) for path, fmt in planned]
    stream = RecordStream(sources)
    stream.settings = settings  # filled as the projects are read
    return stream


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What a user interface needs to offer a format."""

    name: str
    description: str
    extensions: tuple[str, ...]
    writes_folder: bool
    one_set: bool


def available_formats() -> list[FormatInfo]:
    """Every registered format, in registry order."""
    found = []
    for name in formats.names():
        fmt = formats.get(name)
        found.append(FormatInfo(fmt.name, fmt.description, tuple(fmt.extensions), fmt.writes_folder, fmt.one_set))
    return found
