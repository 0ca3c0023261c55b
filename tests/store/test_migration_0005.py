"""Migration 0005: the full-text index of document texts, filled for an older project and kept in step by triggers."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from annotator.store import open_store
from annotator.store.engine import HEAD_REVISION, MIGRATIONS

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "schema_0001.sqlite"


def matching(db: Path, query: str) -> list[int]:
    """Ids of the documents the index says hold `query`, read with plain sqlite3."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid", (query,))
        found = [row[0] for row in rows]
    conn.close()
    return found


def consistent(db: Path) -> bool:
    """FTS5's own check that the index holds exactly the tokens of the documents' texts."""
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
    return True


def test_project_of_schema_0001_is_indexed_on_upgrade(tmp_path):
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, db)
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        ids = dict(conn.execute("SELECT external_id, id FROM documents"))
    conn.close()
    assert matching(db, "Vilnius") == [ids["stoltenberg"]]
    assert matching(db, "troops") == [ids["rasmussen"]]
    assert consistent(db)


def test_schema_0004_documents_are_found_and_edits_keep_the_index_in_step(tmp_path):
    db = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{db}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.exec_driver_sql(
            "INSERT INTO documents (id, external_id, title, text, sha256, length, meta, imported_at)"
            " VALUES (1, 'd', 't', 'Café guarantees 🇺🇦', 'h', 4, '{}', '2026-11-30 09:00:00')"
        )
    engine.dispose()
    open_store(db).close()
    assert matching(db, "guarantees") == [1]
    assert matching(db, "cafe") == [1]  # diacritics folded: the index offers the candidate, Python decides
    with sqlite3.connect(db) as conn:  # SQL from outside the application is followed as well
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(
            "INSERT INTO documents (id, external_id, title, text, sha256, length, meta, imported_at)"
            " VALUES (2, 'e', 't', 'Other words', 'h2', 11, '{}', '2026-11-30 09:00:00')"
        )
        conn.execute("UPDATE documents SET text = 'Vilnius summit' WHERE id = 1")
    conn.close()
    assert matching(db, "guarantees") == []
    assert matching(db, "vilnius") == [1]
    assert matching(db, "words") == [2]
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM documents WHERE id = 1")
    conn.close()
    assert matching(db, "vilnius") == []
    assert consistent(db)
