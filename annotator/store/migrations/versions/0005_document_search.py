"""A full-text index of the documents' texts (SQLite FTS5), kept in step with the documents by triggers.

Triggers rather than the store's write paths: documents are written by the ORM, by the bulk import's
driver-level inserts and by SQL run on the file (a project from elsewhere, a script), and a trigger
sees every one of them inside the same transaction, so the index can never disagree with the table.
The index is external-content (`content='documents'`): it keeps only the tokens, not a second copy of
the texts. Other databases (PostgreSQL) get no index; corpus search scans their texts instead.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATEMENTS = (
    # remove_diacritics 2: a search for "cafe" finds the candidates holding "café" too; the exact
    # comparison of the hits happens in Python, so the index only has to never miss a document
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text); END",
    # the documents of a project made by an older version
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS documents_fts")
