"""The reviewer's workflow on a real project file: compare two analysts, adjudicate into gold, keep a decision log."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import DONE, IN_PROGRESS, NOT_STARTED
from annotator.core.review import Pair
from annotator.services import Project

from .helpers import write_jsonl

TEXT = "Rasmussen said NATO may send troops to Ukraine. Stoltenberg said guarantees will come in Vilnius."


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


# Each analyst's spans: (label, covered text, attributes)
OLENA = [
    ("actor", "Rasmussen", {"kind": "person"}),  # same as mykola: match
    ("quote", "NATO may send troops", {"mode": "reported"}),  # mykola's is longer: boundary
    ("actor", "Ukraine", {"kind": "state"}),  # same as mykola: match
    ("actor", "Stoltenberg", {"kind": "person"}),  # mykola says organisation: attributes
    ("condition", "guarantees", {}),  # mykola calls it guarantee_type: label
    ("actor", "Vilnius", {"kind": "state"}),  # only olena
]
MYKOLA = [
    ("actor", "Rasmussen", {"kind": "person"}),
    ("quote", "NATO may send troops to Ukraine", {"mode": "reported"}),
    ("actor", "Ukraine", {"kind": "state"}),
    ("actor", "Stoltenberg", {"kind": "organisation"}),
    ("guarantee_type", "guarantees", {"type": "other"}),
    ("condition", "will come", {}),  # only mykola
]


@pytest.fixture
def db(tmp_path, project_db):
    """Olena and mykola each tagged the same article in their own session of one project (a file, or on the server)."""
    path = project_db
    first = Project.open(path, analyst="olena")
    try:
        first.import_paths([write_jsonl(tmp_path / "article.jsonl", {"id": "vilnius", "text": TEXT})])
        doc = first.repository.document_by_external_id("vilnius").id
        for label, needle, attributes in OLENA:
            first.add_annotation(doc, label, *at(needle), attributes=attributes)
    finally:
        first.close()
    second = Project.open(path, analyst="mykola")
    try:
        for label, needle, attributes in MYKOLA:
            second.add_annotation(doc, label, *at(needle), attributes=attributes)
    finally:
        second.close()
    return path


@pytest.fixture
def reviewer(db):
    project = Project.open(db, analyst="rita", reviewer=True)
    yield project
    project.close()


@pytest.fixture
def doc(reviewer):
    return reviewer.repository.document_by_external_id("vilnius").id


def described(pairs) -> list[tuple]:
    """A pair as the reviewer reads it: kind, and each side's label and covered text."""
    side = lambda x: None if x is None else (x.label, TEXT[x.start : x.end])  # noqa: E731
    return [(p.kind, side(p.a), side(p.b)) for p in pairs]


def pair_of(review, doc, kind, needle=None):
    found = [p for p in review.compare(doc, "olena", "mykola") if p.kind == kind]
    if needle is not None:
        found = [p for p in found if needle in TEXT[p.start : p.end]]
    assert len(found) == 1, found
    return found[0]


def gold_spans(project, doc) -> list[tuple]:
    return [(g.label, TEXT[g.start : g.end], dict(g.attributes)) for g in project.review.gold(doc)]


# --- comparing


def test_compare_lists_every_pair_kind_in_text_order(reviewer, doc):
    pairs = reviewer.review.compare(doc, "olena", "mykola")
    assert described(pairs) == [
        ("match", ("actor", "Rasmussen"), ("actor", "Rasmussen")),
        ("boundary", ("quote", "NATO may send troops"), ("quote", "NATO may send troops to Ukraine")),
        ("match", ("actor", "Ukraine"), ("actor", "Ukraine")),
        ("attributes", ("actor", "Stoltenberg"), ("actor", "Stoltenberg")),
        ("label", ("condition", "guarantees"), ("guarantee_type", "guarantees")),
        ("only_b", None, ("condition", "will come")),
        ("only_a", ("actor", "Vilnius"), None),
    ]
    assert {p.a.analyst for p in pairs if p.a} == {"olena"}
    assert {p.b.analyst for p in pairs if p.b} == {"mykola"}
    assert pairs[3].differing_attributes == ("kind",)


def test_compare_with_sides_swapped_mirrors_only_a_and_only_b(reviewer, doc):
    kinds = [p.kind for p in reviewer.review.compare(doc, "mykola", "olena")]
    assert sorted(kinds) == sorted(["match", "boundary", "match", "attributes", "label", "only_a", "only_b"])
    swapped = {p.kind: p for p in reviewer.review.compare(doc, "mykola", "olena")}
    assert TEXT[swapped["only_a"].start : swapped["only_a"].end] == "will come"
    assert TEXT[swapped["only_b"].start : swapped["only_b"].end] == "Vilnius"


# --- deciding


def test_each_action_writes_gold_and_one_logged_decision(reviewer, doc):
    review = reviewer.review
    before = datetime.now(timezone.utc) - timedelta(seconds=5)

    boundary = pair_of(review, doc, "boundary")
    d1, g1, replaced = review.decide(doc, boundary, "take_a", rationale="the quote ends at 'troops'")
    assert replaced == []
    assert (g1.analyst, g1.label, TEXT[g1.start : g1.end], dict(g1.attributes)) == (
        "gold",
        "quote",
        "NATO may send troops",
        {"mode": "reported"},
    )

    attributes = pair_of(review, doc, "attributes")
    d2, g2, _ = review.decide(doc, attributes, "take_b")
    assert dict(g2.attributes) == {"kind": "organisation"}

    match = pair_of(review, doc, "match", "Rasmussen")
    d3, g3, _ = review.decide(doc, match, "accept")
    label = pair_of(review, doc, "label")
    d4, g4, _ = review.decide(
        doc,
        label,
        "edit",
        label="guarantee_type",
        start=at("guarantees will come")[0],
        end=at("guarantees will come")[1],
        attributes={"type": "other"},
    )
    only_b = pair_of(review, doc, "only_b")
    d5, g5, _ = review.decide(doc, only_b, "reject", rationale="not a condition")
    assert g5 is None

    assert sorted(gold_spans(reviewer, doc)) == sorted(
        [
            ("quote", "NATO may send troops", {"mode": "reported"}),
            ("actor", "Stoltenberg", {"kind": "organisation"}),
            ("actor", "Rasmussen", {"kind": "person"}),
            ("guarantee_type", "guarantees will come", {"type": "other"}),
        ]
    )
    assert "gold" in reviewer.analysts()
    # the analysts' own sets are untouched by adjudication
    assert len(reviewer.annotations(doc, ["olena"])) == len(OLENA)
    assert len(reviewer.annotations(doc, ["mykola"])) == len(MYKOLA)

    log = review.decisions(doc)
    assert [d.id for d in log] == [d1.id, d2.id, d3.id, d4.id, d5.id]
    assert [d.action for d in log] == ["take_a", "take_b", "accept", "edit", "reject"]
    assert {d.reviewer for d in log} == {"rita"}
    for d in log:
        assert before <= d.decided_at <= datetime.now(timezone.utc) + timedelta(seconds=5)
    assert log[0].sources == (boundary.a.id, boundary.b.id)
    assert log[0].rationale == "the quote ends at 'troops'"
    assert log[0].gold_annotation_id == g1.id
    assert (log[3].label, log[3].start, log[3].end) == ("guarantee_type", *at("guarantees will come"))
    assert log[4].sources == (only_b.b.id,)
    assert (log[4].gold_annotation_id, log[4].start, log[4].end, log[4].rationale) == (
        None,
        None,
        None,
        "not a condition",
    )


def test_taking_a_side_that_is_missing_is_refused(reviewer, doc):
    only_b = pair_of(reviewer.review, doc, "only_b")
    with pytest.raises(AnnotatorError, match="has no annotation here"):
        reviewer.review.decide(doc, only_b, "take_a")
    with pytest.raises(AnnotatorError, match="unknown review action"):
        reviewer.review.decide(doc, only_b, "merge")
    assert reviewer.review.gold(doc) == []
    assert reviewer.review.decisions() == []


def test_an_edit_outside_the_text_or_with_an_unknown_label_is_refused(reviewer, doc):
    pair = pair_of(reviewer.review, doc, "boundary")
    with pytest.raises(AnnotatorError):
        reviewer.review.decide(doc, pair, "edit", end=len(TEXT) + 5)
    with pytest.raises(AnnotatorError, match="no label"):
        reviewer.review.decide(doc, pair, "edit", label="opinion")
    assert reviewer.review.gold(doc) == [] and reviewer.review.decisions() == []


def test_deciding_a_pair_again_replaces_its_gold_then_undo_and_redo(reviewer, doc):
    review = reviewer.review
    boundary = pair_of(review, doc, "boundary")
    first, gold_a, _ = review.decide(doc, boundary, "take_a")
    second, gold_b, replaced = review.decide(doc, boundary, "take_b", rationale="the whole sentence")
    assert [r.id for r in replaced] == [gold_a.id]
    assert gold_spans(reviewer, doc) == [("quote", "NATO may send troops to Ukraine", {"mode": "reported"})]
    assert [d.id for d in review.decisions()] == [first.id, second.id]

    review.undo(second, replaced)
    [back] = review.gold(doc)
    assert (back.id, TEXT[back.start : back.end]) == (gold_a.id, "NATO may send troops")
    assert [d.id for d in review.decisions()] == [first.id]

    redone = review.redo(second, gold_b, replaced)
    assert redone.id == second.id and redone.gold_annotation_id == gold_b.id
    assert redone.rationale == "the whole sentence"
    [now] = review.gold(doc)
    assert (now.id, TEXT[now.start : now.end]) == (gold_b.id, "NATO may send troops to Ukraine")
    assert [d.id for d in review.decisions()] == [first.id, second.id]

    # a third decision on the same pair still replaces the one gold span, never adds a second
    review.decide(doc, boundary, "reject")
    assert review.gold(doc) == []


def test_undo_of_a_first_decision_empties_gold(reviewer, doc):
    decision, gold, replaced = reviewer.review.decide(doc, pair_of(reviewer.review, doc, "only_a"), "accept")
    assert [g.id for g in reviewer.review.gold(doc)] == [gold.id]
    reviewer.review.undo(decision, replaced)
    assert reviewer.review.gold(doc) == []
    assert reviewer.review.decisions() == []


def test_a_rationale_added_after_a_decision_comes_back_with_its_redo(reviewer, doc):
    review = reviewer.review
    decision, gold, replaced = review.decide(doc, pair_of(review, doc, "only_a"), "accept")
    review.set_rationale(decision.id, "named in the article's first line")
    taken = review.undo(decision, replaced)  # as stored: with the rationale added since
    assert review.decisions() == [] and taken.rationale == "named in the article's first line"
    review.redo(taken, gold, replaced)
    assert [(d.id, d.rationale) for d in review.decisions()] == [(decision.id, "named in the article's first line")]
    many = review.accept_all(doc, "olena", "mykola")
    review.set_rationale(many[0].id, "both agree")
    stored = review.undo_many(many)
    assert [d.rationale for d in stored][:1] == ["both agree"]


def test_an_edit_starts_from_a_side_even_when_its_span_is_empty(reviewer, doc):
    # an empty annotation has length 0 and tests false: it must not hand the edit to B's side
    pair = pair_of(reviewer.review, doc, "label")
    empty_a = replace(pair.a, end=pair.a.start)
    _, gold, _ = reviewer.review.decide(doc, Pair(pair.kind, empty_a, pair.b), "edit", start=pair.start, end=pair.end)
    assert (gold.label, TEXT[gold.start : gold.end]) == ("condition", "guarantees")


def test_accept_all_takes_every_exact_match_in_one_undoable_step(reviewer, doc):
    review = reviewer.review
    decisions = review.accept_all(doc, "olena", "mykola", rationale="agreed")
    assert [d.action for d in decisions] == ["accept_all", "accept_all"]
    assert {d.rationale for d in decisions} == {"agreed"}
    # attribute differences are not agreements: Stoltenberg stays for the reviewer
    assert sorted(gold_spans(reviewer, doc)) == [
        ("actor", "Rasmussen", {"kind": "person"}),
        ("actor", "Ukraine", {"kind": "state"}),
    ]

    review.undo_many(decisions)
    assert review.gold(doc) == []
    assert review.decisions() == []


def test_accept_all_skips_pairs_already_decided(reviewer, doc):
    review = reviewer.review
    review.decide(doc, pair_of(review, doc, "match", "Rasmussen"), "reject", rationale="not an actor here")
    added = review.accept_all(doc, "olena", "mykola")
    assert len(added) == 1
    assert gold_spans(reviewer, doc) == [("actor", "Ukraine", {"kind": "state"})]
    # running it again finds nothing new
    assert review.accept_all(doc, "olena", "mykola") == []
    assert len(review.gold(doc)) == 1
    assert [d.action for d in review.decisions()] == ["reject", "accept_all"]


def test_set_rationale_and_export_the_decision_log(reviewer, doc, tmp_path):
    review = reviewer.review
    accepted = review.accept_all(doc, "olena", "mykola")
    rejected, _, _ = review.decide(doc, pair_of(review, doc, "only_a"), "reject")
    changed = review.set_rationale(rejected.id, "  Vilnius is   a place,\n not an actor ")
    assert changed.rationale == "Vilnius is a place, not an actor"
    assert review.decisions()[-1].rationale == "Vilnius is a place, not an actor"

    out = tmp_path / "log.csv"
    assert review.export_decisions(out) == 3
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert [r["action"] for r in rows] == ["accept_all", "accept_all", "reject"]
    assert {r["reviewer"] for r in rows} == {"rita"}
    assert {r["document_id"] for r in rows} == {"vilnius"}
    assert rows[2]["rationale"] == "Vilnius is a place, not an actor"
    assert rows[2]["gold_annotation_id"] == "" and rows[2]["start"] == ""
    assert rows[0]["sources"] == " ".join(str(x) for x in accepted[0].sources)
    assert rows[0]["gold_annotation_id"] == str(accepted[0].gold_annotation_id)
    assert all(r["decided_at"] for r in rows)


def test_set_rationale_of_an_unknown_decision_is_refused(reviewer):
    with pytest.raises(AnnotatorError):
        reviewer.review.set_rationale(999, "why")


# --- only the reviewer adjudicates


def test_an_analyst_cannot_decide_or_change_the_log(db, reviewer, doc):
    decision, gold, replaced = reviewer.review.decide(doc, pair_of(reviewer.review, doc, "boundary"), "take_a")
    analyst = Project.open(db, analyst="olena")
    try:
        pair = pair_of(analyst.review, doc, "only_a")  # comparing is allowed outside blind mode
        with pytest.raises(AnnotatorError, match="reviewer"):
            analyst.review.decide(doc, pair, "accept")
        with pytest.raises(AnnotatorError, match="reviewer"):
            analyst.review.accept_all(doc, "olena", "mykola")
        with pytest.raises(AnnotatorError, match="reviewer"):
            analyst.review.undo(decision, replaced)
        with pytest.raises(AnnotatorError, match="reviewer"):
            analyst.review.set_rationale(decision.id, "I disagree")
        with pytest.raises(AnnotatorError):
            analyst.delete_annotation(gold.id)
    finally:
        analyst.close()
    assert [g.id for g in reviewer.review.gold(doc)] == [gold.id]
    assert [(d.id, d.rationale) for d in reviewer.review.decisions()] == [(decision.id, "")]


# --- gold exports like any set


def test_gold_exports_like_any_analyst_set(reviewer, doc, tmp_path):
    reviewer.review.accept_all(doc, "olena", "mykola")
    reviewer.review.decide(doc, pair_of(reviewer.review, doc, "boundary"), "take_b")
    out = tmp_path / "brat"
    report = reviewer.export("brat", out, analysts=["gold"])
    assert report.annotations == 3
    [ann_file] = list(out.rglob("*.ann"))
    lines = [line.split("\t") for line in ann_file.read_text(encoding="utf-8").splitlines() if line.startswith("T")]
    assert sorted((line[1].split()[0], line[2]) for line in lines) == sorted(
        [
            ("actor", "Rasmussen"),
            ("actor", "Ukraine"),
            ("quote", "NATO may send troops to Ukraine"),
        ]
    )
    # a one-set format asks which set when there are several
    with pytest.raises(AnnotatorError, match="--gold"):
        reviewer.export("brat", tmp_path / "all")


# --- per-analyst status


def test_status_per_analyst_and_who_may_set_it(db, reviewer, doc):
    # tagging a first span put each analyst's copy of the article "in progress"
    assert reviewer.review.statuses() == {(doc, "olena"): IN_PROGRESS, (doc, "mykola"): IN_PROGRESS}
    olena = Project.open(db, analyst="olena")
    try:
        assert olena.review.set_status(doc, DONE) == IN_PROGRESS
        with pytest.raises(AnnotatorError, match="reviewer"):
            olena.review.set_status(doc, DONE, analyst="mykola")
        with pytest.raises(ValueError):
            olena.review.set_status(doc, "finished")
    finally:
        olena.close()
    assert reviewer.review.statuses() == {(doc, "olena"): DONE, (doc, "mykola"): IN_PROGRESS}
    # the reviewer may reopen anyone's document
    assert reviewer.review.set_status(doc, NOT_STARTED, analyst="mykola") == IN_PROGRESS
    reviewer.review.set_status(doc, IN_PROGRESS, analyst="olena")
    assert reviewer.review.statuses([doc]) == {(doc, "olena"): IN_PROGRESS}


def test_statuses_in_blind_mode_show_only_ones_own(db, reviewer, doc):
    reviewer.set_blind(True)
    reviewer.review.set_status(doc, DONE, analyst="mykola")
    olena = Project.open(db, analyst="olena")
    try:
        assert olena.review.statuses() == {(doc, "olena"): IN_PROGRESS}
        olena.review.set_status(doc, DONE)
        assert olena.review.statuses([doc]) == {(doc, "olena"): DONE}
    finally:
        olena.close()
    assert reviewer.review.statuses() == {(doc, "olena"): DONE, (doc, "mykola"): DONE}
