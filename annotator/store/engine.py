"""Open a project database: engine with SQLite pragmas, schema version check, Alembic upgrade.

How long a write waits for another window or process that holds the project's write lock is
BUSY_TIMEOUT_MS (10 s), or the environment variable ANNOTATOR_BUSY_TIMEOUT_MS (milliseconds)
when it is set to a whole number: a script or a test can make a held lock fail fast, with the
one-line "the project is busy" message, instead of waiting.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from annotator.core.errors import StoreError
from annotator.store import fresh_schema, live_files, read_only, server
from annotator.store.revision import HEAD_REVISION

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "ANNOTATOR_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    """How long a write waits for a lock held elsewhere: ANNOTATOR_BUSY_TIMEOUT_MS if set (and valid), else BUSY_TIMEOUT_MS."""
    value = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if value.isdigit():
        return int(value)
    return BUSY_TIMEOUT_MS


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL for a file path or URL given on the command line."""
    s = str(db)
    if "://" in s:
        return server.with_driver(s)
    # URL.create escapes `?` and `#`, which a plain f-string would leave to start a query or fragment:
    # `--db "draft?.sqlite"` would open a file named `draft` instead
    path = str(Path(s).expanduser().resolve())
    return URL.create("sqlite", database=path).render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    timeout = busy_timeout_ms()
    # journal_mode=WAL is set by open_store once the file is known to be ours: it rewrites the
    # file header, and a database of another program must be refused untouched.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={timeout}")
    # FULL: a commit survives a power cut too, which is what "saved" promises; edits are small
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(url: str, read_only_uri: str | None = None) -> Engine:
    """An engine on `url`; with `read_only_uri` (read_only.uris), SQLite opens the same file through that URI, only to read it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms() / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        if read_only_uri is not None:
            event.listen(
                engine, "do_connect", lambda _dialect, _record, cargs, cparams: _through(read_only_uri, cargs, cparams)
            )
        if database and database != ":memory:":
            _count_connections(engine, database)
        return engine
    # a server: every pooled connection is checked before use, so one the server dropped is replaced, not failed on
    return create_engine(url, pool_pre_ping=True, connect_args=server.connect_args(parsed, busy_timeout_ms()))


def _count_connections(engine: Engine, database: str) -> None:
    """While a connection is open, nothing in this process may open() the file (live_files says why)."""

    def connected(_connection, record) -> None:
        record.info["live_file"] = live_files.opened(database)

    def closed(_connection, record) -> None:
        live_files.closed(record.info.pop("live_file", None))

    event.listen(engine, "connect", connected)
    event.listen(engine, "close", closed)
    event.listen(engine, "close_detached", closed)


def _through(uri: str, cargs: list, cparams: dict) -> None:
    cargs[0] = uri
    cparams["uri"] = True


def _current_revision(engine: Engine) -> tuple[str | None, bool]:
    """(revision stamped in the database, whether the database has any tables)."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        tables = inspector.get_table_names()
        if "alembic_version" not in tables:
            return None, bool(tables)
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar(), True


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def _use_wal(engine: Engine) -> None:
    """WAL (persistent in the file): readers never block the writer, and a crash mid-write leaves the last commit intact."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def upgrade(engine: Engine) -> None:
    """Bring the database behind `engine` to the head revision through the migrations."""
    # alembic is imported only when a database needs creating or upgrading: it costs start-up time
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_store(db: str | Path):
    """Open (creating or upgrading as needed) the project database `db`, a path or a URL: a Repository."""
    from annotator.store.repository import Repository  # the ORM: imported only by what edits

    return Repository(open_engine(db))


def open_catalog(db: str | Path):
    """Open `db` as open_store does, for reading the document list and settings only (no ORM loaded)."""
    from annotator.store.catalog import Catalog

    return Catalog(open_engine(db))


def open_engine(db: str | Path, *, initialise: bool = False) -> Engine:
    """An engine on the project database `db` (a path or a URL), created or upgraded to this version's schema.

    A SQLite file is created when missing; an empty database on a server is set up only with `initialise`
    (by its administrator): anyone else opening it is told it was never set up.
    """
    on_server = False
    try:
        url = database_url(db)
        parsed = make_url(url)
        on_server = server.is_server(parsed)
        name = server.shown(parsed) if on_server else parsed.database or url
        engine = make_engine(url)
    except ImportError as exc:
        raise StoreError(f"{db}: cannot open the database: {server.missing_driver(exc) or exc}") from exc
    except (SQLAlchemyError, ValueError, OSError) as exc:
        # a malformed URL, an unknown dialect, a folder that cannot be made
        raise StoreError(f"{db}: cannot open the database: {exc}") from exc
    try:
        revision, has_tables = _current_revision(engine)
        _refuse_foreign(name, revision, has_tables)
        if on_server and revision is None and not initialise:
            raise StoreError(f"{name}: {server.NOT_INITIALISED}")
        _use_wal(engine)  # only now: the file is empty or ours
        if revision is None and not has_tables and engine.dialect.name == "sqlite":
            fresh_schema.create(engine)  # a new project: the current schema in one step, not every migration
        elif revision != HEAD_REVISION:
            upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        if on_server:
            raise StoreError(f"{name}: {server.connect_problem(parsed, exc.orig or exc)}") from exc
        if read_only.cannot_write(exc.orig) and _is_file(url, name):
            # SQLite could not open the file for writing (read-only media, no permission): read it instead
            return _open_read_only(
                url, name, read_only.why_not_writable(name) or f"SQLite cannot write to it: {exc.orig}"
            )
        raise StoreError(f"{name}: cannot open the database: {exc.orig}") from exc
    except DatabaseError as exc:
        engine.dispose()
        if on_server:
            raise StoreError(f"{name}: {server.refusal(parsed, exc.orig or exc)}") from exc
        raise StoreError(f"{name}: not an Annotator database (not SQLite, or damaged): {exc.orig}") from exc
    # SQLite opens a file it may not write read-only without a word when the logs beside it exist already
    reason = read_only.why_not_writable(name) if _is_file(url, name) else None
    if reason is not None:
        engine.dispose()
        return _open_read_only(url, name, reason)
    return engine


def _refuse_foreign(name: str, revision: str | None, has_tables: bool) -> None:
    """Refuse another program's database, or one made by a newer Annotator."""
    reason = foreign_schema(revision, has_tables)
    if reason is not None:
        raise StoreError(f"{name}: {reason}")


def foreign_schema(revision: str | None, has_tables: bool) -> str | None:
    """Why a database with this stamped revision (and tables or none) is no project this version opens, else None."""
    if revision is None and has_tables:
        return "not an Annotator database (it has tables of another program)"
    if revision is not None and revision != HEAD_REVISION and revision not in _known_revisions():
        return (
            f"made by a newer version of Annotator (schema {revision}); "
            f"this version knows schemas up to {HEAD_REVISION} — please upgrade Annotator"
        )
    return None


def _is_file(url: str, name: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite" and Path(name).is_file()


def _open_read_only(url: str, name: str, reason: str) -> Engine:
    """An engine that only reads the project file `name` (read_only.reason_of says why), or a StoreError."""
    error: DatabaseError | None = None
    for uri in read_only.uris(name):
        engine = make_engine(url, read_only_uri=uri)
        try:
            revision, has_tables = _current_revision(engine)
        except DatabaseError as exc:
            engine.dispose()
            error = exc
            continue
        if revision == HEAD_REVISION:
            return engine.execution_options(annotator_read_only=reason)
        engine.dispose()
        _refuse_foreign(name, revision, has_tables)
        made = f"made by an older version of Annotator (schema {revision})" if revision else "empty"
        raise StoreError(f"{name}: read-only ({reason}) and {made}: it can be opened only where it can be written")
    assert error is not None
    if not read_only.cannot_write(error.orig):
        raise StoreError(f"{name}: not an Annotator database (not SQLite, or damaged): {error.orig}") from error
    if Path(f"{name}-wal").exists():  # left by a crash or by a colleague's open window: SQLite needs a -shm to read it
        raise StoreError(
            f"{name}: read-only ({reason}), and its write-ahead log ({Path(name).name}-wal) cannot be read in place: "
            "import the project into one of yours (annotator import) or copy it where it can be written"
        ) from error
    raise StoreError(f"{name}: read-only ({reason}), and SQLite cannot read it even so: {error.orig}") from error
