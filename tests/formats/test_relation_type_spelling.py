"""Relation type names travel through jsonl, brat, Label Studio and XMI exactly as written (case and underscores)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import formats
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord

TEXT = "Poland offered Ukraine air defence if asked.\n"
TYPES = ["PROVIDER", "Condition_Of", "recipient"]


def part(label: str, needle: str, ident: str) -> AnnotationRecord:
    start = TEXT.index(needle)
    return AnnotationRecord(label, start, start + len(needle), analyst="olena", id=ident)


def document() -> DocumentRecord:
    return DocumentRecord(
        TEXT,
        external_id="poland",
        annotations=[
            part("actor", "Poland", "a1"),
            part("actor", "Ukraine", "a2"),
            part("guarantee_type", "air defence", "g1"),
            part("condition", "if asked", "c1"),
        ],
        relations=[
            RelationRecord("PROVIDER", "g1", "a1", analyst="olena", id="r1"),
            RelationRecord("Condition_Of", "c1", "g1", analyst="olena", id="r2"),
            RelationRecord("recipient", "g1", "a2", analyst="olena", id="r3"),
        ],
    )


def read_back(name: str, out: Path) -> list[DocumentRecord]:
    fmt = formats.get(name)
    if fmt.writes_folder:
        return [doc for path in sorted(out.glob(f"*{fmt.extensions[0]}")) for doc in fmt.read(path)]
    return list(fmt.read(out))


@pytest.mark.parametrize(
    ("name", "out_name"), [("jsonl", "o.jsonl"), ("brat", "brat"), ("labelstudio", "o.json"), ("xmi", "xmi")]
)
def test_written_relation_types_read_back_with_their_spelling(tmp_path, name, out_name):
    out = tmp_path / out_name
    report = formats.get(name).write([document()], out)
    assert not [what for what in report.lost if "relation" in what]
    [doc] = read_back(name, out)
    ends = {a.id: (a.start, a.end) for a in doc.annotations}
    got = sorted((r.type, ends[r.source], ends[r.target]) for r in doc.relations)
    span = {a.id: (a.start, a.end) for a in document().annotations}
    assert got == sorted((r.type, span[r.source], span[r.target]) for r in document().relations)
    assert sorted(r.type for r in doc.relations) == sorted(TYPES)


def test_brat_reader_keeps_relation_types_as_the_file_writes_them(tmp_path):
    (tmp_path / "s.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "s.ann").write_text(
        "T1\tactor 0 6\tPoland\n"
        "T2\tguarantee_type 23 34\tair defence\n"
        "T3\tcondition 35 43\tif asked\n"
        "R1\tPROVIDER Arg1:T2 Arg2:T1\n"
        "R2\tCondition_Of Arg1:T3 Arg2:T2\n",
        encoding="utf-8",
    )
    [doc] = formats.get("brat").read(tmp_path / "s.ann")
    assert [(r.type, r.source, r.target) for r in doc.relations] == [
        ("PROVIDER", "T2", "T1"),
        ("Condition_Of", "T3", "T2"),
    ]
