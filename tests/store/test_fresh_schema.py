"""A new project made in one step has exactly the schema the migrations make, and costs no migration run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from annotator.store import fresh_schema
from annotator.store.engine import make_engine, open_engine, upgrade


def _everything(path) -> dict:
    """Every schema object and every row of a SQLite database, for comparison."""
    con = sqlite3.connect(path)
    try:
        objects = sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=str)
        # the full-text index's own storage is left out: the migration rebuilt an empty index, which leaves a
        # different (equally empty) statistics record; its integrity is checked in a test below
        tables = [
            name
            for kind, name, _, _ in objects
            if kind == "table" and not name.startswith(("sqlite_", "documents_fts_"))
        ]
        rows = {name: sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=str) for name in tables}
        pragmas = {p: con.execute(f"PRAGMA {p}").fetchone() for p in ("user_version", "application_id", "journal_mode")}
    finally:
        con.close()
    return {"objects": objects, "rows": rows, "pragmas": pragmas}


def _migrated(path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()


def test_a_new_project_in_one_step_equals_one_the_migrations_made(tmp_path):
    fresh, migrated = tmp_path / "fresh.sqlite", tmp_path / "migrated.sqlite"
    open_engine(fresh).dispose()
    _migrated(migrated)
    assert _everything(fresh) == _everything(migrated)


def test_the_schema_script_is_what_the_migrations_leave(tmp_path):
    migrated = tmp_path / "migrated.sqlite"
    _migrated(migrated)
    assert fresh_schema.dump(migrated) == fresh_schema.SCRIPT.read_text(encoding="utf-8"), (
        "a migration changed the schema: run `python -m annotator.store.schema_script` and commit sqlite_schema.sql"
    )


def test_the_full_text_index_of_a_new_project_follows_its_documents(tmp_path):
    from annotator.services import Project

    project = Project.open(tmp_path / "p.sqlite", analyst="olena")
    project.import_seeds()
    project.close()
    con = sqlite3.connect(tmp_path / "p.sqlite")
    try:
        (found,) = con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Vilnius'").fetchone()
        con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")  # raises if not in step
    finally:
        con.close()
    assert found == 1


def test_a_new_project_does_not_load_the_migration_machinery(tmp_path):
    code = (
        "import sys; from annotator.store.engine import open_engine; "
        f"open_engine({str(tmp_path / 'new.sqlite')!r}).dispose(); "
        "assert 'alembic' not in sys.modules, 'alembic was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_new_projects_schema_is_made_whole_or_not_at_all(tmp_path, monkeypatch):
    """One transaction (and one file sync), not one per statement: a failure half-way leaves no half schema."""
    made = fresh_schema.statements(fresh_schema.SCRIPT.read_text(encoding="utf-8"))
    half = len(made) // 2
    monkeypatch.setattr(fresh_schema, "statements", lambda _script: [*made[:half], "CREATE TABLE broken (", *made])
    path = tmp_path / "new.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(Exception, match="incomplete input|syntax error"):
            fresh_schema.create(engine)
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    finally:
        con.close()
