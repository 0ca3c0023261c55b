"""brat through the command line: brat's own files import with their spans; exports need one set and read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.helpers import LF_TEXT, jsonl_documents, span, write_jsonl

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "brat"


def export_jsonl(cli, db, out) -> dict[str, dict]:
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {d["id"]: d for d in docs}


def spans(doc: dict) -> list[tuple]:
    return sorted((a["label"], a["start"], a["end"], a["text"]) for a in doc["annotations"])


def test_brat_folder_imports_with_the_spans_brat_meant(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", INTEROP, "--db", db)
    assert (
        result.stdout
        == "imported 4 files: 4 new documents, 0 already present, 43 annotations added, 3 relations added\n"
    )
    warnings = [line for line in result.err_lines if line.startswith("annotator: warning: ")]
    assert (
        f"annotator: warning: {INTEROP / 'news-000-introduction.ann'}:17: normalisations (N lines) not imported: 1 (line 17)"
        in warnings
    )
    assert (
        f"annotator: warning: {INTEROP / 'news-090-event_structures.ann'}:4: events (E lines) not imported, only their trigger spans: 6 (lines 4, 7, 14, 16, 18, 20)"
        in warnings
    )
    assert any("equivalences (* lines)" in line for line in warnings)
    assert (
        "annotator: added to the label schema: Token, Organization, Money, Transfer-money, Person, GPE, Merge-org, Report"
        in result.err_lines
    )

    docs = export_jsonl(cli, db, tmp_path / "x.jsonl")
    assert set(docs) == {
        "news-000-introduction",
        "news-060-relation_annotation",
        "news-090-event_structures",
        "dkpro-document0c-discontinuous",
    }
    news = {a["text"]: a for a in docs["news-000-introduction"]["annotations"]}
    assert (news["Citibank"]["start"], news["Citibank"]["end"]) == (418, 426)
    assert news["Citibank"]["label"] == "Organization"  # brat's type, added to the schema as it is spelt
    assert news["Raul Salinas de Gortari"]["attributes"] == {"Mention": "Name", "Individual": "true"}
    assert news["$100 million"]["note"] == "100000000 USD"
    ids = {a["id"]: a["text"] for a in docs["news-000-introduction"]["annotations"]}
    assert sorted((r["type"], ids[r["from"]], ids[r["to"]]) for r in docs["news-000-introduction"]["relations"]) == [
        ("Family", "Raul Salinas de Gortari", "former Mexican president"),
        ("Origin", "banks", "Switzerland"),
    ]
    assert ("Token", 5, 9, "is\na") in spans(docs["dkpro-document0c-discontinuous"])
    assert ("Merge-org", 545, 551, "merged") in spans(docs["news-090-event_structures"])
    assert len(docs["news-060-relation_annotation"]["annotations"]) == 10


def test_a_broken_ann_is_refused_with_file_and_line(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Short text.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tactor 0 5\tShort\nT2\tactor 0 x\tS\nT3\tactor 6 99\ttext.\n", encoding="utf-8")
    db = tmp_path / "p.sqlite"
    result = cli("import", folder, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        f"annotator: error: {folder / 'a.ann'}:2: malformed span 'actor 0 x': expected 'Type START END' (fragments joined by ';')"
    ]
    (folder / "a.ann").write_text("T1\tactor 0 5\tShort\nT3\tactor 6 99\ttext.\n", encoding="utf-8")
    result = cli("import", folder, "--db", db)
    assert result.returncode == 1
    assert result.err_lines == [
        f"annotator: error: {folder / 'a.ann'}:2: span 6-99 ends beyond the text (11 characters)"
    ]
    assert cli.documents(db) == []


def two_analysts(cli, tmp_path) -> Path:
    """A project with olena's annotations from the sample JSONL and one span of bob's."""
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "in.jsonl", jsonl_documents()), "--db", db)
    first = jsonl_documents(with_annotations=False)[0]
    start, end = span(LF_TEXT, "NATO")
    first["annotations"] = [{"label": "actor", "start": start, "end": end, "analyst": "bob"}]
    cli.ok("import", write_jsonl(tmp_path / "bob.jsonl", [first]), "--db", db)
    return db


def test_export_needs_one_analyst_then_reimports_the_same_spans(cli, tmp_path):
    db = two_analysts(cli, tmp_path)
    out = tmp_path / "brat"
    refused = cli("export", "--format", "brat", "--out", out, "--db", db)
    assert refused.returncode == 1 and "--analyst" in refused.stderr and "--gold" in refused.stderr
    assert not out.exists()

    result = cli.ok("export", "--format", "brat", "--out", out, "--db", db, "--analyst", "olena")
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    assert "annotator: warning: 1 metadata fields not exported (e.g. doc-crlf: source)" in result.err_lines
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf",
        "doc-crlf.ann",
        "doc-crlf.txt",
        "doc-formula.ann",
        "doc-formula.txt",
    ]
    # the quote crosses a line break: brat gets two fragments, joined again on reading
    start, end = span(LF_TEXT, "NATO must act.\nMore")
    assert f"\tquote {start} {end - 5};{end - 4} {end}\tNATO must act. More\n" in (out / "doc-crlf.ann").read_text(
        encoding="utf-8"
    )

    fresh = tmp_path / "fresh.sqlite"
    again = cli.ok("import", out, "--db", fresh, "--analyst", "olena")
    assert (
        again.stdout == "imported 2 files: 2 new documents, 0 already present, 3 annotations added, 1 relations added\n"
    )
    before = export_jsonl(cli, db, tmp_path / "before.jsonl")
    after = export_jsonl(cli, fresh, tmp_path / "after.jsonl")
    assert set(after) == {"doc-crlf", "doc-formula"}
    for key, doc in after.items():
        olena = [a for a in before[key]["annotations"] if a["analyst"] == "olena"]
        assert spans(doc) == spans({"annotations": olena})
        assert doc["text"] == before[key]["text"]
        assert sorted((a["label"], a["attributes"], a["note"]) for a in doc["annotations"]) == sorted(
            (a["label"], a["attributes"], a["note"]) for a in olena
        )
    by_id = {a["id"]: a["label"] for a in after["doc-crlf"]["annotations"]}
    assert [(r["type"], by_id[r["from"]], by_id[r["to"]]) for r in after["doc-crlf"]["relations"]] == [
        ("speaker", "quote", "actor")
    ]


def test_a_brat_pair_named_directly_imports_with_its_text(cli, tmp_path):
    shutil.copy(INTEROP / "news-060-relation_annotation.ann", tmp_path / "n.ann")
    shutil.copy(INTEROP / "news-060-relation_annotation.txt", tmp_path / "n.txt")
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", tmp_path / "n.ann", "--db", db)
    assert result.stdout.startswith(
        "imported 1 file: 1 new document, 0 already present, 10 annotations added, 1 relations added"
    )
    [row] = cli.documents(db)
    assert row[1:4] == ["n", "10", str(len((tmp_path / "n.txt").read_text(encoding="utf-8")))]


def test_notes_of_other_types_come_back_with_their_type(cli, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "fi.txt").write_text("aikuinen sanoi", encoding="utf-8")
    ann = "T1\tactor 0 8\taikuinen\n#1\tLemma T1\taikuinen\n#2\tAnnotatorNotes T1\tan adult\n"
    (source / "fi.ann").write_text(ann, encoding="utf-8")
    db = tmp_path / "p.sqlite"
    cli.ok("import", source, "--db", db)
    [stored] = export_jsonl(cli, db, tmp_path / "x.jsonl")["fi"]["annotations"]
    assert (stored["note"], stored["attributes"]) == ("an adult", {"#Lemma": "aikuinen"})  # kept apart in the project
    out = tmp_path / "out"
    cli.ok("export", "--format", "brat", "--out", out, "--db", db)
    assert (out / "fi.ann").read_text(encoding="utf-8") == ann  # not "#1 AnnotatorNotes T1 aikuinen"
