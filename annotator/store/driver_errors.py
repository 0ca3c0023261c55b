"""A database driver's error made plain where users meet it, without SQLAlchemy (shared by the engine's users and plain sqlite3)."""

from __future__ import annotations


def explain(error: BaseException | None) -> str:
    """The driver's message, made plain where users meet it: a lock that outlasted the wait, a full disk."""
    text = str(error)
    if "locked" in text or "busy" in text or "lock timeout" in text:  # SQLite's busy timeout; PostgreSQL's lock_timeout
        return "the project is busy: another window or an import is writing to it and did not finish in time; nothing was saved, try again"
    if "readonly" in text or "read-only" in text:
        return "the project file is read-only; nothing was saved"
    if "disk is full" in text or "full" in text.lower():
        return "the disk is full; nothing was saved"
    return text
