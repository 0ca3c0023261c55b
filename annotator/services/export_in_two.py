"""A large export to a one-file format whose documents follow one another, written by two processes side by side."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from annotator.formats import ExportReport
from annotator.formats.output import atomic_output
from annotator.services.in_two import can_fork, write_in_two
from annotator.services.records import iter_records

PARALLEL_FROM = 2_000  # documents: below this a second process costs more than it saves


def export_in_two(repository, fmt, out: Path, analysts: Sequence[str] | None) -> ExportReport | None:
    """Export the first half of a project file's text here and the second half in a forked process, joined into
    `out`: the same file and report as one process writes. None (nothing written) where the export is not
    split: a format that cannot be written in parts (no `write_to`), a small project, a server, no fork."""
    write_to = getattr(fmt, "write_to", None)
    if write_to is None or not can_fork() or not _local_file(repository):
        return None
    if repository.document_count() < PARALLEL_FROM:
        return None
    halves = repository.document_halves()
    if halves is None:
        return None
    first, middle, last = halves

    def part(id_range: tuple[int, int]):
        def write(handle: IO[str]) -> ExportReport:
            report = ExportReport()
            write_to(iter_records(repository, analysts, None, id_range), handle, report)
            return report

        return write

    def second(handle: IO[str]) -> ExportReport:
        repository.after_fork()  # its own connection to the file
        return part((middle + 1, last))(handle)

    with atomic_output(Path(out)) as handle:
        report, later = write_in_two(part((first, middle)), second, handle)
    report.merge(later)
    report.files.append(Path(out))
    return report


def _local_file(repository) -> bool:
    """Whether the project is a SQLite file (a server's connections are left alone)."""
    url = repository.engine.url
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
