"""Import another Annotator project file: every analyst's set, merged by document text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from annotator.core.errors import AnnotatorError, BadInput, Problem
from annotator.core.model import DocumentRecord
from annotator.services.exchange import iter_records
from annotator.store import open_store
from annotator.store.snapshot import snapshot


def records_from_database(path: Path) -> list[DocumentRecord]:
    """Every document of another project with all its analysts' annotations, relations and statuses.

    Works on a snapshot, so the colleague's file is never modified (not even upgraded).
    """
    with tempfile.TemporaryDirectory(prefix="annotator-import-") as folder:
        copy = Path(folder) / "copy.sqlite"
        snapshot(path, copy)
        try:
            repository = open_store(copy)
        except AnnotatorError as exc:
            raise BadInput(Problem(str(path), None, str(exc).split(": ", 1)[-1])) from exc
        try:
            records = list(iter_records(repository, None))
            for record in records:
                record.path = str(path)
            return records
        finally:
            repository.close()
