"""A new SQLite project in one step: the current schema from one script, stamped with its revision.

Replaying every Alembic migration on an empty file costs a new project most of its start-up (Alembic
and each revision imported, a transaction per step). `sqlite_schema.sql` beside this module holds the
statements those migrations leave in `sqlite_master`, in their order; `create` runs it and stamps the
head revision. Existing projects still upgrade through the migrations, the one history. A test builds
a project both ways and compares every table, index, trigger and row; `python -m
annotator.store.schema_script` writes the script anew after a migration.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from annotator.store.revision import HEAD_REVISION

SCRIPT = Path(__file__).with_name("sqlite_schema.sql")
# what SQLite makes by itself: the AUTOINCREMENT counter, and the storage tables of a full-text index
INTERNAL = ("sqlite_",)


def create(engine: Engine) -> None:
    """Give the empty SQLite database behind `engine` the current schema, stamped, in one transaction."""
    script = SCRIPT.read_text(encoding="utf-8")
    with engine.begin() as conn:
        driver = conn.connection.driver_connection
        if driver is None:
            raise RuntimeError("no SQLite connection under the engine")
        cursor = driver.cursor()
        # the driver begins a transaction only before a row is written, and would commit each CREATE on its
        # own (a file sync each, and half a schema after a crash): begin it here, SQLAlchemy commits it
        if not driver.in_transaction:
            cursor.execute("BEGIN")
        # executescript would commit what SQLAlchemy began: run the statements one by one inside it
        for statement in statements(script):
            cursor.execute(statement)
        cursor.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD_REVISION,))


def statements(script: str) -> list[str]:
    """The script's statements (each ends with a line holding only ";")."""
    return [part.strip() for part in script.split("\n;\n") if part.strip()]


def dump(database: Path) -> str:
    """The schema script of a database the migrations made (SQLite's own tables left out; alembic_version's
    table kept, its row stamped by `create`)."""
    con = sqlite3.connect(database)
    try:
        virtual = [
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        ]
        rows = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    finally:
        con.close()
    kept = [
        sql
        for kind, name, sql in rows
        if not name.startswith(INTERNAL)
        and not (kind == "table" and any(name.startswith(v + "_") for v in virtual))  # the index's storage
    ]
    return "".join(f"{sql}\n;\n" for sql in kept)
