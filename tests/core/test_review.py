"""Alignment of two analysts' annotations for side-by-side review (annotator.core.review)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Annotation
from annotator.core.review import (
    DISAGREEMENT_KINDS,
    Pair,
    accept_all_agreements,
    align,
    disagreements,
    in_text_order,
    step,
    step_from_offset,
)

_ids = itertools.count(1)


def ann(label: str, start: int, end: int, analyst: str = "a", **attributes: str) -> Annotation:
    return Annotation(next(_ids), 1, analyst, label, start, end, attributes)


def A(label, start, end, **attributes):
    return ann(label, start, end, "a", **attributes)


def B(label, start, end, **attributes):
    return ann(label, start, end, "b", **attributes)


def kinds(pairs):
    return [p.kind for p in pairs]


def test_empty_sets():
    assert align([], []) == []
    x = A("quote", 0, 5)
    assert align([x], []) == [Pair("only_a", x, None)]
    y = B("quote", 0, 5)
    assert align([], [y]) == [Pair("only_b", None, y)]


def test_identical_sets_are_all_matches():
    a = [A("quote", 0, 10, mode="direct"), A("actor", 3, 8, kind="person"), A("condition", 20, 30)]
    b = [B(x.label, x.start, x.end, **x.attributes) for x in a]
    pairs = align(a, b)
    assert kinds(pairs) == ["match"] * 3
    assert disagreements(pairs) == []
    assert accept_all_agreements(pairs) == [a[0], a[1], a[2]]


def test_every_kind_in_text_order():
    a = [
        A("quote", 0, 10, mode="direct"),
        A("actor", 20, 30),
        A("actor", 40, 50),
        A("quote", 60, 70),
        A("actor", 100, 110),
    ]
    b = [
        B("quote", 0, 10, mode="reported"),
        B("actor", 22, 30),
        B("condition", 45, 55),
        B("quote", 80, 90),
        B("actor", 100, 110),
    ]
    pairs = align(a, b)
    assert kinds(pairs) == ["attributes", "boundary", "label", "only_a", "only_b", "match"]
    assert pairs[0].differing_attributes == ("mode",)
    assert [p.start for p in pairs] == [0, 20, 40, 60, 80, 100]
    assert pairs[2].start == 40 and pairs[2].end == 55 and pairs[2].overlap == 5
    assert kinds(disagreements(pairs)) == ["attributes", "boundary", "label", "only_a", "only_b"]
    assert {p.kind for p in disagreements(pairs)} <= DISAGREEMENT_KINDS


def test_missing_attribute_equals_empty_value():
    assert kinds(align([A("actor", 0, 4, kind="")], [B("actor", 0, 4)])) == ["match"]
    assert kinds(align([A("actor", 0, 4, kind="state")], [B("actor", 0, 4)])) == ["attributes"]


def test_greatest_overlap_wins_one_to_one():
    x = A("quote", 0, 10)
    short, long = B("quote", 0, 4), B("quote", 2, 10)
    pairs = align([x], [short, long])
    assert [(p.kind, p.a, p.b) for p in pairs] == [("only_b", None, short), ("boundary", x, long)]


def test_overlap_ties_go_to_the_earliest_start():
    x = A("quote", 5, 10)
    early, late = B("quote", 0, 7), B("quote", 8, 12)  # both share 2 characters with x
    pairs = align([x], [late, early])
    assert Pair("boundary", x, early) in pairs and Pair("only_b", None, late) in pairs


def test_exact_matches_come_before_bigger_overlaps():
    outer, inner = A("quote", 0, 20), A("quote", 5, 15)
    y = B("quote", 5, 15)
    pairs = align([outer, inner], [y])
    assert Pair("match", inner, y) in pairs and Pair("only_a", outer, None) in pairs


def test_same_label_is_paired_before_a_bigger_overlap_with_another_label():
    x = A("quote", 0, 100)
    same, other = B("quote", 50, 60), B("actor", 0, 90)
    pairs = align([x], [same, other])
    assert Pair("boundary", x, same) in pairs and Pair("only_b", None, other) in pairs


def test_label_pairs_take_the_best_overlap():
    x = A("actor", 10, 20)
    small, big = B("condition", 0, 12), B("quote", 11, 30)
    pairs = align([x], [small, big])
    assert Pair("label", x, big) in pairs and Pair("only_b", None, small) in pairs


def test_nested_spans():
    a = [A("quote", 0, 50), A("actor", 10, 20)]
    b = [B("quote", 0, 50), B("actor", 12, 20)]
    pairs = align(a, b)
    assert kinds(pairs) == ["match", "boundary"]
    assert pairs[1].a == a[1] and pairs[1].b == b[1]


def test_duplicates_pair_one_to_one_preferring_equal_attributes():
    x1, x2 = A("actor", 0, 5, kind="person"), A("actor", 0, 5, kind="state")
    y = B("actor", 0, 5, kind="state")
    pairs = align([x1, x2], [y])
    assert Pair("match", x2, y) in pairs and Pair("only_a", x1, None) in pairs
    z1, z2 = B("actor", 0, 5, kind="group"), B("actor", 0, 5, kind="person")
    pairs = align([x1, x2], [z1, z2])
    assert Pair("match", x1, z2) in pairs and Pair("attributes", x2, z1) in pairs


def test_empty_spans_only_match_exactly():
    assert kinds(align([A("actor", 3, 3)], [B("actor", 3, 3)])) == ["match"]
    assert sorted(kinds(align([A("actor", 3, 3)], [B("actor", 0, 6)]))) == ["only_a", "only_b"]


def test_pair_needs_an_annotation():
    with pytest.raises(ValueError):
        Pair("only_a", None, None)


def test_in_text_order_sorts_by_start_then_end():
    x, y, z = A("quote", 5, 9), A("quote", 0, 9), A("quote", 0, 3)
    ordered = in_text_order([Pair("only_a", x, None), Pair("only_a", y, None), Pair("only_a", z, None)])
    assert [p.a for p in ordered] == [z, y, x]


def test_step_navigation():
    pairs = align([A("quote", 0, 2), A("quote", 10, 12), A("quote", 20, 22)], [])
    assert step(pairs, None) == 0
    assert step(pairs, None, forward=False) == 2
    assert step(pairs, 0) == 1
    assert step(pairs, 2) == 0
    assert step(pairs, 2, wrap=False) is None
    assert step(pairs, 0, forward=False) == 2
    assert step(pairs, 0, forward=False, wrap=False) is None
    assert step([], None) is None and step([], 3) is None


def test_step_from_offset():
    pairs = align([A("quote", 0, 2), A("quote", 10, 12), A("quote", 20, 22)], [])
    assert step_from_offset(pairs, 5) == 1
    assert step_from_offset(pairs, 10) == 2
    assert step_from_offset(pairs, 25) == 0
    assert step_from_offset(pairs, 25, wrap=False) is None
    assert step_from_offset(pairs, 10, forward=False) == 0
    assert step_from_offset(pairs, 0, forward=False) == 2
    assert step_from_offset(pairs, 0, forward=False, wrap=False) is None
    assert step_from_offset([], 0) is None


# --------------------------------------------------------------------------- properties

LABELS = ["quote", "actor", "condition"]


@st.composite
def annotation_sets(draw, analyst: str):
    found = []
    for _ in range(draw(st.integers(0, 10))):
        start = draw(st.integers(0, 39))
        end = draw(st.integers(start, 40))
        attributes = draw(st.sampled_from([{}, {"k": "1"}, {"k": "2"}]))
        found.append(Annotation(next(_ids), 1, analyst, draw(st.sampled_from(LABELS)), start, end, attributes))
    return found


def _overlap(x, y):
    """Share at least one character (an empty span inside another shares none)."""
    return min(x.end, y.end) > max(x.start, y.start)


@settings(max_examples=300, deadline=None)
@given(annotation_sets("a"), annotation_sets("b"))
def test_alignment_invariants(a, b):
    pairs = align(a, b)
    # every annotation in exactly one pair, on its own side
    assert sorted(id(p.a) for p in pairs if p.a is not None) == sorted(id(x) for x in a)
    assert sorted(id(p.b) for p in pairs if p.b is not None) == sorted(id(y) for y in b)
    assert pairs == in_text_order(pairs)
    for p in pairs:
        if p.kind in ("match", "attributes"):
            assert (p.a.label, p.a.start, p.a.end) == (p.b.label, p.b.start, p.b.end)
            assert (p.kind == "match") == (p.differing_attributes == ())
        elif p.kind == "boundary":
            assert p.a.label == p.b.label and _overlap(p.a, p.b)
            assert (p.a.start, p.a.end) != (p.b.start, p.b.end)
        elif p.kind == "label":
            assert p.a.label != p.b.label and _overlap(p.a, p.b)
        else:
            assert (p.a is None) == (p.kind == "only_b") and (p.b is None) == (p.kind == "only_a")
    # maximal: no two unpaired annotations overlap, nor are two left-over spans identical
    only_a = [p.a for p in pairs if p.kind == "only_a"]
    only_b = [p.b for p in pairs if p.kind == "only_b"]
    assert not any(_overlap(x, y) for x in only_a for y in only_b)
    inexact_a = [p.a for p in pairs if p.a is not None and p.kind not in ("match", "attributes")]
    inexact_b = [p.b for p in pairs if p.b is not None and p.kind not in ("match", "attributes")]
    assert not any((x.label, x.start, x.end) == (y.label, y.start, y.end) for x in inexact_a for y in inexact_b)


def test_an_empty_annotation_still_gives_its_pair_a_label():
    # an empty annotation has length 0: the pair's label must not fall through to the missing side
    (only_a,) = align([A("quote", 5, 5)], [])
    assert only_a.label == "quote"
    empty_a, b = A("quote", 5, 5), B("actor", 5, 9)
    assert Pair("label", empty_a, b).label == "quote"
