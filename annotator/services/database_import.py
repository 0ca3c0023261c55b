"""Import another Annotator project file: every analyst's set, merged by document text."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import AnnotatorError, BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.services.records import iter_records
from annotator.store import open_store
from annotator.store.read_only import why_not_writable
from annotator.store.snapshot import snapshot


def _copy_of(path: Path, copy: Path) -> None:
    """A private copy of the database at `path`, made without writing anything at or beside it.

    With no -wal or -journal file beside it, the whole database is in the file itself: a plain
    copy reads it and nothing else. (Opening a WAL-mode file with SQLite, even read-only, leaves
    -wal and -shm files in the colleague's folder, and fails where that folder is read-only.)
    A database in use or left by a crash has them, and is copied with SQLite's backup API; on
    read-only media without the -shm file SQLite needs for that, the file and its logs are copied
    as they are, and SQLite brings their commits into the copy when it opens it.
    """
    logs = [suffix for suffix in ("-wal", "-journal") if Path(f"{path}{suffix}").exists()]
    if not logs:
        shutil.copyfile(path, copy)
        return
    try:
        snapshot(path, copy)
    except AnnotatorError:
        if why_not_writable(path) is None:
            raise
        for suffix in ("", *logs):
            shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")


def records_from_database(path: Path, settings: dict[str, str] | None = None) -> Iterator[DocumentRecord]:
    """Every document of another project with all its analysts' annotations, relations and statuses, streamed.

    Works on a snapshot, so the colleague's file is never modified (not even upgraded); the
    snapshot is deleted once the records have been read (or the reading is given up).
    """
    with tempfile.TemporaryDirectory(prefix="annotator-import-") as folder:
        copy = Path(folder) / "copy.sqlite"
        try:
            _copy_of(Path(path), copy)
            repository = open_store(copy)
        except AnnotatorError as exc:
            # the colleague's file is named once, and the private copy not at all
            message = str(exc).removeprefix(f"{path}: ").removeprefix(f"{copy}: ")
            raise BadInput(Problem(str(path), None, message)) from exc
        try:
            if settings is not None and repository.setting("blind_mode", False):
                # a blind project's analysts must not see each other's work in the project it joins either
                settings["blind_mode"] = str(path)
            for record in iter_records(repository, None):
                record.path = str(path)
                yield record
        finally:
            repository.close()
