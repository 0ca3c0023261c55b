"""Review of relations on a real project file: A's and B's relations side by side, decided into gold."""

from __future__ import annotations

import csv

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project
from tests.server_fixtures import sql_rows

from .helpers import write_jsonl

TEXT = "Rasmussen said NATO may send troops to Ukraine. Stoltenberg said guarantees will come in Vilnius."


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


SPANS = {
    "olena": [
        ("actor", "Rasmussen"),
        ("quote", "NATO may send troops"),  # mykola's is longer: a boundary pair
        ("actor", "Ukraine"),
        ("actor", "Stoltenberg"),
        ("guarantee_type", "guarantees"),
        ("actor", "Vilnius"),  # only olena
    ],
    "mykola": [
        ("actor", "Rasmussen"),
        ("quote", "NATO may send troops to Ukraine"),
        ("actor", "Ukraine"),
        ("actor", "Stoltenberg"),
        ("guarantee_type", "guarantees"),
        ("condition", "will come"),  # only mykola
    ],
}
RELATIONS = {
    "olena": [
        ("speaker", "NATO may send troops", "Rasmussen"),  # both: match (over the boundary pair)
        ("provider", "guarantees", "Stoltenberg"),  # both: match
        ("provider", "guarantees", "Ukraine"),  # mykola says recipient: type differs
        ("recipient", "guarantees", "Vilnius"),  # only olena
    ],
    "mykola": [
        ("speaker", "NATO may send troops to Ukraine", "Rasmussen"),
        ("provider", "guarantees", "Stoltenberg"),
        ("recipient", "guarantees", "Ukraine"),
        ("condition_of", "will come", "guarantees"),  # only mykola
    ],
}


@pytest.fixture
def db(tmp_path, project_db):
    path = project_db
    first = Project.open(path, analyst="olena")
    first.import_paths([write_jsonl(tmp_path / "article.jsonl", {"id": "vilnius", "text": TEXT})])
    first.close()
    for analyst in ("olena", "mykola"):
        project = Project.open(path, analyst=analyst)
        try:
            doc = project.repository.document_by_external_id("vilnius").id
            ids = {needle: project.add_annotation(doc, label, *at(needle)).id for label, needle in SPANS[analyst]}
            for type_, source, target in RELATIONS[analyst]:
                project.add_relation(doc, type_, ids[source], ids[target])
        finally:
            project.close()
    return path


@pytest.fixture
def reviewer(db):
    project = Project.open(db, analyst="rita", reviewer=True)
    yield project
    project.close()


@pytest.fixture
def doc(reviewer):
    return reviewer.repository.document_by_external_id("vilnius").id


def gold_in_file(path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The gold set as stored: (label, text) of its spans and (type, source text, target text) of its relations."""
    spans = sql_rows(
        path,
        "SELECT a.label, a.start_offset, a.end_offset FROM annotations a JOIN analysts n ON n.id = a.analyst_id"
        " WHERE n.name = 'gold'",
    )
    links = sql_rows(
        path,
        "SELECT r.type, s.start_offset, s.end_offset, t.start_offset, t.end_offset FROM relations r"
        " JOIN analysts n ON n.id = r.analyst_id JOIN annotations s ON s.id = r.source_id"
        " JOIN annotations t ON t.id = r.target_id WHERE n.name = 'gold'",
    )
    return (
        sorted((label, TEXT[s:e]) for label, s, e in spans),
        sorted((type_, TEXT[s1:e1], TEXT[s2:e2]) for type_, s1, e1, s2, e2 in links),
    )


def rows(reviewer, doc):
    return reviewer.review.relations.compare(doc, "olena", "mykola")


def row_of(reviewer, doc, kind, type_=None):
    return next(r for r in rows(reviewer, doc) if r.kind == kind and (type_ is None or r.type == type_))


def test_the_reviewer_sees_every_relation_difference(reviewer, doc):
    def text(pair):
        side = pair.a if pair.a is not None else pair.b
        return TEXT[side.start : side.end]

    seen = [
        (r.kind, r.a.type if r.a else None, r.b.type if r.b else None, text(r.source), text(r.target))
        for r in rows(reviewer, doc)
    ]
    assert seen == [
        ("match", "speaker", "speaker", "NATO may send troops", "Rasmussen"),
        ("type", "provider", "recipient", "guarantees", "Ukraine"),
        ("match", "provider", "provider", "guarantees", "Stoltenberg"),
        ("only_a", "recipient", None, "guarantees", "Vilnius"),
        ("only_b", None, "condition_of", "will come", "guarantees"),
    ]


def test_taking_a_relation_takes_its_ends_and_undo_takes_all_back(reviewer, doc, db):
    step = reviewer.review.relations.decide(doc, row_of(reviewer, doc, "type"), "take_b")
    assert gold_in_file(db) == (
        [("actor", "Ukraine"), ("guarantee_type", "guarantees")],
        [("recipient", "guarantees", "Ukraine")],
    )
    log = reviewer.review.decisions(doc)
    assert [(d.action, d.label, bool(d.relation_sources)) for d in log] == [
        ("take_b", "guarantee_type", False),
        ("take_b", "actor", False),
        ("take_b", "recipient", True),
    ]
    reviewer.review.relations.undo(step)
    assert gold_in_file(db) == ([], [])
    assert reviewer.review.decisions(doc) == []
    again = reviewer.review.relations.redo(step)
    assert gold_in_file(db)[1] == [("recipient", "guarantees", "Ukraine")]
    assert again.gold == step.gold  # the same ids as before the undo
    assert [d.id for d in reviewer.review.decisions(doc)] == [d.id for d in log]


def test_a_relation_joins_the_gold_spans_already_there_and_a_new_decision_replaces_the_old(reviewer, doc, db):
    pairs = reviewer.review.compare(doc, "olena", "mykola")
    for pair in pairs:
        if pair.kind == "match":
            reviewer.review.decide(doc, pair, "accept")
    spans_before = gold_in_file(db)[0]
    row = row_of(reviewer, doc, "type")
    reviewer.review.relations.decide(doc, row, "take_b")
    second = reviewer.review.relations.decide(doc, row, "take_a")
    assert gold_in_file(db) == (spans_before, [("provider", "guarantees", "Ukraine")])
    assert len(reviewer.review.decisions(doc)) == 4 + 2  # no span decision made for the ends
    reviewer.review.relations.undo(second)
    assert gold_in_file(db) == (spans_before, [("recipient", "guarantees", "Ukraine")])


def test_the_decision_log_says_which_relations_a_decision_took_and_the_gold_one_it_made(reviewer, doc, tmp_path):
    row = row_of(reviewer, doc, "type")
    step = reviewer.review.relations.decide(doc, row, "take_b", rationale="Ukraine receives, it does not give")
    out = tmp_path / "decisions.csv"
    assert reviewer.review.export_decisions(out) == 3  # the two ends taken into gold, then the relation
    with open(out, encoding="utf-8", newline="") as handle:
        logged = list(csv.DictReader(handle))
    assert [(r["action"], r["label"], r["relation_sources"] != "") for r in logged] == [
        ("take_b", "guarantee_type", False),
        ("take_b", "actor", False),
        ("take_b", "recipient", True),
    ]
    relation = logged[-1]
    assert relation["relation_sources"] == " ".join(str(i) for i in row.ids)
    assert relation["gold_relation_id"] == str(step.gold.id)
    assert (relation["start"], relation["sources"], relation["gold_annotation_id"]) == ("", "", "")
    assert relation["rationale"] == "Ukraine receives, it does not give"
    assert all(r["gold_relation_id"] == "" for r in logged[:2])


def test_edit_picks_the_type(reviewer, doc, db):
    reviewer.review.relations.decide(doc, row_of(reviewer, doc, "type"), "edit", type="recipient")
    assert gold_in_file(db)[1] == [("recipient", "guarantees", "Ukraine")]
    with pytest.raises(AnnotatorError, match="speaker relation starts at"):
        reviewer.review.relations.decide(doc, row_of(reviewer, doc, "only_a"), "edit", type="speaker")
    assert gold_in_file(db)[1] == [("recipient", "guarantees", "Ukraine")]  # nothing half done


def test_reject_records_a_decision_and_leaves_gold(reviewer, doc, db):
    row = row_of(reviewer, doc, "only_b")
    step = reviewer.review.relations.decide(doc, row, "reject", rationale="not a condition")
    assert gold_in_file(db) == ([], [])
    assert reviewer.review.relations.decision(row, reviewer.review.decisions(doc)) == step.decision
    assert step.decision.rationale == "not a condition"
    reviewer.review.relations.undo(step)
    assert reviewer.review.decisions(doc) == []


def test_taking_a_side_without_a_relation_is_refused(reviewer, doc, db):
    with pytest.raises(AnnotatorError, match="analyst B has no relation"):
        reviewer.review.relations.decide(doc, row_of(reviewer, doc, "only_a"), "take_b")
    assert gold_in_file(db) == ([], [])


def test_accept_all_agreements_takes_the_relations_both_drew_between_gold_spans(reviewer, doc, db):
    reviewer.review.accept_all(doc, "olena", "mykola")
    steps = reviewer.review.relations.accept_all(doc, "olena", "mykola")
    spans, links = gold_in_file(db)
    assert spans == [
        ("actor", "Rasmussen"),
        ("actor", "Stoltenberg"),
        ("actor", "Ukraine"),
        ("guarantee_type", "guarantees"),
    ]
    # the speaker relation both drew is left: its quote is a boundary difference, not in gold yet
    assert links == [("provider", "guarantees", "Stoltenberg")]
    assert reviewer.review.relations.accept_all(doc, "olena", "mykola") == []  # decided rows are not taken twice
    reviewer.review.relations.undo_many(steps)
    assert gold_in_file(db)[1] == []
    reviewer.review.relations.redo_many(steps)
    assert gold_in_file(db)[1] == [("provider", "guarantees", "Stoltenberg")]


def test_an_analyst_cannot_decide_relations(reviewer, doc, db):
    row = rows(reviewer, doc)[0]
    project = Project.open(db, analyst="olena")
    try:
        with pytest.raises(AnnotatorError):
            project.review.relations.decide(doc, row, "take_a")
    finally:
        project.close()
    assert gold_in_file(db) == ([], [])


def test_the_gold_relations_are_read_by_whoever_sees_the_gold_spans(reviewer, doc, db):
    reviewer.review.relations.decide(doc, row_of(reviewer, doc, "type"), "take_b")
    project = Project.open(db, analyst="olena")
    try:
        assert [r.type for r in project.review.relations.gold(doc)] == ["recipient"]  # no blind mode: she sees gold
        reviewer.set_blind(True)
        with pytest.raises(AnnotatorError, match="blind mode"):
            project.review.relations.gold(doc)  # as the gold spans are, they are hidden from her then
    finally:
        project.close()


def test_a_rationale_added_to_a_relation_decision_comes_back_with_its_redo(reviewer, doc, db):
    relations = reviewer.review.relations
    step = relations.decide(doc, row_of(reviewer, doc, "type"), "take_b")
    reviewer.review.set_rationale(step.decision.id, "Ukraine receives")
    reviewer.review.set_rationale(step.ends[0].decision.id, "the guarantee itself")
    taken = relations.undo(step)
    assert gold_in_file(db) == ([], []) and reviewer.review.decisions(doc) == []
    relations.redo(taken)
    assert {d.id: d.rationale for d in reviewer.review.decisions(doc)} == {
        step.ends[0].decision.id: "the guarantee itself",
        step.ends[1].decision.id: "",
        step.decision.id: "Ukraine receives",
    }
