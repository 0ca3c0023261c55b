"""Labels through the command line: a new label keeps the file's spelling in every export; a merged one is reported."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import write_jsonl

TEXT = "ACME Corp merged and runs ."
SPANS = [("ORG", "ACME Corp"), ("MERGE-ORG", "merged"), ("v-fin", "runs")]
LABELS = {"ORG", "MERGE-ORG", "v-fin"}


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _conll(folder: Path) -> Path:
    path = folder / "doc.conll"
    path.write_text("ACME B-ORG\nCorp I-ORG\nmerged B-MERGE-ORG\nand O\nruns B-v-fin\n. O\n", encoding="utf-8")
    return path


def _jsonl(folder: Path) -> Path:
    annotations = [{"label": label, "start": _span(part)[0], "end": _span(part)[1]} for label, part in SPANS]
    return write_jsonl(folder / "doc.jsonl", [{"id": "doc", "text": TEXT, "annotations": annotations}])


def _brat(folder: Path) -> Path:
    brat = folder / "brat"
    brat.mkdir()
    (brat / "doc.txt").write_text(TEXT, encoding="utf-8")
    lines = [f"T{n}\t{label} {_span(part)[0]} {_span(part)[1]}\t{part}\n" for n, (label, part) in enumerate(SPANS, 1)]
    (brat / "doc.ann").write_text("".join(lines), encoding="utf-8")
    return brat


# the labels each export writes, read back from its own files
def _from_jsonl(out: Path) -> set[str]:
    return {
        a["label"] for line in out.read_text(encoding="utf-8").splitlines() for a in json.loads(line)["annotations"]
    }


def _from_csv(out: Path) -> set[str]:
    return {row["label"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""))}


def _from_brat(out: Path) -> set[str]:
    return {line.split("\t")[1].split(" ")[0] for line in (out / "doc.ann").read_text(encoding="utf-8").splitlines()}


def _from_conll(out: Path) -> set[str]:
    tags = {line.split("\t")[-1] for line in out.read_text(encoding="utf-8").splitlines() if "\t" in line}
    assert {"B-ORG", "I-ORG", "B-MERGE-ORG", "B-v-fin"} <= tags
    return {tag[2:] for tag in tags if tag[:2] in ("B-", "I-")}


def _from_doccano(out: Path) -> set[str]:
    return {span[2] for line in out.read_text(encoding="utf-8").splitlines() for span in json.loads(line)["label"]}


def _from_labelstudio(out: Path) -> set[str]:
    results = [
        r for task in json.loads(out.read_text(encoding="utf-8")) for a in task["annotations"] for r in a["result"]
    ]
    return {label for r in results if r["type"] == "labels" for label in r["value"]["labels"]}


def _from_xmi(out: Path) -> set[str]:
    return set(re.findall(r'\blabel="([^"]*)"', (out / "doc.xmi").read_text(encoding="utf-8")))


EXPORTS = {
    "jsonl": ("x.jsonl", _from_jsonl),
    "csv": ("x.csv", _from_csv),
    "brat": ("brat-out", _from_brat),
    "conll": ("x.conll", _from_conll),
    "doccano": ("x.doccano.jsonl", _from_doccano),
    "labelstudio": ("x.json", _from_labelstudio),
    "xmi": ("xmi-out", _from_xmi),
}


@pytest.mark.parametrize(
    ("source", "exports"),
    [
        (_jsonl, list(EXPORTS)),  # every export format
        (_conll, ["conll", "jsonl", "brat"]),
        (_brat, ["brat", "conll", "jsonl"]),
    ],
    ids=["jsonl", "conll", "brat"],
)
def test_a_new_label_comes_back_spelt_as_it_was_imported(cli, tmp_path, source, exports):
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", source(tmp_path), "--db", db)
    assert "annotator: added to the label schema: ORG, MERGE-ORG, v-fin" in result.err_lines
    for name in exports:
        file_name, labels_in = EXPORTS[name]
        out = tmp_path / file_name
        cli.ok("export", "--format", name, "--out", out, "--db", db)
        assert labels_in(out) == LABELS, name


def test_a_label_matched_to_another_spelling_is_reported(cli, tmp_path):
    # ACTOR is the schema's actor, org the ORG this import adds; "Guarantee type" is guarantee_type's own display name
    text = "NATO and ACME and Acme promised guarantees."
    parts = [("ACTOR", "NATO"), ("ORG", "ACME"), ("org", "Acme"), ("Guarantee type", "guarantees")]
    annotations = [
        {"label": label, "start": text.index(part), "end": text.index(part) + len(part)} for label, part in parts
    ]
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "doc", "text": text, "annotations": annotations}])
    db = tmp_path / "p.sqlite"
    result = cli.ok("import", source, "--db", db)
    assert result.err_lines == [
        "annotator: warning: label ACTOR taken as actor",
        "annotator: warning: label org taken as ORG",
        "annotator: added to the label schema: ORG",
    ]
    out = tmp_path / "x.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    [doc] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["label"] for a in doc["annotations"]) == ["ORG", "ORG", "actor", "guarantee_type"]
