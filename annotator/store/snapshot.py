"""Consistent copies of a SQLite project file through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from annotator.core.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether a file starts with SQLite's header (whatever its extension)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def snapshot(source: Path, target: Path) -> None:
    """Copy a live SQLite database (WAL included) to `target` without writing to the source.

    The source is opened read-only, so a colleague's file is never upgraded or locked for
    writing by an import.
    """
    try:
        with closing(sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)) as src:
            with closing(sqlite3.connect(target, timeout=10)) as dst:
                src.backup(dst)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot read the database: {exc}") from exc
