"""Persistence: SQLAlchemy ORM rows, the engine, Alembic migrations and the repository.

Names are loaded on first use (PEP 562), so that importing one light module of the package
(the catalog, a snapshot) does not load the ORM with the repository.
"""

from importlib import import_module

_EXPORTS = {
    "open_store": "annotator.store.engine",
    "open_catalog": "annotator.store.engine",
    "Repository": "annotator.store.repository",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
