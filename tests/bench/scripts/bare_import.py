"""Bare floor of `annotator import` (issue 17): plain sqlite3 + json, one executemany per document, no checks.

    python bare_import.py CORPUS.jsonl DATABASE.sqlite

Parses the native JSONL line by line and stores the same documents (with SHA-256 and length),
analysts, annotations and relations in tables of the same columns, numbering the annotation ids
itself so that each document's annotations and relations go in with one executemany each. Nothing
else: no secondary indexes, no foreign keys, no full-text index, SQLite's default journal and
sync, no validation, no newline normalisation. What Annotator does beyond this (checks, indexes,
the search index, WAL with full sync, start-up) is what the ratio against it measures.
"""

import hashlib
import json
import sqlite3
import sys
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id VARCHAR(255) NOT NULL UNIQUE, title VARCHAR(500) NOT NULL,
    text TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, length INTEGER NOT NULL, meta JSON NOT NULL, imported_at DATETIME NOT NULL);
CREATE TABLE analysts (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE);
CREATE TABLE annotations (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, analyst_id INTEGER NOT NULL,
    label VARCHAR(255) NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
    attributes JSON NOT NULL, note TEXT NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE relations (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, analyst_id INTEGER NOT NULL,
    type VARCHAR(255) NOT NULL, source_id INTEGER NOT NULL, target_id INTEGER NOT NULL);
"""


def main(source: str, database: str) -> None:
    con = sqlite3.connect(database, isolation_level=None)
    con.executescript(SCHEMA)
    now = datetime.now(timezone.utc).isoformat(sep=" ")
    analysts: dict[str, int] = {}

    def analyst_id(name: str) -> int:
        if name not in analysts:
            analysts[name] = con.execute("INSERT INTO analysts (name) VALUES (?)", (name,)).lastrowid
        return analysts[name]

    documents = annotations = 0
    next_id = 1
    con.execute("BEGIN")
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            doc = json.loads(line)
            text = doc["text"]
            documents += 1
            con.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    documents,
                    doc["id"],
                    doc.get("title") or "",
                    text,
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    len(text),
                    json.dumps(doc.get("meta") or {}),
                    now,
                ),
            )
            ids, rows = {}, []
            for a in doc.get("annotations", ()):
                ids[a["id"]] = next_id
                rows.append(
                    (
                        next_id,
                        documents,
                        analyst_id(a.get("analyst") or "analyst"),
                        a["label"],
                        a["start"],
                        a["end"],
                        json.dumps(a.get("attributes") or {}),
                        a.get("note") or "",
                        now,
                        now,
                    )
                )
                next_id += 1
            con.executemany("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            annotations += len(rows)
            con.executemany(
                "INSERT INTO relations (document_id, analyst_id, type, source_id, target_id) VALUES (?, ?, ?, ?, ?)",
                [
                    (documents, analyst_id(r.get("analyst") or "analyst"), r["type"], ids[r["from"]], ids[r["to"]])
                    for r in doc.get("relations", ())
                ],
            )
    con.execute("COMMIT")
    con.close()
    print(f"imported {documents} documents and {annotations} annotations")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
