"""Migration 0004: a database of schema 0003 keeps its decision log and gains the relation columns."""

from __future__ import annotations

import sqlite3

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from annotator.store import open_store
from annotator.store.engine import HEAD_REVISION, MIGRATIONS


def test_schema_0003_decisions_survive_and_relation_decisions_are_stored(tmp_path):
    db = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{db}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.exec_driver_sql(
            "INSERT INTO documents (id, external_id, title, text, sha256, length, meta, imported_at)"
            " VALUES (1, 'd', 't', 'text', 'h', 4, '{}', '2026-11-30 09:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO decisions (document_id, reviewer, decided_at, action, sources, gold_annotation_id, label,"
            " start_offset, end_offset, rationale) VALUES (1, 'rita', '2026-11-30 10:00:00', 'take_a', '[4, 5]', 7,"
            " 'actor', 0, 4, 'clear')"
        )
    engine.dispose()
    repo = open_store(db)
    try:
        (decision,) = repo.review.decisions(1)
        assert (decision.action, decision.sources, decision.gold_annotation_id, decision.rationale) == (
            "take_a",
            (4, 5),
            7,
            "clear",
        )
        assert (decision.relation_sources, decision.gold_relation_id) == ((), None)
    finally:
        repo.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
    conn.close()
    assert {"relation_sources", "gold_relation_id"} <= columns
