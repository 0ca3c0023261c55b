"""Bare floor of `annotator export --format jsonl` (issue 17): plain sqlite3 + json over Annotator's own project.

    python bare_export.py DATABASE.sqlite OUT.jsonl

Three queries (documents, annotations, relations) in document order, merged as they stream, each
document written as one compact JSON line with its annotations and relations: the same bytes as
Annotator's export of the same project, with nothing in between (no ORM, no records, no checks).
"""

import json
import sqlite3
import sys


def main(database: str, out: str) -> None:
    con = sqlite3.connect(database)
    names = dict(con.execute("SELECT id, name FROM analysts"))
    spans = con.execute(
        "SELECT document_id, id, analyst_id, label, start_offset, end_offset, attributes, note FROM annotations"
        " ORDER BY document_id, start_offset, end_offset, id"
    )
    links = con.cursor().execute(
        "SELECT document_id, id, analyst_id, type, source_id, target_id FROM relations ORDER BY document_id, id"
    )
    span, link = next(spans, None), next(links, None)
    documents = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        for document_id, external_id, title, text, meta in con.cursor().execute(
            "SELECT id, external_id, title, text, meta FROM documents ORDER BY id"
        ):
            annotations = []
            while span is not None and span[0] == document_id:
                _, i, who, label, start, end, attributes, note = span
                annotations.append(
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
                )
                span = next(spans, None)
            relations = []
            while link is not None and link[0] == document_id:
                _, i, who, kind, source, target = link
                relations.append(
                    {"id": str(i), "analyst": names[who], "type": kind, "from": str(source), "to": str(target)}
                )
                link = next(links, None)
            record = {
                "id": external_id,
                "title": title,
                "text": text,
                "meta": json.loads(meta),
                "annotations": annotations,
                "relations": relations,
            }
            handle.write(dumps(record) + "\n")
            documents += 1
    con.close()
    print(f"exported {documents} documents to {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
