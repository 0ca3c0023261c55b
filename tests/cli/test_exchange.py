"""Import and export through the command line: JSONL round trip, CSV, TXT folders, --analyst."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.helpers import (
    FORMULA_NOTE,
    FORMULA_TITLE,
    LF_TEXT,
    SECOND_TEXT,
    jsonl_documents,
    span,
    write_jsonl,
)

CSV_HEADER = "document_id,document_title,document_date,document_time,document_location,analyst,label,start,end,text,attributes,note"


def read_jsonl(path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    return {d["id"]: d for d in docs}


def test_jsonl_export_reproduces_the_imported_annotations(populated, tmp_path):
    out = tmp_path / "x.jsonl"
    result = populated.cli.ok("export", "--format", "jsonl", "--out", out, "--db", populated.db)
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    assert result.stderr == ""  # lossless: nothing to warn about

    docs = read_jsonl(out)
    assert set(docs) == {"doc-crlf", "doc-formula"}
    first = docs["doc-crlf"]
    assert first["text"] == LF_TEXT  # CRLF became LF
    assert first["title"] == "Kyiv \U0001f600 report"
    assert first["meta"] == {"source": "test"}
    by_label = {a["label"]: a for a in first["annotations"]}
    assert set(by_label) == {"actor", "quote"}

    actor = by_label["actor"]
    assert (actor["start"], actor["end"]) == span(LF_TEXT, "Rasmussen")  # code points after the emoji, minus one \r
    assert actor["text"] == "Rasmussen"
    assert actor["attributes"] == {"kind": "person"}
    assert actor["note"] == "former NATO chief"
    assert actor["analyst"] == "olena"

    quote = by_label["quote"]
    assert (quote["start"], quote["end"]) == span(LF_TEXT, "NATO must act.\nMore")
    assert quote["text"] == "NATO must act.\nMore"
    assert quote["attributes"] == {"mode": "reported"}
    assert quote["note"] == ""

    [relation] = first["relations"]
    assert relation["type"] == "speaker"
    assert relation["analyst"] == "olena"
    assert (relation["from"], relation["to"]) == (quote["id"], actor["id"])

    [guarantee] = docs["doc-formula"]["annotations"]
    assert docs["doc-formula"]["title"] == FORMULA_TITLE
    assert guarantee["text"] == "guarantees" and guarantee["note"] == FORMULA_NOTE


def test_csv_export_has_one_row_per_span_and_neutralises_formulas(populated, tmp_path):
    out = tmp_path / "spans.csv"
    result = populated.cli.ok("export", "--format", "csv", "--out", out, "--db", populated.db)
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    # CSV has no relations: the user is told what was left out
    [warning] = result.err_lines
    assert warning.startswith("annotator: warning: 1 relations not exported (e.g. doc-crlf: speaker ")

    content = out.read_text(encoding="utf-8")
    assert content.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(content, newline="")))
    assert len(rows) == 3
    by_label = {r["label"]: r for r in rows}
    assert set(by_label) == {"actor", "quote", "guarantee_type"}

    actor = by_label["actor"]
    assert actor["document_id"] == "doc-crlf"
    assert (int(actor["start"]), int(actor["end"])) == span(LF_TEXT, "Rasmussen")
    assert actor["text"] == "Rasmussen"
    assert json.loads(actor["attributes"]) == {"kind": "person"}
    assert actor["note"] == "former NATO chief" and actor["analyst"] == "olena"
    assert by_label["quote"]["text"] == "NATO must act.\nMore"

    guarantee = by_label["guarantee_type"]
    # a spreadsheet would run these as formulas: a leading apostrophe makes them text
    assert guarantee["document_title"] == "'" + FORMULA_TITLE
    assert guarantee["note"] == "'" + FORMULA_NOTE
    assert (int(guarantee["start"]), int(guarantee["end"])) == span(SECOND_TEXT, "guarantees")


def test_txt_export_writes_one_file_per_document(populated, tmp_path):
    out = tmp_path / "texts"
    result = populated.cli.ok("export", "--format", "txt", "--out", out, "--db", populated.db)
    assert result.stdout == f"exported 2 documents and 0 annotations to {out}\n"
    assert any(line.startswith("annotator: warning: 3 annotations not exported") for line in result.err_lines)
    files = sorted(p.name for p in out.iterdir())
    assert files == ["doc-crlf.txt", "doc-formula.txt"]
    assert (out / "doc-crlf.txt").read_bytes() == LF_TEXT.encode("utf-8")
    assert (out / "doc-formula.txt").read_text(encoding="utf-8") == SECOND_TEXT


def test_analyst_before_or_after_the_subcommand_tags_annotations_without_one(cli, tmp_path, project_db):
    first, second = jsonl_documents()
    for doc in (first, second):
        doc.pop("relations", None)
    del first["annotations"][1]["analyst"]  # the quote has no analyst; the actor keeps "olena"
    del second["annotations"][0]["analyst"]
    one = write_jsonl(tmp_path / "one.jsonl", [first])
    two = write_jsonl(tmp_path / "two.jsonl", [second])
    db = project_db

    cli.ok("--analyst", "bob", "import", one, "--db", db)
    cli.ok("import", two, "--db", db, "--analyst", "carol")
    out = tmp_path / "x.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)

    docs = read_jsonl(out)
    analysts = {a["label"]: a["analyst"] for d in docs.values() for a in d["annotations"]}
    assert analysts == {"actor": "olena", "quote": "bob", "guarantee_type": "carol"}


def test_csv_spans_import_back_into_a_project_that_has_the_texts(populated, cli, tmp_path):
    spans = tmp_path / "spans.csv"
    populated.cli.ok("export", "--format", "csv", "--out", spans, "--db", populated.db)

    texts = write_jsonl(tmp_path / "texts.jsonl", jsonl_documents(with_annotations=False))
    db = tmp_path / "second.sqlite"
    cli.ok("import", texts, "--db", db)
    assert {r[1]: r[2] for r in cli.documents(db)} == {"doc-crlf": "0", "doc-formula": "0"}

    result = cli.ok("import", spans, "--db", db)
    assert result.stdout == "imported 1 file: 0 new documents, 2 already present, 3 annotations added\n"
    again = cli.ok("import", spans, "--db", db)
    assert (
        again.stdout == "imported 1 file: 0 new documents, 2 already present, 0 annotations added, 3 already present\n"
    )
    assert {r[1]: r[2] for r in cli.documents(db)} == {"doc-crlf": "2", "doc-formula": "1"}

    out = tmp_path / "back.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    [guarantee] = read_jsonl(out)["doc-formula"]["annotations"]
    assert guarantee["note"] == FORMULA_NOTE  # the apostrophe is taken off again on reading
    assert guarantee["analyst"] == "olena"


def test_csv_spans_carry_the_document_date_time_and_location_and_import_back(cli, tmp_path, project_db):
    text = "Rasmussen said NATO must act.\n"
    meta = {"date": "2023-06-16", "time": "09:52", "location": "Kyiv, Ukraine"}
    start, end = span(text, "Rasmussen")
    document = {"id": "rasmussen", "text": text, "meta": meta}
    texts = write_jsonl(tmp_path / "texts.jsonl", [document])
    annotated = write_jsonl(
        tmp_path / "annotated.jsonl",
        [
            {
                **document,
                "annotations": [
                    {"analyst": "olena", "label": "actor", "start": start, "end": end},
                ],
            }
        ],
    )
    db = project_db
    cli.ok("import", annotated, "--db", db)

    out = tmp_path / "spans.csv"
    cli.ok("export", "--format", "csv", "--out", out, "--db", db)
    [row] = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""))
    assert (row["document_date"], row["document_time"], row["document_location"]) == (
        "2023-06-16",
        "09:52",
        "Kyiv, Ukraine",
    )
    assert (row["label"], row["text"]) == ("actor", "Rasmussen")

    # the metadata columns are read over: the spans go to the document already in the other project
    second = tmp_path / "second.sqlite"
    cli.ok("import", texts, "--db", second)
    result = cli.ok("import", out, "--db", second)
    assert result.stdout == "imported 1 file: 0 new documents, 1 already present, 1 annotation added\n"
    back = tmp_path / "back.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", back, "--db", second)
    [doc] = read_jsonl(back).values()
    assert doc["meta"] == meta
    assert [(a["label"], a["text"], a["analyst"]) for a in doc["annotations"]] == [("actor", "Rasmussen", "olena")]
