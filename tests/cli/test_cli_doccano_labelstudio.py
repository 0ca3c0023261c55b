"""doccano and Label Studio on the command line: their real files import with exact spans, exports need one set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import write_jsonl

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
LS = INTEROP / "label_studio"
DOCCANO = INTEROP / "doccano"

RAW = "Zelensky 🇺🇦 said: “We need guarantees.”\r\nPoland agreed 😀 too."
TEXT = RAW.replace("\r\n", "\n")


def exported(cli, db, tmp_path, name="check.jsonl") -> dict[str, dict]:
    """The project as native JSONL, by document text (ids differ between projects)."""
    out = tmp_path / name
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {d["text"]: d for d in docs}


def spans(doc: dict, analyst: str | None = None) -> list[tuple[str, int, int, str]]:
    return sorted(
        (a["label"], a["start"], a["end"], a["text"]) for a in doc["annotations"] if analyst in (None, a["analyst"])
    )


@pytest.fixture
def two_analysts(cli, tmp_path):
    """A project with olena's and taras's sets over a text with a flag, an emoji and a CRLF."""

    def where(part):
        start = RAW.index(part)
        return {"start": start, "end": start + len(part), "text": part}

    doc = {
        "id": "zelensky",
        "title": "Zelensky on guarantees",
        "text": RAW,
        "meta": {"date": "2023-06-16"},
        "annotations": [
            {"id": "a1", "analyst": "olena", "label": "actor", **where("Zelensky"), "attributes": {"kind": "person"}},
            {
                "id": "a2",
                "analyst": "olena",
                "label": "quote",
                **where("“We need guarantees.”\r\nPoland"),
                "note": "too long?",
            },
            {"id": "a3", "analyst": "olena", "label": "guarantee_type", **where("guarantees")},
            {"id": "b1", "analyst": "taras", "label": "actor", **where("Poland")},
        ],
        "relations": [{"id": "r1", "analyst": "olena", "type": "speaker", "from": "a2", "to": "a1"}],
    }
    db = tmp_path / "two.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "two.jsonl", [doc]), "--db", db)
    return db


# --- importing the tools' own files


def test_label_studio_export_imports_with_code_point_offsets(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", LS / "ls-1.23.2-export.json", "--db", db)
    assert result.stdout == "imported 1 file: 2 new documents, 0 already present, 10 annotations added\n"
    assert result.stderr == ""  # "Actor", "Guarantee type" ... are the schema's labels by display name
    docs = exported(cli, db, tmp_path)
    short = docs["Zelensky 🇺🇦 said: “We need guarantees before Vilnius.” Poland agreed 😀."]
    assert spans(short) == [
        ("actor", 0, 8, "Zelensky"),
        ("actor", 55, 61, "Poland"),
        ("quote", 18, 54, "“We need guarantees before Vilnius.”"),
    ]
    assert {a["analyst"] for a in short["annotations"]} == {"ls-user-1"}
    [article] = [d for text, d in docs.items() if text.startswith("Some NATO")]
    assert ("guarantee_type", 2302, 2322, "intelligence sharing") in spans(article)
    assert ("actor", 236, 257, "Anders Fogh Rasmussen") in spans(article)
    assert article["meta"] == {"date": "2023-06-16", "location": "Kyiv, Ukraine", "ls_task_id": "1"}


def test_label_studio_min_export_predictions_and_editor_example_import(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    cli.ok("import", LS / "ls-1.23.2-export.json", "--db", db)
    # the same tasks as JSON_MIN are the same documents and the same annotations
    same = cli.ok("import", LS / "ls-1.23.2-export-min.json", "--db", db)
    assert (
        same.stdout == "imported 1 file: 0 new documents, 2 already present, 0 annotations added, 10 already present\n"
    )
    # the editor example is Label Studio task 1 too, but another text: it must not clash with the export's task 1
    result = cli.ok(
        "--analyst",
        "reader",
        "import",
        LS / "ner_annotations_example.json",
        LS / "ner_tasks_with_predictions.json",
        "--db",
        db,
    )
    assert result.stdout == "imported 2 files: 1 new document, 0 already present, 2 annotations added\n"
    assert result.err_lines == ["annotator: added to the label schema: Date"]
    [cocoa] = [d for text, d in exported(cli, db, tmp_path).items() if text.startswith("Showers")]
    assert sorted((a["analyst"], a["label"], a["start"], a["end"], a["text"]) for a in cocoa["annotations"]) == [
        ("prediction:model 1", "Date", 343, 354, "February 22"),
        ("reader", "Date", 343, 354, "February 22"),
    ]


def test_doccano_files_import_with_their_spans_and_relations(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok(
        "import", DOCCANO / "export_sequence_labeling.jsonl", DOCCANO / "import_relation_extraction.jsonl", "--db", db
    )
    assert (
        result.stdout
        == "imported 2 files: 4 new documents, 0 already present, 8 annotations added, 3 relations added\n"
    )
    docs = exported(cli, db, tmp_path)
    assert spans(docs["EU rejects German call to boycott British lamb."]) == [
        ("MISC", 11, 17, "German"),
        ("ORG", 0, 2, "EU"),
    ]
    assert spans(docs["President Obama"]) == [("PERSON", 10, 15, "Obama")]
    google = docs["Google was founded on September 4, 1998, by Larry Page and Sergey Brin."]
    by_id = {a["id"]: a["text"] for a in google["annotations"]}
    assert sorted((r["type"], by_id[r["from"]], by_id[r["to"]]) for r in google["relations"]) == [
        ("foundedAt", "Google", "September 4, 1998"),
        ("foundedBy", "Google", "Larry Page"),
        ("foundedBy", "Google", "Sergey Brin"),
    ]


def test_doccano_intent_detection_export_imports_its_entities_and_reports_its_categories(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    text = "Book a flight 😀 from Kyiv to Vilnius"
    kyiv = text.index("Kyiv") + 1  # doccano counts the emoji as two UTF-16 units
    path = write_jsonl(
        tmp_path / "intents.jsonl",
        [
            {
                "id": 1,
                "text": text,
                "entities": [[kyiv, kyiv + 4, "City"], [kyiv + 8, kyiv + 15, "City"]],
                "cats": ["flight"],
            },
        ],
    )
    result = cli.ok("import", path, "--db", db)
    assert result.stdout == "imported 1 file: 1 new document, 0 already present, 2 annotations added\n"
    assert (
        f"""annotator: warning: {path}:1: document categories ("cats") not imported (text classification): 'flight'"""
        in result.err_lines
    )
    (doc,) = exported(cli, db, tmp_path).values()
    assert [(start, end, covered) for _, start, end, covered in spans(doc)] == [(21, 25, "Kyiv"), (29, 36, "Vilnius")]
    assert doc["meta"] == {}


def test_doccano_record_without_text_refuses_the_whole_file(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    path = DOCCANO / "import_sequence_labeling_with_meta.jsonl"
    result = cli("import", path, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        f'annotator: error: {path}:3: record has no "text" (doccano needs the text of every example)'
    ]
    assert cli.documents(db) == []  # lines 1 and 2 were fine, and were not imported either


def test_label_studio_span_that_does_not_cover_its_quoted_text_is_refused(cli, tmp_path):
    task = {
        "data": {"text": "😀 Kyiv and Lviv"},
        "annotations": [
            {
                "result": [
                    {
                        "id": "r1",
                        "type": "labels",
                        "from_name": "label",
                        "to_name": "text",
                        "value": {"start": 2, "end": 6, "text": "Lviv", "labels": ["actor"]},
                    }
                ]
            }
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    db = tmp_path / "p.sqlite"
    result = cli("import", path, "--db", db)
    assert result.returncode == 1
    assert result.err_lines == [f"annotator: error: {path}:1: span 2-6 covers 'Kyiv' but the file says 'Lviv'"]
    assert cli.documents(db) == []


# --- exporting one annotation set


@pytest.mark.parametrize("fmt,name", [("doccano", "out.jsonl"), ("labelstudio", "out.json")])
def test_export_from_two_analysts_needs_a_choice(cli, tmp_path, two_analysts, fmt, name):
    result = cli("export", "--format", fmt, "--out", tmp_path / name, "--db", two_analysts)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.err_lines
    assert re.fullmatch(
        rf"annotator: error: the {fmt} format holds one annotation set .*\(olena, taras\).*--analyst NAME or --gold",
        line,
    )
    assert not (tmp_path / name).exists()


def test_doccano_export_of_one_analyst_reimports_with_identical_spans(cli, tmp_path, two_analysts):
    out = tmp_path / "olena.jsonl"
    result = cli.ok("export", "--format", "doccano", "--out", out, "--db", two_analysts, "--analyst", "olena")
    assert result.stdout == f"exported 1 documents and 3 annotations to {out}\n"
    assert sorted(result.err_lines) == [
        "annotator: warning: 1 attributes not exported (e.g. zelensky: actor 0-8 kind=person)",
        "annotator: warning: 1 notes not exported (e.g. zelensky: quote 18-46: too long?)",
        "annotator: warning: 1 relations not exported (e.g. zelensky: speaker "
        + line_relation(cli, two_analysts, tmp_path)
        + ")",
    ]
    [written] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert written["id"] == "zelensky" and written["text"] == TEXT
    # UTF-16 units: the flag's two regional indicators take four
    assert sorted(written["label"]) == [[0, 8, "actor"], [20, 48, "quote"], [29, 39, "guarantee_type"]]
    assert written["meta"] == {"date": "2023-06-16", "title": "Zelensky on guarantees"}

    fresh = tmp_path / "fresh.sqlite"
    again = cli.ok("import", out, "--db", fresh, "--analyst", "olena")
    assert again.stdout == "imported 1 file: 1 new document, 0 already present, 3 annotations added\n"
    original = exported(cli, two_analysts, tmp_path, "a.jsonl")[TEXT]
    copy = exported(cli, fresh, tmp_path, "b.jsonl")[TEXT]
    assert spans(copy) == spans(original, "olena")
    assert (copy["id"], copy["title"], copy["meta"]) == ("zelensky", "Zelensky on guarantees", {"date": "2023-06-16"})


def test_label_studio_export_of_one_analyst_reimports_with_identical_spans_and_relations(cli, tmp_path, two_analysts):
    out = tmp_path / "olena.json"
    result = cli.ok("export", "--format", "labelstudio", "--out", out, "--db", two_analysts, "--analyst", "olena")
    assert result.stdout == f"exported 1 documents and 3 annotations to {out}\n"
    assert sorted(line.split(" (e.g.")[0] for line in result.err_lines) == [
        "annotator: warning: 1 attributes not exported",
        "annotator: warning: 1 notes not exported",
    ]
    [task] = json.loads(out.read_text(encoding="utf-8"))
    regions = {
        r["value"]["text"]: (r["value"]["start"], r["value"]["end"])
        for r in task["annotations"][0]["result"]
        if r["type"] == "labels"
    }
    assert regions == {
        "Zelensky": (0, 8),
        "guarantees": (27, 37),
        "“We need guarantees.”\nPoland": (18, 46),
    }  # code points
    config = (tmp_path / "olena.label_config.xml").read_text(encoding="utf-8")
    assert '<Label value="actor"/>' in config and '<Relation value="speaker"/>' in config

    fresh = tmp_path / "fresh.sqlite"
    again = cli.ok("import", out, "--db", fresh, "--analyst", "olena")
    assert (
        again.stdout == "imported 1 file: 1 new document, 0 already present, 3 annotations added, 1 relations added\n"
    )
    original = exported(cli, two_analysts, tmp_path, "a.jsonl")[TEXT]
    copy = exported(cli, fresh, tmp_path, "b.jsonl")[TEXT]
    assert spans(copy) == spans(original, "olena")
    texts = {a["id"]: a["text"] for a in copy["annotations"]}
    assert [(r["type"], texts[r["from"]], texts[r["to"]]) for r in copy["relations"]] == [
        ("speaker", "“We need guarantees.”\nPoland", "Zelensky"),
    ]
    assert (copy["id"], copy["title"], copy["meta"]) == ("zelensky", "Zelensky on guarantees", {"date": "2023-06-16"})


def line_relation(cli, db, tmp_path) -> str:
    """How the project names olena's relation: "<quote id> -> <actor id>" (ids are the project's)."""
    doc = exported(cli, db, tmp_path, "ids.jsonl")[TEXT]
    [relation] = doc["relations"]
    return f"{relation['from']} -> {relation['to']}"
