"""PostgreSQL's bulk path of an import: new ids drawn from the table's sequence in one query, the rows sent by COPY.

A multi-row INSERT … RETURNING of thousands of rows spends most of its time in the driver splitting a statement of
thousands of placeholders; COPY streams the rows with no statement to parse, and the sequence hands out the ids the
import needs (relations point at the new annotations) before the rows are sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def can_copy(conn: Connection) -> bool:
    """Whether COPY is at hand: PostgreSQL through psycopg 3, on tables no row-level security policy applies to
    (PostgreSQL refuses COPY FROM there: an analyst's import on a project with team roles inserts its rows)."""
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return False
    return not conn.execute(select(func.row_security_active("public.annotations"))).scalar()


def copy_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple], ids: bool) -> list[int]:
    """Insert `rows` (values in the order of `columns`, JSON as text) in the connection's transaction; with `ids`,
    each row gets a new id from the table's sequence, returned in the rows' order."""
    new_ids: list[int] = []
    names = list(columns)
    if ids:
        sequence = func.pg_get_serial_sequence(table.name, "id")
        draw = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        new_ids = sorted(conn.execute(draw).scalars())
        rows = [(i, *row) for i, row in zip(new_ids, rows, strict=True)]
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
    return new_ids
