"""Alembic environment: runs migrations on the connection the app hands over."""

from alembic import context

from annotator.store.rows import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic's own CLI is used
    raise RuntimeError("run migrations through annotator.store.engine.open_store")

# render_as_batch lets later migrations alter SQLite tables (copy-and-move); harmless elsewhere
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
