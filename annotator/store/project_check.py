"""Whether a SQLite file holds an Annotator project this version can open: read-only, or on a private copy."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from annotator.core.errors import StoreError
from annotator.store.engine import foreign_schema, open_engine
from annotator.store.snapshot import read_only_uri


def project_problem(path: Path) -> str | None:
    """Why `path` is not an Annotator project this version can open, or None.

    Read through SQLite, read-only: the file may be open in this process (a plain open() and
    close() would drop this process's locks on it), and it is never changed.
    """
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
    except sqlite3.Error as exc:
        return f"not an Annotator project (not SQLite, or damaged): {exc}"
    if not tables:
        return "an empty database, not an Annotator project"
    return foreign_schema(row[0] if row else None, True)


def check_copy(copy: Path, name: Path) -> None:
    """Check a private copy of the project file `name` as opening it would, upgrading the copy to this version.

    Raises `StoreError` naming `name`: an empty, foreign, damaged or newer database.
    """
    problem = project_problem(copy)
    if problem is not None:
        raise StoreError(f"{name}: {problem}")
    try:
        open_engine(copy).dispose()  # the checks of opening a project; an older schema is upgraded, in the copy only
    except StoreError as exc:
        raise StoreError(f"{name}: {str(exc).split(': ', 1)[-1]}") from exc
