"""Relation agreement (exact and lenient F1 per type and overall) on a small case computed by hand."""

from __future__ import annotations

import itertools
import json

import pytest

from annotator.core.agreement import DocumentSets, compute_agreement
from annotator.core.model import Annotation, Relation

_ids = itertools.count(1)


def span(analyst, label, start, end):
    return Annotation(next(_ids), 1, analyst, label, start, end)


def link(kind, source, target):
    return Relation(next(_ids), 1, source.analyst, kind, source.id, target.id)


def small_case():
    """A draws 4 relations, B 3: one exact, one lenient only, one with another type, one only A has.

    speaker      quote→actor        A and B: same spans              exact (and lenient)
    provider     guarantee→actor    B's actor [120, 135) vs A's [120, 130): lenient only
    recipient    guarantee→actor    A: recipient to the third actor; B: provider to it (type differs)
    condition_of condition→guarantee A only
    """
    a_quote, a_speaker = span("olena", "quote", 0, 50), span("olena", "actor", 60, 70)
    a_guarantee = span("olena", "guarantee_type", 100, 110)
    a_provider, a_third = span("olena", "actor", 120, 130), span("olena", "actor", 140, 150)
    a_condition = span("olena", "condition", 160, 190)
    a = [a_quote, a_speaker, a_guarantee, a_provider, a_third, a_condition]
    relations_a = [
        link("speaker", a_quote, a_speaker),
        link("provider", a_guarantee, a_provider),
        link("recipient", a_guarantee, a_third),
        link("condition_of", a_condition, a_guarantee),
    ]
    b_quote, b_speaker = span("taras", "quote", 0, 50), span("taras", "actor", 60, 70)
    b_guarantee = span("taras", "guarantee_type", 100, 110)
    b_provider, b_third = span("taras", "actor", 120, 135), span("taras", "actor", 140, 150)
    b = [b_quote, b_speaker, b_guarantee, b_provider, b_third]
    relations_b = [
        link("speaker", b_quote, b_speaker),
        link("provider", b_guarantee, b_provider),
        link("provider", b_guarantee, b_third),
    ]
    return DocumentSets(200, a, b, 1, relations_a, relations_b)


def test_small_case_by_hand():
    report = compute_agreement([small_case()])
    # per type: (|A|, |B|, exact, lenient)
    counts = {k: (s.count_a, s.count_b, s.matches_exact, s.matches_lenient) for k, s in report.relations.items()}
    assert counts == {
        "condition_of": (1, 0, 0, 0),
        "provider": (1, 2, 0, 1),
        "recipient": (1, 0, 0, 0),
        "speaker": (1, 1, 1, 1),
    }
    speaker, provider = report.relations["speaker"], report.relations["provider"]
    assert speaker.f1_exact == 1.0 and speaker.f1_lenient == 1.0
    assert provider.f1_exact == 0.0
    assert provider.f1_lenient == pytest.approx(2 / 3)  # 2·1 / (1 + 2)
    assert provider.precision_lenient == 0.5 and provider.recall_lenient == 1.0
    recipient = report.relations["recipient"]
    assert recipient.f1_exact == 0.0 and recipient.recall_exact == 0.0
    assert recipient.precision_exact is None  # B drew no recipient: undefined, not 0
    overall = report.relations_overall
    assert (overall.count_a, overall.count_b, overall.matches_exact, overall.matches_lenient) == (4, 3, 1, 2)
    assert overall.f1_exact == pytest.approx(2 / 7)
    assert overall.f1_lenient == pytest.approx(4 / 7)
    assert overall.precision_exact == pytest.approx(1 / 3) and overall.recall_exact == pytest.approx(1 / 4)


def test_json_has_a_relations_section():
    data = compute_agreement([small_case()]).to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["relations"]["overall"]["f1_lenient"] == pytest.approx(4 / 7)
    assert list(data["relations"]["types"]) == ["condition_of", "provider", "recipient", "speaker"]


def test_no_relations_is_undefined_not_zero():
    quote = span("olena", "quote", 0, 5)
    report = compute_agreement([DocumentSets(10, [quote], [span("taras", "quote", 0, 5)], 1)])
    assert report.relations == {}
    assert report.relations_overall.f1_exact is None and report.relations_overall.f1_lenient is None
    assert report.to_dict()["relations"]["overall"]["f1_exact"] is None


def test_an_end_with_another_label_is_no_lenient_match():
    a_quote, a_actor = span("olena", "quote", 0, 50), span("olena", "actor", 60, 70)
    b_quote, b_actor = span("taras", "quote", 0, 50), span("taras", "guarantee_type", 60, 70)
    report = compute_agreement(
        [
            DocumentSets(
                100,
                [a_quote, a_actor],
                [b_quote, b_actor],
                1,
                [link("speaker", a_quote, a_actor)],
                [link("speaker", b_quote, b_actor)],
            )
        ]
    )
    assert report.relations["speaker"].matches_lenient == 0


def test_matches_are_one_to_one():
    a_quote, a_actor = span("olena", "quote", 0, 50), span("olena", "actor", 60, 70)
    b_quote, b_actor = span("taras", "quote", 0, 50), span("taras", "actor", 60, 70)
    b_wider = span("taras", "actor", 58, 70)
    twice = [link("speaker", b_quote, b_actor), link("speaker", b_quote, b_wider)]
    report = compute_agreement(
        [
            DocumentSets(
                100, [a_quote, a_actor], [b_quote, b_actor, b_wider], 1, [link("speaker", a_quote, a_actor)], twice
            )
        ]
    )
    scores = report.relations["speaker"]
    assert (scores.matches_exact, scores.matches_lenient) == (1, 1)
    assert scores.f1_exact == pytest.approx(2 / 3)


def test_label_filter_drops_relations_with_a_filtered_end():
    report = compute_agreement([small_case()], labels=["quote", "actor"])
    assert list(report.relations) == ["speaker"]  # every other relation has a guarantee_type or condition end
    assert report.relations_overall.count_a == 1


def test_relations_pool_over_documents():
    case = small_case()
    report = compute_agreement([case, case._replace(document_id=2)])
    assert report.relations_overall.count_a == 8 and report.relations_overall.matches_lenient == 4
    assert report.relations_overall.f1_lenient == pytest.approx(8 / 14)
