"""PostgreSQL's bulk path of an import: new ids drawn from the table's sequence in one query, the rows sent by COPY.

A multi-row INSERT … RETURNING of thousands of rows spends most of its time in the driver splitting a statement of
thousands of placeholders; COPY streams the rows with no statement to parse, and the sequence hands out the ids the
import needs (relations point at the new annotations) before the rows are sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def can_copy(conn: Connection) -> bool:
    """Whether COPY is at hand: PostgreSQL through psycopg 3, on tables no row-level security policy applies to
    (PostgreSQL refuses COPY FROM there: an analyst's import on a project with team roles inserts its rows)."""
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return False
    return not conn.execute(select(func.row_security_active("public.annotations"))).scalar()


# the ids in one array, since a row per id costs the driver more than the server's nextval; the sequence is looked
# up once, in a MATERIALIZED WITH clause: inlined, the lookup runs for each row and costs seven times nextval itself
DRAW = text(
    "WITH s AS MATERIALIZED (SELECT CAST(pg_get_serial_sequence(:table, 'id') AS regclass) AS seq) "
    "SELECT array_agg(nextval(s.seq)) FROM s, generate_series(1, :count)"
)


LZ4 = text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")


def compress_fast(conn: Connection) -> None:
    """Have the server compress the long texts of this transaction with lz4 where it can (else it keeps pglz).

    pglz took a sixth of a server import's time on the articles' texts, lz4 a third of that, for a
    quarter more space; either reads back the same, whatever method each text was stored with.
    """
    if conn.execute(LZ4).scalar():
        conn.execute(text("SET LOCAL default_toast_compression = 'lz4'"))


def draw_ids(conn: Connection, table: str, count: int) -> list[int]:
    """`count` new ids from the sequence of `table`, in increasing order (never given to anyone else)."""
    return sorted(conn.execute(DRAW, {"table": table, "count": count}).scalar_one())


def copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple], ids: Sequence[int] | None
) -> None:
    """Insert `rows` (values in the order of `columns`, JSON as text) in the connection's transaction, each with its
    id from `ids` (drawn by `draw_ids`, in the rows' order) or, with None, the column's default."""
    names = list(columns)
    if ids is not None:
        rows = [(i, *row) for i, row in zip(ids, rows, strict=True)]
        names.insert(0, "id")
    driver = conn.connection.driver_connection  # the same psycopg connection, so the same transaction
    assert driver is not None, "a connection in use has its driver's connection"
    sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except error as exc:  # the driver's own error (a duplicate id, …): wrapped as SQLAlchemy would, for the repository
        raise DBAPIError.instance(sql, None, exc, error) from exc
