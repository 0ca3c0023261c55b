"""CoNLL through the command line: the tools' files import with their chunks; export needs one annotation set."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.helpers import span, write_jsonl

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"

# Already in CoNLL's token layout, so the text survives a round trip unchanged and so do offsets.
TOKEN_TEXT = "Rasmussen said : “ NATO must act . ”\nPoland may send troops ."
NATURAL_TEXT = "Zelensky 🇺🇦 said: “We need guarantees before Vilnius.”\r\nPoland agreed 😀."


def export_jsonl(cli, db: Path, out: Path) -> list[dict]:
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def spans_of(document: dict) -> list[tuple[str, int, int, str]]:
    return sorted((a["label"], a["start"], a["end"], a["text"]) for a in document["annotations"])


def test_tool_files_import_with_the_chunks_their_tools_meant(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok(
        "import",
        INTEROP / "conll" / "spacy-ner-token-per-line-conll2003.iob",
        INTEROP / "conll" / "spacy-ner-token-per-line.iob",
        INTEROP / "doccano" / "import_sequence_labeling.conll",
        INTEROP / "label_studio" / "ls-1.23.2-export.conll",
        "--db",
        db,
    )
    # the two spaCy files differ by one line break, so they are two documents
    assert result.stdout == "imported 4 files: 4 new documents, 0 already present, 25 annotations added\n"
    cli.ok("import", INTEROP / "conll" / "seqeval-ground_truth-conlleval.txt", "--format", "conll", "--db", db)

    docs = {d["id"]: d for d in export_jsonl(cli, db, tmp_path / "all.jsonl")}
    spacy = docs["spacy-ner-token-per-line-conll2003"]
    assert spacy["text"].startswith("When Sebastian Thrun started")
    assert ("PERSON", 5, 20, "Sebastian Thrun") in spans_of(spacy)  # spelt as in the file
    assert ("ORG", 63, 69, "Google") in spans_of(spacy)
    assert len(spacy["annotations"]) == 7 and len(docs["spacy-ner-token-per-line"]["annotations"]) == 7

    assert docs["import_sequence_labeling"]["text"] == "JAPAN GET\nNadim Ladki"
    assert spans_of(docs["import_sequence_labeling"]) == [("LOC", 0, 5, "JAPAN"), ("PER", 10, 21, "Nadim Ladki")]

    studio = docs["ls-1.23.2-export"]
    text = studio["text"]
    labels = {a["label"] for a in studio["annotations"]}
    assert labels == {"actor", "quote", "condition", "guarantee_type"}  # "Guarantee type" is the schema's label
    assert ("guarantee_type", *span(text, "intelligence sharing"), "intelligence sharing") in spans_of(studio)
    zelensky = text.index("Zelensky 🇺🇦")
    assert ("actor", zelensky, zelensky + 8, "Zelensky") in spans_of(studio)
    assert (
        "quote",
        *span(text, "“We need guarantees before Vilnius.”"),
        "“We need guarantees before Vilnius.”",
    ) in spans_of(studio)

    seqeval = docs["seqeval-ground_truth-conlleval"]
    assert len(seqeval["annotations"]) == 539  # conlleval finds 539 phrases in the last column
    assert ("NP", 0, 28, "Rockwell International Corp.") in spans_of(seqeval)


def test_a_broken_file_is_refused_with_file_and_line(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    good = tmp_path / "good.conll"
    good.write_text("Kyiv B-LOC\nwaits O\n", encoding="utf-8")
    bad = tmp_path / "bad.iob"
    bad.write_text("Kyiv NNP B-LOC\nwaits O\n\nNATO NNP Q\n", encoding="utf-8")
    result = cli("import", good, bad, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        f"annotator: error: {bad}:2: 2 columns, but line 1 has 3",
        f"annotator: error: {bad}:4: tag 'Q' is not O or a B-, I-, E-, S-, L- or U- prefix with a label",
    ]
    assert cli.documents(db) == []  # the good file was not imported either


def two_analysts_project(cli, tmp_path) -> Path:
    def ann(label, text, part, analyst, **extra):
        start, end = span(text, part)
        return {"label": label, "start": start, "end": end, "analyst": analyst, **extra}

    documents = [
        {
            "id": "tokens",
            "text": TOKEN_TEXT,
            "annotations": [
                ann("actor", TOKEN_TEXT, "Rasmussen", "olena", attributes={"kind": "person"}),
                ann("quote", TOKEN_TEXT, "“ NATO must act . ”", "olena"),
                ann("actor", TOKEN_TEXT, "Poland", "olena"),
                ann("guarantee_type", TOKEN_TEXT, "send troops", "olena"),
                ann("actor", TOKEN_TEXT, "NATO", "taras"),
            ],
        },
        {
            "id": "natural",
            "text": NATURAL_TEXT,
            "annotations": [
                ann("actor", NATURAL_TEXT, "Zelensky", "olena"),
                ann("quote", NATURAL_TEXT, "“We need guarantees before Vilnius.”", "olena"),
                ann("condition", NATURAL_TEXT, "before Vilnius", "olena"),  # inside the quote: CoNLL cannot nest
                ann("actor", NATURAL_TEXT, "Poland", "olena"),
            ],
        },
    ]
    db = tmp_path / "two.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "two.jsonl", documents), "--db", db)
    return db


def test_export_from_two_analysts_needs_analyst_or_gold(cli, tmp_path):
    db = two_analysts_project(cli, tmp_path)
    out = tmp_path / "out.conll"
    result = cli("export", "--format", "conll", "--out", out, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.err_lines
    assert line.startswith("annotator: error: ") and "--analyst" in line and "--gold" in line
    assert not out.exists()


def test_export_of_one_analyst_reimports_with_the_same_spans(cli, tmp_path):
    db = two_analysts_project(cli, tmp_path)
    before = {d["id"]: d for d in export_jsonl(cli, db, tmp_path / "before.jsonl")}
    out = tmp_path / "olena.conll"  # the format comes from the extension
    result = cli.ok("export", "--out", out, "--db", db, "--analyst", "olena")
    assert result.stdout == f"exported 2 documents and 7 annotations to {out}\n"
    warnings = result.err_lines
    assert (
        "annotator: warning: 1 overlapping spans not exported (e.g. natural: condition 'before Vilnius' overlaps quote '“We need guarantees before Vilnius.”')"
        in warnings
    )
    assert "annotator: warning: 1 attributes not exported (e.g. tokens: actor 'Rasmussen' kind=person)" in warnings
    assert (
        "annotator: warning: 1 text layouts (spaces and line breaks between tokens) not exported (e.g. natural)"
        in warnings
    )
    assert "NATO\tI-quote\n" in out.read_text(encoding="utf-8")  # taras's NATO actor is not in olena's set

    fresh = tmp_path / "fresh.sqlite"
    imported = cli.ok("import", out, "--db", fresh, "--analyst", "olena")
    assert imported.stdout == "imported 1 file: 2 new documents, 0 already present, 7 annotations added\n"
    first, second = export_jsonl(cli, fresh, tmp_path / "after.jsonl")

    # the token-layout document comes back identical, offsets included
    olena_before = [a for a in before["tokens"]["annotations"] if a["analyst"] == "olena"]
    assert first["text"] == TOKEN_TEXT
    assert spans_of(first) == sorted((a["label"], a["start"], a["end"], a["text"]) for a in olena_before)
    assert {a["analyst"] for a in first["annotations"]} == {"olena"}

    # the other one is re-spaced: the same chunks over the rebuilt text, the nested condition gone
    assert second["text"] == "Zelensky 🇺🇦 said : “ We need guarantees before Vilnius . ”\nPoland agreed 😀 ."
    assert [(label, text) for label, _, _, text in spans_of(second)] == [
        ("actor", "Zelensky"),
        ("actor", "Poland"),
        ("quote", "“ We need guarantees before Vilnius . ”"),
    ]
    assert all(re.fullmatch(r"olena(-\d+)?", d["id"]) for d in (first, second))


def test_a_conll_import_exports_with_its_own_tokens(cli, tmp_path):
    original = (
        "-DOCSTART-\tO\n\n"
        "The\tO\nU.N.\tB-org\nenvoy\tO\nBan\tB-person\nKi-moon\tI-person\n,\tO\nPh.D.\tO\n,\tO\nmet\tO\nNATO\tB-org\nat\tO\n5p.m.\tO\n\n"
        "Talks\tO\nend\tO\n.\tO\n\n"
    )
    source = tmp_path / "un.conll"
    source.write_text(original, encoding="utf-8")
    db = tmp_path / "p.sqlite"
    cli.ok("import", source, "--db", db)
    out = tmp_path / "out.conll"
    result = cli.ok("export", "--format", "conll", "--out", out, "--db", db)
    assert out.read_text(encoding="utf-8") == original  # "U.N." stays one token, not "U . N ."
    assert result.err_lines == ["annotator: warning: 1 document ids not exported (e.g. un)"]


def test_a_conll_file_without_tokens_is_refused(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    empty = tmp_path / "empty.conll"
    empty.write_text("", encoding="utf-8")
    only = tmp_path / "only.conll"
    only.write_text("-DOCSTART- -X- O O\n\n", encoding="utf-8")
    for path, message in (
        (empty, f"{empty}: empty file, no tokens to import"),
        (only, f"{only}:1: only -DOCSTART- lines, no tokens to import"),
    ):
        result = cli("import", path, "--db", db)
        assert result.returncode == 1 and result.stdout == ""
        assert result.err_lines == [f"annotator: error: {message}"]
