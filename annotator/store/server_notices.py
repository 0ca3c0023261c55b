"""Change notices on a PostgreSQL project: each write transaction sends NOTIFY, and a window LISTENs on a connection of its own.

This is the server's counterpart of SQLite's `data_version`: a commit anywhere reaches every listening window at
once, without polling the database. The notice rides in the writing transaction, so it is delivered only if the
write is committed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.engine import URL, Connection

if TYPE_CHECKING:  # psycopg comes with the server extra: imported only when a listener starts
    import psycopg

# one channel per project: NOTIFY is delivered only within the database it was sent in
CHANNEL = "annotator_changes"
# a lost listener is reconnected at most this often: a server that is down must not freeze the window at each look
RECONNECT_EVERY_S = 3.0
LISTEN_CONNECT_TIMEOUT_S = 3


@dataclass(frozen=True, slots=True)
class Notice:
    """What one committed write changed (`kind`, its document if it has one), and the server process that wrote it."""

    kind: str
    document_id: int | None
    sender: int


def send(conn: Connection, kind: str, document_id: int | None) -> int:
    """Queue the notice of this transaction's write (delivered when it commits); returns the backend's process id."""
    payload = json.dumps({"kind": kind, "document": document_id})
    # one round trip: the notice, and who sends it (so the sender's own window knows the change is its own)
    row = conn.execute(select(func.pg_notify(CHANNEL, payload), func.pg_backend_pid())).one()
    return int(row[1])


def parse(payload: str, sender: int) -> Notice:
    """A notice from its payload; one sent by something else on the channel counts as a change of unknown kind."""
    try:
        data = json.loads(payload)
        kind, document = str(data["kind"]), data.get("document")
        return Notice(kind, document if isinstance(document, int) else None, sender)
    except (ValueError, KeyError, TypeError):
        return Notice("project", None, sender)


class Listener:
    """A connection of its own, in autocommit, that LISTENs on the project's channel; read without ever blocking."""

    def __init__(self, url: URL):
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: psycopg.Connection | None = None
        self._next_try = 0.0
        self.reconnected = False  # set when a lost connection came back: notices may have been missed meanwhile

    def start(self) -> bool:
        """Connect and LISTEN (at most every RECONNECT_EVERY_S after a failure); whether it is listening."""
        if self._conn is not None:
            return True
        if time.monotonic() < self._next_try:
            return False
        import psycopg

        try:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=LISTEN_CONNECT_TIMEOUT_S)
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            self._next_try = time.monotonic() + RECONNECT_EVERY_S
            return False
        self._conn = conn
        return True

    def fileno(self) -> int | None:
        """The socket notices arrive on (to wait on it in an event loop), or None while not connected."""
        return None if self._conn is None else self._conn.pgconn.socket

    def drain(self) -> list[Notice]:
        """The notices that arrived since the last call; never waits. A lost connection is dropped (and retried later)."""
        if self._conn is None:
            was_lost = self._next_try > 0
            if not self.start():
                return []
            self.reconnected = was_lost
        import psycopg

        assert self._conn is not None  # start() connected it
        pgconn = self._conn.pgconn
        notices = []
        try:
            pgconn.consume_input()
            # a server that ends the connection sends its last words first: the end shows only on the next read
            pgconn.consume_input()
            while (raw := pgconn.notifies()) is not None:
                notices.append(parse(raw.extra.decode("utf-8", "replace"), raw.be_pid))
        except psycopg.Error:
            self._lost()
        return notices

    def _lost(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._next_try = time.monotonic() + RECONNECT_EVERY_S

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
