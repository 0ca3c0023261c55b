"""Annotation and relation ids that are never given twice, even after the newest one was deleted.

SQLite numbers a new row one past the largest id in the table, so deleting the newest
annotation frees its id for the next one. An undo that puts the deleted annotation back
under its id would then collide with whatever took it, in this window or in another
(two windows of one analyst, or an import running beside an edit). The highest id ever
given is kept as a project setting and new ids start above it. Other databases number from
sequences, which never go back; they need none of this.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnClause

from annotator.store.catalog import ANNOTATIONS, set_setting, setting

HIGH_WATER = "annotation_id_high_water"
RELATION_HIGH_WATER = "relation_id_high_water"
_RELATIONS = table("relations", column("id"))


def reserve_annotation_ids(conn: Connection, count: int) -> int | None:
    """The first of `count` new consecutive annotation ids, or None where the database numbers them itself.

    Call it inside the write transaction (which holds SQLite's write lock), so no other
    connection can take the same ids between this and the insert.
    """
    return _reserve(conn, ANNOTATIONS.c.id, HIGH_WATER, count)


def reserve_relation_ids(conn: Connection, count: int) -> int | None:
    """As `reserve_annotation_ids`, for relations (an undo puts a deleted relation back under its id)."""
    return _reserve(conn, _RELATIONS.c.id, RELATION_HIGH_WATER, count)


def _reserve(conn: Connection, ids: ColumnClause[Any], high_water: str, count: int) -> int | None:
    """The first of `count` ids above both the largest in the table and the highest ever given (kept as `high_water`)."""
    if conn.dialect.name != "sqlite" or count <= 0:
        return None
    newest = conn.execute(select(func.max(ids))).scalar() or 0
    given = setting(conn, high_water, 0)
    first = max(newest, given if isinstance(given, int) else 0) + 1
    set_setting(conn, high_water, first + count - 1)
    return first
