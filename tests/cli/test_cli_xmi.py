"""UIMA CAS XMI through the command line: INCEpTION/DKPro/UIMA files import with their spans; exports need one set."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.cli.helpers import LF_TEXT, jsonl_documents, span, write_jsonl

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "uima_xmi"
UIMAJ = "uimaj-casWithEmojiUnicodeTextAndAnnotations"


def export_jsonl(cli, db, out) -> dict[str, dict]:
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {d["id"]: d for d in docs}


def spans(doc: dict) -> list[tuple]:
    return sorted((a["label"], a["start"], a["end"], a["text"]) for a in doc["annotations"])


def interop_folder(tmp_path: Path) -> Path:
    """Each XMI in a folder of its own beside the type system it was exported with (as INCEpTION zips them)."""
    root = tmp_path / "xmi"
    pairs = {
        "cassis-cas_with_smileys.xmi": ("inception-TypeSystem.xml", "TypeSystem.xml"),
        "inception-relation_test.xmi": ("inception-TypeSystem.xml", "TypeSystem.xml"),
        f"{UIMAJ}.xmi": (f"{UIMAJ}-typesystem.xml", f"{UIMAJ}-typesystem.xml"),
    }
    for xmi, (typesystem, name) in pairs.items():
        folder = root / Path(xmi).stem
        folder.mkdir(parents=True)
        shutil.copy(INTEROP / xmi, folder / xmi)
        shutil.copy(INTEROP / typesystem, folder / name)
    return root


def test_interop_files_import_with_the_spans_their_tools_meant(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", interop_folder(tmp_path), "--db", db)
    assert (
        result.stdout
        == "imported 3 files: 3 new documents, 0 already present, 18 annotations added, 1 relations added\n"
    )
    assert "annotator: added to the label schema: OTH, city, state, Annotation" in result.err_lines

    docs = export_jsonl(cli, db, tmp_path / "x.jsonl")
    assert set(docs) == {"huggingface.txt", "relation_test.txt", UIMAJ}
    smileys = docs["huggingface.txt"]
    first = min(smileys["annotations"], key=lambda a: a["start"])
    assert (first["label"], first["start"], first["end"], first["text"]) == (
        "OTH",
        2,
        14,
        "Transformers",
    )  # UTF-16 3..15
    assert [a["text"] for a in sorted(smileys["annotations"], key=lambda a: a["start"])] == [
        "Transformers",
        "Transformers",
        "Transformers",
        "PyTorch",
        "TensorFlow",
    ]

    relation = docs["relation_test.txt"]
    assert relation["text"] == "Darmstadt is in Hessen.\nHannover is in Lower Saxony."  # CRLF normalised
    assert spans(relation) == [
        ("city", 0, 9, "Darmstadt"),
        ("city", 24, 32, "Hannover"),
        ("state", 16, 22, "Hessen"),
        ("state", 39, 51, "Lower Saxony"),
    ]
    by_id = {a["id"]: a["text"] for a in relation["annotations"]}
    assert [(r["type"], by_id[r["from"]], by_id[r["to"]]) for r in relation["relations"]] == [
        ("located in", "Darmstadt", "Hessen")
    ]

    emoji = docs[UIMAJ]
    assert [(a["start"], a["end"], a["text"]) for a in sorted(emoji["annotations"], key=lambda a: a["start"])][2] == (
        7,
        12,
        "👳🏻\u200d♀️",
    )
    assert len(emoji["annotations"]) == 9


def test_the_interop_folder_itself_imports_pairing_each_file_with_its_type_system(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", INTEROP, "--db", db)
    assert result.stdout.startswith("imported 3 files: 3 new documents")  # the two type systems are companions


def test_an_xxe_file_is_refused_and_nothing_leaks(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INTEROP / "inception-TypeSystem.xml", folder / "TypeSystem.xml")
    bad = folder / "evil.xmi"
    bad.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">'
        '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="&e;"/></xmi:XMI>\n',
        encoding="utf-8",
    )
    db = tmp_path / "p.sqlite"
    result = cli("import", folder, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [f"annotator: error: {bad}:2: XML with a DTD or entities is refused"]
    assert "root:" not in result.stderr
    assert cli.documents(db) == []


def test_an_xmi_without_its_type_system_is_refused_by_name(cli, tmp_path):
    alone = tmp_path / "alone.xmi"
    shutil.copy(INTEROP / "inception-relation_test.xmi", alone)
    result = cli("import", alone, "--db", tmp_path / "p.sqlite")
    assert result.returncode == 1
    assert result.err_lines == [
        f"annotator: error: {alone}: no TypeSystem.xml beside alone.xmi (an XMI cannot be read without its type system)"
    ]


def test_a_broken_xmi_names_file_and_line(cli, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(interop_folder(tmp_path) / "inception-relation_test", folder)
    path = folder / "inception-relation_test.xmi"
    raw = path.read_text(encoding="utf-8")
    path.write_text(
        raw.replace('begin="16" end="22" value="state"', 'begin="sixteen" end="22" value="state"'), encoding="utf-8"
    )
    result = cli("import", path, "--db", tmp_path / "p.sqlite")
    assert result.returncode == 1
    assert result.err_lines == [f"annotator: error: {path}:18: xmi:id 177: begin is not an integer: 'sixteen'"]


def test_a_span_ending_inside_an_emoji_is_refused_by_xmi_id_and_nothing_is_imported(cli, tmp_path):
    folder = interop_folder(tmp_path) / UIMAJ
    path = folder / f"{UIMAJ}.xmi"
    raw = path.read_text(encoding="utf-8")
    # 🥳 is UTF-16 0..2: an end of 1 falls between its halves (it used to be widened to the whole emoji)
    path.write_text(
        raw.replace('xmi:id="2" sofa="1" begin="0" end="2"', 'xmi:id="2" sofa="1" begin="0" end="1"'), encoding="utf-8"
    )
    db = tmp_path / "p.sqlite"
    result = cli("import", path, "--db", db)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        f"annotator: error: {path}:3: Annotation (xmi:id 2): end 1 splits a character (UTF-16 surrogate pair)"
    ]
    assert cli.documents(db) == []


def two_analysts(cli, tmp_path) -> Path:
    """A project with olena's annotations (attributes, notes, a relation, CRLF, an emoji) and one span of bob's."""
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "in.jsonl", jsonl_documents()), "--db", db)
    first = jsonl_documents(with_annotations=False)[0]
    start, end = span(LF_TEXT, "NATO")
    first["annotations"] = [{"label": "actor", "start": start, "end": end, "analyst": "bob"}]
    cli.ok("import", write_jsonl(tmp_path / "bob.jsonl", [first]), "--db", db)
    return db


def test_export_needs_one_analyst_then_reimports_the_same_spans(cli, tmp_path):
    db = two_analysts(cli, tmp_path)
    out = tmp_path / "xmi-out"
    refused = cli("export", "--format", "xmi", "--out", out, "--db", db)
    assert refused.returncode == 1 and refused.stdout == ""
    [line] = refused.err_lines
    assert re.fullmatch(
        r"annotator: error: the xmi format holds one annotation set .*\(bob, olena\).*--analyst NAME or --gold", line
    )
    assert not out.exists()

    result = cli.ok("export", "--format", "xmi", "--out", out, "--db", db, "--analyst", "olena")
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    assert result.err_lines == ["annotator: warning: 1 metadata fields not exported (e.g. doc-crlf: source)"]
    assert sorted(p.name for p in out.iterdir()) == ["TypeSystem.xml", "doc-crlf.xmi", "doc-formula.xmi"]
    raw = (out / "doc-crlf.xmi").read_text(encoding="utf-8")
    assert span(LF_TEXT, "Rasmussen") == (14, 23)
    assert 'begin="15" end="24" label="actor" note="former NATO chief" kind="person"' in raw  # 😀 counts two units

    fresh = tmp_path / "fresh.sqlite"
    again = cli.ok("import", out, "--db", fresh, "--analyst", "olena")
    assert (
        again.stdout == "imported 2 files: 2 new documents, 0 already present, 3 annotations added, 1 relations added\n"
    )
    assert again.stderr == ""
    before = export_jsonl(cli, db, tmp_path / "before.jsonl")
    after = export_jsonl(cli, fresh, tmp_path / "after.jsonl")
    assert set(after) == {"doc-crlf", "doc-formula"}
    for key, doc in after.items():
        olena = [a for a in before[key]["annotations"] if a["analyst"] == "olena"]
        assert doc["text"] == before[key]["text"] and doc["title"] == before[key]["title"]
        assert spans(doc) == spans({"annotations": olena})
        assert sorted((a["label"], a["attributes"], a["note"]) for a in doc["annotations"]) == sorted(
            (a["label"], a["attributes"], a["note"]) for a in olena
        )
    by_id = {a["id"]: a["label"] for a in after["doc-crlf"]["annotations"]}
    assert [(r["type"], by_id[r["from"]], by_id[r["to"]]) for r in after["doc-crlf"]["relations"]] == [
        ("speaker", "quote", "actor")
    ]
