"""A database driver's error made plain where users meet it, without SQLAlchemy (shared by the engine's users and plain sqlite3)."""

from __future__ import annotations

# how libpq and the server say that a connection is gone (restarted, cut by an administrator, a network that dropped)
LOST_CONNECTION = (
    "terminating connection",
    "server closed the connection",
    "connection failed",
    "could not receive data",
    "could not send data",
    "connection is closed",
    "connection is lost",
    "Connection refused",
    "SSL SYSCALL error",
)


def explain(error: BaseException | None) -> str:
    """The driver's message, made plain where users meet it: a lock that outlasted the wait, a full disk, a lost server."""
    text = str(error)
    if any(sign in text for sign in LOST_CONNECTION):
        first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
        # the edit's transaction went with the connection: it is safe to do again once the server answers
        return f"the connection to the database server was lost ({first.strip()}); nothing was saved, retry once it is back"
    if "locked" in text or "busy" in text or "lock timeout" in text:  # SQLite's busy timeout; PostgreSQL's lock_timeout
        return "the project is busy: another window or an import is writing to it and did not finish in time; nothing was saved, try again"
    if "readonly" in text or "read-only" in text:
        return "the project file is read-only; nothing was saved"
    if "disk is full" in text or "full" in text.lower():
        return "the disk is full; nothing was saved"
    return text
