"""One migration history for both databases: a PostgreSQL project is set up and upgraded by the same migrations."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from annotator.core.errors import StoreError
from annotator.core.model import Annotation
from annotator.store import open_store
from annotator.store.engine import HEAD_REVISION, MIGRATIONS, open_engine
from tests.server_fixtures import sql_rows


def test_an_empty_server_database_is_set_up_only_when_asked(empty_postgres_db):
    with pytest.raises(StoreError, match="never set up as an Annotator project"):
        open_engine(empty_postgres_db)
    open_engine(empty_postgres_db, initialise=True).dispose()
    assert sql_rows(empty_postgres_db, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    tables = {name for (name,) in sql_rows(empty_postgres_db, "SELECT tablename FROM pg_tables")}
    assert {"documents", "annotations", "relations", "analysts", "decisions"} <= tables
    assert "documents_fts" not in tables  # SQLite's full-text index: a server scans the texts


def test_a_server_project_of_schema_0004_upgrades_with_its_work(empty_postgres_db):
    engine = create_engine(empty_postgres_db)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.exec_driver_sql(
            "INSERT INTO documents (external_id, title, text, sha256, length, meta, imported_at)"
            " VALUES ('d', 't', 'Café guarantees 🇺🇦', 'h', 17, '{}', '2026-11-30 09:00:00')"
        )
    engine.dispose()
    repo = open_store(empty_postgres_db)  # an older project opens by anyone: only an empty one needs its administrator
    try:
        (document_id,) = repo.document_ids()
        assert repo.document(document_id).text == "Café guarantees 🇺🇦"
        added = repo.add_annotation(Annotation(0, document_id, "olena", "guarantee_type", 5, 15))
        assert [a.id for a in repo.annotations(document_id)] == [added.id]
    finally:
        repo.close()
    assert sql_rows(empty_postgres_db, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
