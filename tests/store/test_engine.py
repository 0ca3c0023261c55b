"""Opening a project database: creation, pragmas, schema version, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from annotator.core.errors import StoreError
from annotator.store import open_store
from annotator.store.engine import HEAD_REVISION, MIGRATIONS

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "schema_0001.sqlite"


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_new_database_uses_wal_and_enforces_foreign_keys(tmp_path):
    db = tmp_path / "sub" / "project.sqlite"  # a missing folder is created too
    repo = open_store(db)
    try:
        assert db.is_file()
        with repo.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # and it bites: an annotation of a document that does not exist is refused by SQLite itself
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                conn.exec_driver_sql(
                    "INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, note, created_at, updated_at)"
                    " VALUES (999, 999, 'quote', 0, 1, '{}', '', '2024-01-01', '2024-01-01')"
                )
    finally:
        repo.close()


def test_head_revision_is_the_newest_migration():
    assert ScriptDirectory(str(MIGRATIONS)).get_heads() == [HEAD_REVISION]


def test_reopening_keeps_the_data(tmp_path):
    db = tmp_path / "project.sqlite"
    repo = open_store(db)
    repo.set_setting("analyst-note", "kept")
    repo.close()
    repo = open_store(db)
    try:
        assert repo.setting("analyst-note") == "kept"
    finally:
        repo.close()


def test_database_of_a_newer_version_is_refused_untouched(tmp_path):
    db = tmp_path / "newer.sqlite"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    before = snapshot(db)

    with pytest.raises(StoreError, match="newer version") as info:
        open_store(db)
    assert str(db) in str(info.value)
    assert snapshot(db) == before


@pytest.mark.parametrize("kind", ["text", "truncated"])
def test_file_that_is_not_a_database_is_refused_untouched(tmp_path, kind):
    db = tmp_path / "notes.sqlite"
    if kind == "text":
        db.write_bytes(b"Meeting notes, 16 June: ask Olena about the Vilnius quotes.\n" * 50)
    else:
        data = FIXTURE.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    before = snapshot(db)

    with pytest.raises(StoreError, match="not an Annotator database"):
        open_store(db)
    assert snapshot(db) == before


def test_sqlite_database_of_another_program_is_refused_untouched(tmp_path):
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Olena', '+380 44 000 0000')")
    conn.close()
    before = snapshot(db)

    with pytest.raises(StoreError, match="not an Annotator database"):
        open_store(db)
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == ["other.sqlite"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # not switched to WAL
        assert conn.execute("SELECT name FROM contacts").fetchall() == [("Olena",)]
    conn.close()


@pytest.mark.parametrize(
    "target",
    [
        "nosuchdialect://host/db",  # unknown database kind
        "postgresql://analyst@host:notaport/annotations",  # malformed URL
        "{tmp}/notes.txt/project.sqlite",  # a folder that cannot exist: notes.txt is a file
    ],
)
def test_unusable_location_is_a_clear_store_error(tmp_path, target):
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(target.format(tmp=tmp_path))
