"""Projects on a PostgreSQL server: connection settings, and one line for each way a connection fails."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.engine import URL, Connection, make_url

# an unreachable host fails after this many seconds instead of the operating system's minutes
CONNECT_TIMEOUT_S = 10
INSTALL_HINT = "PostgreSQL projects need the server extra: pip install 'annotator[server]'"


def with_driver(url: str) -> str:
    """`postgresql://…` (or `postgres://…`, as libpq spells it) through psycopg 3, the driver of the server extra."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def server_url(host: str, port: int, database: str, user: str, password: str | None = None) -> str:
    """The URL of a project on a server, its parts escaped (a password with '@' or '/' in it stays one password)."""
    url = URL.create("postgresql+psycopg", user or None, password or None, host or None, port, database)
    return url.render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """A URL as the user may see it anywhere: with *** for its password."""
    return shown(make_url(url))


def is_server(url: URL) -> bool:
    return url.get_backend_name() != "sqlite"


def shown(url: URL) -> str:
    """The URL as errors name it: the password never appears."""
    return url.render_as_string(hide_password=True)


def connect_args(url: URL, lock_timeout_ms: int) -> dict[str, object]:
    """Driver arguments of a server engine: a connect timeout, and how long a write waits for a lock another
    connection holds (SQLite's busy timeout), unless the URL sets them."""
    if url.get_backend_name() != "postgresql":
        return {}
    args: dict[str, object] = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "options" not in url.query:
        args["options"] = f"-c lock_timeout={int(lock_timeout_ms)}"
    return args


# the key of a project's write lock; advisory locks belong to one database, so each project has its own
WRITE_LOCK = 0x616E6E6F


def take_write_lock(conn: Connection) -> None:
    """The server's BEGIN IMMEDIATE: one writing transaction at a time in the project, so that every lookup of a write
    sees the latest commit and a check-then-insert (an analyst's row, a status) cannot race another commit."""
    conn.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))


def missing_driver(exc: ImportError) -> str | None:
    """What to install when the server's driver is missing, else None."""
    return INSTALL_HINT if getattr(exc, "name", None) == "psycopg" else None


# the end of the line for a login the server wants a password for and libpq found none (the dialog asks for one then)
ASKS_FOR_PASSWORD = "put it in ~/.pgpass (or the file PGPASSFILE names)"


def connect_problem(url: URL, error: BaseException) -> str:
    """One line saying why the server at `url` refused or never answered (libpq's several lines boiled down)."""
    message = str(error).strip()
    first = message.splitlines()[0] if message else type(error).__name__
    # libpq: 'connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  …'
    reason = re.sub(r'^(connection failed: )?(connection to server (at|on) "[^"]*"(, port \d+)? failed: )?', "", first)
    reason = re.sub(r"^(FATAL|ERROR):\s+", "", reason).strip()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    user = url.username or "the login user"
    if "password authentication failed" in reason:
        return f"wrong password for {user} on {where}"
    if "no password supplied" in reason or "password is required" in reason:
        return f"the server {where} asks {user} for a password: {ASKS_FOR_PASSWORD}"
    if "failed to resolve host" in reason or "could not translate host name" in reason:
        return f"unknown host {url.host}: no such server name"
    if "Connection refused" in reason or "No such file or directory" in reason:
        return f"no database server answers at {where} (is it running?)"
    if "timeout expired" in reason or "timed out" in reason:
        return f"the server {where} did not answer within {CONNECT_TIMEOUT_S} s"
    if re.search(r'database "[^"]*" does not exist', reason):
        return f"there is no database {url.database} on {where}: an administrator creates it first"
    if re.search(r'role "[^"]*" does not exist', reason):
        return f"{user} has no login on {where}"
    return f"cannot connect: {reason}"


def refusal(url: URL, error: BaseException) -> str:
    """One line for an error the server raised on a query (no access to a table, most often)."""
    message = str(error).strip()
    reason = message.splitlines()[0] if message else type(error).__name__
    if "permission denied" in reason:
        return f"{url.username or 'this login'} may not use this project ({reason}): an administrator gives access"
    return f"the server refused: {reason}"


NOT_INITIALISED = (
    "this database was never set up as an Annotator project: "
    "an administrator sets it up first (annotator server init --db URL)"
)
