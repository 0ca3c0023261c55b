"""Baseline for `annotator import`: plain sqlite3 + json, one transaction, a schema like Annotator's.

    python baseline_import.py CORPUS.jsonl DATABASE.sqlite

Parses the native JSONL line by line and inserts the same rows Annotator stores (documents
with SHA-256 and length, analysts, annotations, relations), with the same pragmas (WAL,
foreign keys, synchronous=FULL) and the same indexes. No validation beyond what inserting needs:
this is the floor a real importer is compared with.
"""

import hashlib
import json
import sqlite3
import sys
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id VARCHAR(255) NOT NULL UNIQUE, title VARCHAR(500) NOT NULL,
    text TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, length INTEGER NOT NULL, meta JSON NOT NULL, imported_at DATETIME NOT NULL);
CREATE INDEX ix_documents_sha256 ON documents (sha256);
CREATE TABLE analysts (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE);
CREATE TABLE annotations (id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    analyst_id INTEGER NOT NULL REFERENCES analysts (id) ON DELETE RESTRICT,
    label VARCHAR(255) NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
    attributes JSON NOT NULL, note TEXT NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE INDEX ix_annotations_document_analyst ON annotations (document_id, analyst_id);
CREATE INDEX ix_annotations_document_start ON annotations (document_id, start_offset);
CREATE TABLE relations (id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    analyst_id INTEGER NOT NULL REFERENCES analysts (id) ON DELETE RESTRICT,
    type VARCHAR(255) NOT NULL,
    source_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE);
CREATE INDEX ix_relations_document_analyst ON relations (document_id, analyst_id);
CREATE INDEX ix_relations_source_id ON relations (source_id);
CREATE INDEX ix_relations_target_id ON relations (target_id);
"""


def main(source: str, database: str) -> None:
    con = sqlite3.connect(database, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=FULL")
    con.executescript(SCHEMA)
    now = datetime.now(timezone.utc).isoformat(sep=" ")
    analysts: dict[str, int] = {}

    def analyst_id(name: str) -> int:
        if name not in analysts:
            analysts[name] = con.execute("INSERT INTO analysts (name) VALUES (?)", (name,)).lastrowid
        return analysts[name]

    documents = annotations = 0
    con.execute("BEGIN")
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            doc = json.loads(line)
            text = doc["text"].replace("\r\n", "\n").replace("\r", "\n")
            document_id = con.execute(
                "INSERT INTO documents (external_id, title, text, sha256, length, meta, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    doc["id"],
                    doc.get("title") or "",
                    text,
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    len(text),
                    json.dumps(doc.get("meta") or {}),
                    now,
                ),
            ).lastrowid
            ids = {}
            for a in doc.get("annotations", ()):
                ids[a["id"]] = con.execute(
                    "INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, note, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document_id,
                        analyst_id(a.get("analyst") or "analyst"),
                        a["label"],
                        a["start"],
                        a["end"],
                        json.dumps(a.get("attributes") or {}),
                        a.get("note") or "",
                        now,
                        now,
                    ),
                ).lastrowid
                annotations += 1
            con.executemany(
                "INSERT INTO relations (document_id, analyst_id, type, source_id, target_id) VALUES (?, ?, ?, ?, ?)",
                [
                    (document_id, analyst_id(r.get("analyst") or "analyst"), r["type"], ids[r["from"]], ids[r["to"]])
                    for r in doc.get("relations", ())
                ],
            )
            documents += 1
    con.execute("COMMIT")
    con.close()
    print(f"imported {documents} documents and {annotations} annotations")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
