"""Blind mode: an analyst's session never shows, counts or exports another analyst's annotations."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project

from .helpers import ann, write_jsonl

FIRST = "Rasmussen said NATO may send troops to Ukraine if the summit in Vilnius fails."
SECOND = "Stoltenberg said security guarantees will be discussed in Vilnius."


def _article(path):
    """Both analysts' work on two articles, each with a speaker relation of its own."""
    return write_jsonl(
        path,
        {
            "id": "rasmussen",
            "text": FIRST,
            "annotations": [
                ann(FIRST, "Rasmussen", "actor", id="o1", analyst="olena"),
                ann(FIRST, "NATO may send troops to Ukraine", "quote", id="o2", analyst="olena"),
                ann(FIRST, "Rasmussen", "actor", id="m1", analyst="mykola"),
                ann(FIRST, "NATO may send troops", "quote", id="m2", analyst="mykola"),
                ann(FIRST, "if the summit in Vilnius fails", "condition", id="m3", analyst="mykola"),
            ],
            "relations": [
                {"id": "r1", "type": "speaker", "from": "o2", "to": "o1", "analyst": "olena"},
                {"id": "r2", "type": "speaker", "from": "m2", "to": "m1", "analyst": "mykola"},
            ],
        },
        {
            "id": "stoltenberg",
            "text": SECOND,
            "annotations": [
                ann(SECOND, "Stoltenberg", "actor", id="m4", analyst="mykola"),
                ann(SECOND, "security guarantees", "guarantee_type", id="m5", analyst="mykola"),
            ],
        },
    )


@pytest.fixture
def db(tmp_path, project_db):
    path = project_db
    reviewer = Project.open(path, analyst="rita", reviewer=True)
    try:
        reviewer.import_paths([_article(tmp_path / "work.jsonl")])
        for doc in reviewer.document_ids():
            reviewer.review.set_status(doc, "done", analyst="mykola")
        reviewer.set_blind(True)
    finally:
        reviewer.close()
    return path


@pytest.fixture
def olena(db):
    project = Project.open(db, analyst="olena", reviewer=False)
    yield project
    project.close()


def ids(project):
    return {d.external_id: d.id for d in project.document_summaries()}


def mykola_annotation(db):
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    try:
        doc = ids(reviewer)["rasmussen"]
        return next(a for a in reviewer.annotations(doc) if a.analyst == "mykola")
    finally:
        reviewer.close()


def test_blind_session_sees_and_counts_only_its_own_work(olena):
    assert olena.blind
    docs = ids(olena)
    first, second = docs["rasmussen"], docs["stoltenberg"]
    assert [(a.analyst, FIRST[a.start : a.end]) for a in olena.annotations(first)] == [
        ("olena", "Rasmussen"),
        ("olena", "NATO may send troops to Ukraine"),
    ]
    assert olena.annotations(second) == []
    assert [(r.analyst, r.type) for r in olena.relations(first)] == [("olena", "speaker")]
    assert {s.external_id: s.annotation_count for s in olena.document_summaries()} == {"rasmussen": 2, "stoltenberg": 0}
    assert olena.analysts() == ["olena"]
    with pytest.raises(AnnotatorError, match="blind mode"):
        olena.annotations(first, ["mykola"])
    with pytest.raises(AnnotatorError, match="blind mode"):
        olena.annotations(first, ["olena", "mykola"])


def test_the_same_session_without_blind_mode_sees_everyone(db):
    """The control: the restrictions above come from blind mode, not from an empty project."""
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    reviewer.set_blind(False)
    reviewer.close()
    olena = Project.open(db, analyst="olena")
    try:
        assert olena.analysts() == ["mykola", "olena"]
        assert {s.external_id: s.annotation_count for s in olena.document_summaries()} == {
            "rasmussen": 5,
            "stoltenberg": 2,
        }
    finally:
        olena.close()


def test_reviewer_sees_everything_in_blind_mode(db):
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    try:
        assert reviewer.blind
        docs = ids(reviewer)
        assert reviewer.analysts() == ["mykola", "olena"]
        assert {s.external_id: s.annotation_count for s in reviewer.document_summaries()} == {
            "rasmussen": 5,
            "stoltenberg": 2,
        }
        assert sorted(r.analyst for r in reviewer.relations(docs["rasmussen"])) == ["mykola", "olena"]
        kinds = sorted(p.kind for p in reviewer.review.compare(docs["rasmussen"], "olena", "mykola"))
        assert kinds == ["boundary", "match", "only_b"]
        assert reviewer.review.agreement("olena", "mykola").overall.count_b == 5
    finally:
        reviewer.close()


def test_another_analysts_annotation_cannot_be_read_changed_or_deleted(db, olena):
    theirs = mykola_annotation(db)
    with pytest.raises(AnnotatorError, match="blind mode"):
        olena.annotation(theirs.id)
    with pytest.raises(AnnotatorError, match="mykola"):
        olena.update_annotation(theirs.id, label="quote")
    with pytest.raises(AnnotatorError, match="mykola"):
        olena.update_annotation(theirs.id, start=0, end=3)
    with pytest.raises(AnnotatorError, match="mykola"):
        olena.delete_annotation(theirs.id)
    assert mykola_annotation(db) == theirs
    # her own work stays editable
    doc = ids(olena)["rasmussen"]
    mine = olena.annotations(doc)[0]
    assert olena.annotation(mine.id) == mine
    assert olena.update_annotation(mine.id, note="checked").note == "checked"


def test_comparing_measuring_and_the_review_log_are_refused(olena):
    doc = ids(olena)["rasmussen"]
    with pytest.raises(AnnotatorError, match="reviewer"):
        olena.review.compare(doc, "olena", "mykola")
    with pytest.raises(AnnotatorError, match="reviewer"):
        olena.review.agreement("olena", "mykola")
    with pytest.raises(AnnotatorError, match="reviewer"):
        olena.review.decisions()
    with pytest.raises(AnnotatorError, match="blind mode"):
        olena.review.gold(doc)  # gold copies other analysts' spans
    with pytest.raises(AnnotatorError, match="reviewer"):
        olena.set_blind(False)
    assert olena.blind


def test_blind_export_to_jsonl_holds_only_own_spans_and_status(olena, tmp_path):
    out = tmp_path / "mine.jsonl"
    report = olena.export("jsonl", out)
    assert report.annotations == 2
    content = out.read_text(encoding="utf-8")
    assert "mykola" not in content  # neither spans, relations nor status
    docs = {d["id"]: d for d in map(json.loads, content.splitlines())}
    assert set(docs) == {"rasmussen", "stoltenberg"}  # the articles themselves are shared
    assert [(a["analyst"], a["text"]) for a in docs["rasmussen"]["annotations"]] == [
        ("olena", "Rasmussen"),
        ("olena", "NATO may send troops to Ukraine"),
    ]
    assert [r["analyst"] for r in docs["rasmussen"]["relations"]] == ["olena"]
    assert docs["stoltenberg"].get("annotations", []) == []


def test_blind_export_to_csv_holds_only_own_spans(olena, tmp_path):
    out = tmp_path / "mine.csv"
    olena.export("csv", out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["analyst"], r["text"]) for r in rows) == [
        ("olena", "NATO may send troops to Ukraine"),
        ("olena", "Rasmussen"),
    ]
    assert "mykola" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("analysts", [["mykola"], ["olena", "mykola"], ["gold"]])
def test_blind_export_of_another_set_is_refused_and_writes_nothing(olena, tmp_path, analysts):
    out = tmp_path / "theirs.jsonl"
    with pytest.raises(AnnotatorError, match="blind mode"):
        olena.export("jsonl", out, analysts=analysts)
    assert not out.exists()


def test_a_one_set_format_exports_the_analysts_own_set_without_asking(olena, tmp_path):
    out = tmp_path / "brat"
    report = olena.export("brat", out)
    assert report.annotations == 2
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.ann"))
    assert "Stoltenberg" not in text and "condition" not in text
