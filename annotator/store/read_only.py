"""Projects this process cannot write (read-only media, no permission): why, and how SQLite reads them in place.

A project in WAL mode needs its `-shm` (and `-wal`) beside it even to be read; where they cannot be
created, SQLite answers "unable to open database file", also with `mode=ro`. Such a file is then
read as immutable, which is safe only when no write-ahead log holds commits the file lacks.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.store.snapshot import read_only_uri

# What SQLite says when it cannot open or write a file it may only read
CANNOT_WRITE = ("unable to open database file", "attempt to write a readonly database", "readonly database")


def cannot_write(error: BaseException | None) -> bool:
    """Whether a SQLite error is its way of saying that the file cannot be written here."""
    text = str(error)
    return any(phrase in text for phrase in CANNOT_WRITE)


def why_not_writable(path: str | Path) -> str | None:
    """Why this process cannot change the project file at `path` (or create its logs beside it), else None."""
    path = Path(path)
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on read-only media"
    except OSError:
        return None
    if not os.access(path, os.W_OK):
        return "you may not change the file"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "you may not change its folder"
    return None


def uris(path: str | Path) -> list[str]:
    """SQLite URIs that read `path` without writing, in order of preference.

    `mode=ro` sees a colleague's latest commits and takes the usual read locks; where it cannot
    (no -shm can be made), `immutable=1` reads the file alone, but only when no write-ahead log
    beside it holds commits that reading the file alone would miss.
    """
    base = read_only_uri(Path(path))
    found = [base]
    if not Path(f"{path}-wal").exists():
        found.append(f"{base}&immutable=1")
    return found


def refusal(path: str | Path, reason: str) -> str:
    """The one line an edit of a read-only project is refused with."""
    return f"{path}: the project is read-only ({reason}); nothing was saved"


def reason_of(engine) -> str | None:
    """Why an engine from `engine.open_engine` only reads its project, or None when it may write."""
    return engine.get_execution_options().get("annotator_read_only")
