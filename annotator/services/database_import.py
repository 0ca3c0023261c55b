"""Import another Annotator project file: every analyst's set, merged by document text."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from annotator.core.errors import AnnotatorError, BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.services.exchange import iter_records
from annotator.store import open_store
from annotator.store.snapshot import snapshot


def _copy_of(path: Path, copy: Path) -> None:
    """A private copy of the database at `path`, made without writing anything at or beside it.

    With no -wal or -journal file beside it, the whole database is in the file itself: a plain
    copy reads it and nothing else. (Opening a WAL-mode file with SQLite, even read-only, leaves
    -wal and -shm files in the colleague's folder, and fails where that folder is read-only.)
    A database in use or left by a crash has them, and is copied with SQLite's backup API.
    """
    if not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
        shutil.copyfile(path, copy)
    else:
        snapshot(path, copy)


def records_from_database(path: Path) -> Iterator[DocumentRecord]:
    """Every document of another project with all its analysts' annotations, relations and statuses, streamed.

    Works on a snapshot, so the colleague's file is never modified (not even upgraded); the
    snapshot is deleted once the records have been read (or the reading is given up).
    """
    with tempfile.TemporaryDirectory(prefix="annotator-import-") as folder:
        copy = Path(folder) / "copy.sqlite"
        _copy_of(Path(path), copy)
        try:
            repository = open_store(copy)
        except AnnotatorError as exc:
            raise BadInput(Problem(str(path), None, str(exc).split(": ", 1)[-1])) from exc
        try:
            for record in iter_records(repository, None):
                record.path = str(path)
                yield record
        finally:
            repository.close()
