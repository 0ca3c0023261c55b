"""Consistent copies of a SQLite project file through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from annotator.core.errors import StoreError
from annotator.store import live_files

SQLITE_MAGIC = b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    """A SQLite URI opening `path` read-only (characters such as `?` and `#` in the path escaped)."""
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def is_sqlite_file(path: Path) -> bool:
    """Whether a file starts with SQLite's header (whatever its extension).

    A file this process has open through SQLite is asked through SQLite: a plain open() and
    close() of it would drop the process's locks on it (see live_files).
    """
    if live_files.is_live(path):
        try:
            with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
                conn.execute("PRAGMA schema_version").fetchone()
            return True
        except sqlite3.Error:
            return False
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
        with closing(sqlite3.connect(read_only_uri(source), uri=True)) as src:
            with closing(sqlite3.connect(target, timeout=10)) as dst:
                src.backup(dst)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot read the database: {exc}") from exc
