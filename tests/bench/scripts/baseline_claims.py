"""Baseline for `annotator claims`: read the rows claims are made of with plain sqlite3, and nothing else.

    python baseline_claims.py DATABASE.sqlite ANALYST

Reads every document's id, external id, title, meta and text, and the analyst's annotations
(id, label, offsets, attributes) and relations (type, both ends), each table in one pass in
document order, as `annotator claims` must; it builds and writes nothing.
"""

import sqlite3
import sys


def main(database: str, analyst: str) -> None:
    con = sqlite3.connect(database)
    (analyst_id,) = con.execute("SELECT id FROM analysts WHERE name = ?", (analyst,)).fetchone()
    counts = []
    for query, parameters in (
        ("SELECT id, external_id, title, meta, text FROM documents ORDER BY id", ()),
        (
            "SELECT document_id, id, label, start_offset, end_offset, attributes FROM annotations"
            " WHERE analyst_id = ? ORDER BY document_id",
            (analyst_id,),
        ),
        (
            "SELECT document_id, type, source_id, target_id FROM relations WHERE analyst_id = ?"
            " ORDER BY document_id, id",
            (analyst_id,),
        ),
    ):
        rows = 0
        cursor = con.execute(query, parameters)
        while batch := cursor.fetchmany(500):
            rows += len(batch)
        counts.append(rows)
    con.close()
    print("read {} documents, {} annotations and {} relations".format(*counts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
