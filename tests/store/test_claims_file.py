"""The plain-sqlite3 claims reader of `annotator claims` gives what the database layer gives, over many articles."""

from __future__ import annotations

import json
import sqlite3

from tests.claims_sample import sample_document


def test_the_file_reader_gives_the_claims_the_database_layer_gives_across_many_articles(tmp_path):
    from annotator.services import Project
    from annotator.services.claims import iter_claim_records
    from annotator.store.claims_file import CHUNKS, open_claims_file

    documents = []
    for n in range(4 * CHUNKS):  # several articles in each range the reader reads at a time
        doc = sample_document()
        doc["id"], doc["text"] = f"doc-{n:02d}", doc["text"] + f" ({n})"  # a text of its own: not a duplicate
        if n % 5 == 0:
            doc["annotations"], doc["relations"] = [], []  # an article without claims
        if n % 7 == 4:
            doc["meta"] = {"time": "09:52"}  # no date, no location
        documents.append(doc)
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    db = tmp_path / "project.sqlite"
    project = Project.open(db, analyst="olena", reviewer=True)
    try:
        project.import_paths([source])
    finally:
        project.close()
    with sqlite3.connect(db) as conn:  # metadata SQLite cannot answer as json.loads would: read the long way
        conn.execute("""UPDATE documents SET meta = '{"date": 20230616, "location": ["Kyiv"]}' WHERE id IN (
            SELECT id FROM documents WHERE external_id IN ('doc-03', 'doc-17'))""")
        conn.execute("""UPDATE documents SET meta = '[1, 2]' WHERE external_id = 'doc-06'""")
    conn.close()
    project = Project.open(db, analyst="olena", reviewer=True)
    try:
        expected = list(iter_claim_records(project, "olena"))
    finally:
        project.close()
    reader = open_claims_file(db)
    assert reader is not None
    try:
        found = list(reader.iter_claim_records("olena"))
        assert list(reader.iter_claim_records("nobody")) == []
    finally:
        reader.close()
    assert found == expected
    with_claims = [d for d in documents if d["annotations"]]
    assert len(found) == 3 * len(with_claims)  # each tagged article has three guarantees
    assert [r[1] for r in found[::3]] == [d["id"] for d in with_claims]
    by_id = {r[1]: r for r in found}
    assert by_id["doc-01"][3:5] == ("2023-06-16", "Kyiv, Ukraine")
    assert by_id["doc-03"][3:5] == (20230616, ["Kyiv"])
    assert by_id["doc-04"][3:5] == by_id["doc-06"][3:5] == ("", "")
