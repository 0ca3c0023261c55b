"""Persistence: SQLAlchemy ORM rows, the engine, Alembic migrations and the repository."""

from annotator.store.engine import open_store
from annotator.store.repository import Repository

__all__ = ["open_store", "Repository"]
