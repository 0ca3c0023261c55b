"""The database files this process has open through SQLite, and whether each is still the file it opened.

POSIX record locks belong to a process and a file, not to a descriptor: closing *any* descriptor
of a file drops every lock the process holds on it, SQLite's included. Another process that then
closes its last connection believes it is alone, checkpoints and deletes the write-ahead log,
and this process goes on committing into a deleted file. So a file with a connection counted here is never
opened with plain `open()` by this process (`is_live` tells), and `FileWatch` notices when the
file or its log has been replaced or removed under a live connection, so nobody is told that
an edit was saved when it was not.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_live: dict[tuple[int, int], int] = {}  # file identity -> SQLite connections this process has open on it
_lock = threading.Lock()


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def opened(path: str | Path) -> tuple[int, int] | None:
    """Note a SQLite connection to `path` just opened; returns what to pass to `closed` when it closes."""
    identity = _identity(path)
    if identity is not None:
        with _lock:
            _live[identity] = _live.get(identity, 0) + 1
    return identity


def closed(identity: tuple[int, int] | None) -> None:
    """Note that a connection counted by `opened` has closed (once none is left, SQLite holds no lock on the file)."""
    if identity is None:
        return
    with _lock:
        left = _live.get(identity, 0) - 1
        if left > 0:
            _live[identity] = left
        else:
            _live.pop(identity, None)


def is_live(path: str | Path) -> bool:
    """Whether this process has a SQLite connection open on `path` (then only SQLite may open it)."""
    identity = _identity(path)
    with _lock:
        return identity is not None and identity in _live


class FileWatch:
    """Remembers which file (and write-ahead log) a project was opened on, to tell when either was swapped or deleted."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.wal = Path(f"{path}-wal")
        self.file_identity = _identity(self.path)
        self.wal_identity: tuple[int, int] | None = None

    def remember_wal(self) -> None:
        """Call while a connection is open: from then on the log must stay the same file until we close."""
        if self.wal_identity is None:
            self.wal_identity = _identity(self.wal)

    def problem(self) -> str | None:
        """Why what this process writes may no longer reach the project file, or None while all is well."""
        if self.file_identity is None:
            return None
        now = _identity(self.path)
        if now is None:
            return f"{self.path}: the project file was removed or renamed while it was open; edits can no longer be saved — reopen it"
        if now != self.file_identity:
            return f"{self.path}: the project file was replaced by another program while it was open; edits can no longer be saved — reopen it"
        if self.wal_identity is not None and _identity(self.wal) != self.wal_identity:
            return (
                f"{self.path}: its write-ahead log ({self.wal.name}) was deleted or replaced by another program while the "
                "project was open; the latest edits may not be saved — reopen the project"
            )
        return None
