"""A throwaway PostgreSQL for the tests, and `project_db`: one project database fixture run on SQLite and on it.

scripts/test.sh starts the server (scripts/postgres.sh) and names it in ANNOTATOR_TEST_POSTGRES; a developer who
runs pytest directly gets the same server started here for the session. When it cannot start, every test that needs
it fails with the reason: the server tests are never skipped.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

POSTGRES_ENV = "ANNOTATOR_TEST_POSTGRES"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "postgres.sh"
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test taking `project_db` runs on both backends, unless marked sqlite_only (it needs a SQLite file)."""
    if "project_db" not in metafunc.fixturenames:
        return
    backends = ["sqlite"] if metafunc.definition.get_closest_marker("sqlite_only") else list(BACKENDS)
    metafunc.parametrize("project_db", backends, indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The SQLAlchemy URL of the test server's maintenance database (postgresql+psycopg://annotator@127.0.0.1:PORT/postgres)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        yield url
        return
    folder = Path(tempfile.mkdtemp(prefix="annotator-postgres-"))
    started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True)
    if started.returncode != 0 or not started.stdout.strip():
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True)
        pytest.fail(f"PostgreSQL for the server tests did not start (scripts/postgres.sh): {started.stderr.strip()}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True)


def libpq(url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL (psycopg's own)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def admin(server: str, sql: str) -> None:
    """Run one statement on the server's maintenance database, outside a transaction (CREATE/DROP DATABASE)."""
    with psycopg.connect(libpq(server), autocommit=True) as conn:
        conn.execute(sql)


def database_on(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def create_database(server: str, template: str | None = None) -> str:
    """A new database on `server` (a copy of `template`, else empty) under a name of its own: its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin(server, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return database_on(server, name)


def drop_database(server: str, url: str) -> None:
    """Drop the database of `url`, closing what is still connected to it (a project a failed test left open)."""
    admin(server, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """A database migrated to this version's schema once, copied for each test (far faster than migrating each)."""
    from annotator.store.engine import open_engine

    url = create_database(postgres_server)
    open_engine(url, initialise=True).dispose()
    yield str(make_url(url).database)
    drop_database(postgres_server, url)


@pytest.fixture
def postgres_db(postgres_server: str, postgres_template: str) -> Iterator[str]:
    """The URL of a fresh project database on the test server, with this version's schema and nothing in it."""
    url = create_database(postgres_server, postgres_template)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def empty_postgres_db(postgres_server: str) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server (never opened by Annotator)."""
    url = create_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def project_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's project lives: a SQLite file in tmp_path, or a fresh database on the test server (its URL)."""
    if request.param == "sqlite":
        return tmp_path / "p.sqlite"
    return str(request.getfixturevalue("postgres_db"))


def sql_rows(db: Path | str, sql: str) -> list[tuple]:
    """The rows of one SELECT read straight from a project database, a SQLite file or a server URL (bypassing Annotator)."""
    if isinstance(db, str) and "://" in db:
        with psycopg.connect(libpq(db)) as conn:
            return [tuple(row) for row in conn.execute(sql.encode())]
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()
