"""Pairing two analysts' relations over the span alignment (annotator.core.relation_review), by hand."""

from __future__ import annotations

import pytest

from annotator.core.model import Annotation, Relation
from annotator.core.relation_review import RelationPair, align_relations, relation_agreements
from annotator.core.review import align


def ann(id_: int, analyst: str, label: str, start: int, end: int) -> Annotation:
    return Annotation(id_, 1, analyst, label, start, end, {})


def rel(id_: int, analyst: str, type_: str, source: int, target: int) -> Relation:
    return Relation(id_, 1, analyst, type_, source, target)


# A: quote 1 [0,10), speaker 2 [12,20), guarantee 3 [30,40), provider 4 [42,50), lone 5 [60,65)
# B: quote 11 [0,10) (match), speaker 12 [12,19) (boundary), guarantee 13 [30,40),
#    actor 14 [42,50) (label differs), lone 16 [70,75) (only B)
A_SPANS = [
    ann(1, "a", "quote", 0, 10),
    ann(2, "a", "actor", 12, 20),
    ann(3, "a", "guarantee", 30, 40),
    ann(4, "a", "actor", 42, 50),
    ann(5, "a", "actor", 60, 65),
]
B_SPANS = [
    ann(11, "b", "quote", 0, 10),
    ann(12, "b", "actor", 12, 19),
    ann(13, "b", "guarantee", 30, 40),
    ann(14, "b", "condition", 42, 50),
    ann(16, "b", "actor", 70, 75),
]


def pairs():
    return align(A_SPANS, B_SPANS)


def test_same_ends_same_type_is_a_match_even_over_a_boundary_pair():
    a = [rel(101, "a", "speaker_of", 2, 1)]
    b = [rel(201, "b", "speaker_of", 12, 11)]
    rows = align_relations(pairs(), a, b)
    assert [(r.kind, r.a, r.b) for r in rows] == [("match", a[0], b[0])]
    assert rows[0].source.a == A_SPANS[1] and rows[0].source.b == B_SPANS[1]
    assert rows[0].target.a == A_SPANS[0] and rows[0].target.b == B_SPANS[0]
    assert relation_agreements(rows) == rows


def test_type_differs_over_a_label_pair():
    a = [rel(101, "a", "provider_of", 4, 3)]
    b = [rel(201, "b", "condition_of", 14, 13)]
    rows = align_relations(pairs(), a, b)
    assert [(r.kind, r.type, r.ids) for r in rows] == [("type", "provider_of", (101, 201))]
    assert relation_agreements(rows) == []


def test_reversed_direction_does_not_correspond():
    a = [rel(101, "a", "speaker_of", 2, 1)]
    b = [rel(201, "b", "speaker_of", 11, 12)]
    rows = align_relations(pairs(), a, b)
    # rows in pair order: B's source (quote, pair 0) comes before A's (speaker, pair 1)
    assert [(r.kind, r.ids) for r in rows] == [("only_b", (201,)), ("only_a", (101,))]


def test_one_sided_ends_and_leftovers():
    # A links its lone actor (only A) to the quote; B links its lone actor (only B); B has two speakers
    a = [rel(101, "a", "speaker_of", 5, 1), rel(102, "a", "speaker_of", 2, 1)]
    b = [rel(201, "b", "speaker_of", 16, 11), rel(202, "b", "speaker_of", 12, 11), rel(203, "b", "quoted", 12, 11)]
    rows = align_relations(pairs(), a, b)
    assert [(r.kind, r.ids) for r in rows] == [
        ("match", (102, 202)),  # pair 1 -> pair 0
        ("only_b", (203,)),  # same ends, nothing left on A's side
        ("only_a", (101,)),  # lone A actor's pair (index 4, at 60) -> pair 0
        ("only_b", (201,)),  # lone B actor's pair (index 5, at 70) -> pair 0
    ]


def test_same_type_is_preferred_over_id_order():
    a = [rel(101, "a", "x", 2, 1), rel(102, "a", "y", 2, 1)]
    b = [rel(201, "b", "y", 12, 11), rel(202, "b", "z", 12, 11)]
    rows = align_relations(pairs(), a, b)
    assert [(r.kind, r.ids) for r in rows] == [("match", (102, 201)), ("type", (101, 202))]


def test_relations_with_ends_outside_the_alignment_are_left_out():
    rows = align_relations(pairs(), [rel(101, "a", "x", 2, 99)], [rel(201, "b", "x", 98, 11)])
    assert rows == []


def test_a_row_needs_a_relation():
    p = pairs()[0]
    with pytest.raises(ValueError):
        RelationPair("match", None, None, p, p)
