"""Baseline for `annotator export --format jsonl`: plain sqlite3 + json over the baseline import's database.

    python baseline_export.py DATABASE.sqlite OUT.jsonl

Reads documents in id order, each document's annotations and relations, and writes the
same native JSONL Annotator writes (same keys, compact separators, UTF-8), one line at a time.
"""

import json
import sqlite3
import sys


def main(database: str, out: str) -> None:
    con = sqlite3.connect(database)
    names = dict(con.execute("SELECT id, name FROM analysts"))
    documents = annotations = 0
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        for document_id, external_id, title, text, meta in con.execute(
            "SELECT id, external_id, title, text, meta FROM documents ORDER BY id"
        ):
            spans = [
                {
                    "id": str(i),
                    "analyst": names[who],
                    "label": label,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "attributes": json.loads(attributes),
                    "note": note,
                }
                for i, who, label, start, end, attributes, note in con.execute(
                    "SELECT id, analyst_id, label, start_offset, end_offset, attributes, note FROM annotations"
                    " WHERE document_id = ? ORDER BY start_offset, end_offset, id",
                    (document_id,),
                )
            ]
            links = [
                {"id": str(i), "analyst": names[who], "type": kind, "from": str(source), "to": str(target)}
                for i, who, kind, source, target in con.execute(
                    "SELECT id, analyst_id, type, source_id, target_id FROM relations WHERE document_id = ? ORDER BY id",
                    (document_id,),
                )
            ]
            record = {
                "id": external_id,
                "title": title,
                "text": text,
                "meta": json.loads(meta),
                "annotations": spans,
                "relations": links,
            }
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            documents += 1
            annotations += len(spans)
    con.close()
    print(f"exported {documents} documents and {annotations} annotations to {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
