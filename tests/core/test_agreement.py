"""Corpus agreement report (annotator.core.agreement) on hand-made cases with hand-computed values."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import DocumentSets, cohen_kappa, compute_agreement, f1
from annotator.core.alpha import unitized_alpha
from annotator.core.model import Annotation
from annotator.core.review import align

_ids = itertools.count(1)
REQUIRED = {"f1_exact", "f1_overlap", "kappa_char", "alpha_u", "count_a", "count_b", "matches_exact", "matches_overlap"}


def A(label, start, end, doc=1, **attributes):
    return Annotation(next(_ids), doc, "olena", label, start, end, attributes)


def B(label, start, end, doc=1, **attributes):
    return Annotation(next(_ids), doc, "taras", label, start, end, attributes)


def kappa_2x2(total, a, b, both):
    """κ from first principles: p_o and p_e over characters."""
    p_o = (both + (total - a - b + both)) / total
    p_e = (a / total) * (b / total) + (1 - a / total) * (1 - b / total)
    return (p_o - p_e) / (1 - p_e)


def assert_json_ready(report):
    data = report.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert REQUIRED <= data["overall"].keys()
    for scores in data["labels"].values():
        assert REQUIRED <= scores.keys()
    return data


def test_f1_helper():
    assert f1(0, 0, 0) is None
    assert f1(0, 3, 0) == 0.0
    assert f1(2, 2, 2) == 1.0


def test_empty_corpus_is_undefined_everywhere():
    for corpus in ([], [(100, [], [])]):
        report = compute_agreement(corpus)
        data = assert_json_ready(report)
        assert data["labels"] == {}
        overall = data["overall"]
        assert (overall["count_a"], overall["count_b"], overall["matches_exact"], overall["matches_overlap"]) == (
            0,
            0,
            0,
            0,
        )
        for key in ("f1_exact", "f1_overlap", "kappa_char", "alpha_u", "precision_exact", "recall_exact"):
            assert overall[key] is None, key


def test_label_filter_lists_unused_labels_as_undefined():
    report = compute_agreement([(100, [A("actor", 0, 5)], [B("actor", 0, 5)])], labels=["quote"])
    assert list(report.labels) == ["quote"]
    quote = report.labels["quote"]
    assert (quote.count_a, quote.count_b) == (0, 0)
    assert quote.f1_exact is None and quote.f1_overlap is None
    assert quote.kappa_char is None and quote.alpha_u is None
    assert report.overall.count_a == 0 and report.documents[0].count_a == 0


def test_one_analyst_empty():
    """A marked one quote [10, 20) of a 100-character document; B marked nothing.

    F1 = 0. kappa: p_o = 0.9 (the 90 unmarked characters) and p_e = 0.1·0 + 0.9·1 = 0.9, so
    κ = 0 — defined, because A did vary. α_u by the definition: D_o = 10²/100² = 0.01; the
    gaps are A's 10 and 80 and B's 100, so D_e = (2/100)·10²·(1 + 71 + 91) / (200·199 − 90)
    = 326/39710, and α_u = 1 − 0.01·39710/326 ≈ −0.218.
    """
    report = compute_agreement([(100, [A("quote", 10, 20)], [])])
    quote = report.labels["quote"]
    assert quote.f1_exact == 0.0 and quote.f1_overlap == 0.0
    assert quote.recall_exact == 0.0 and quote.precision_exact is None
    assert quote.kappa_char == 0.0
    assert quote.alpha_u_observed == pytest.approx(0.01)
    assert quote.alpha_u_expected == pytest.approx(326 / 39710)
    assert quote.alpha_u == pytest.approx(1 - 0.01 * 39710 / 326)
    assert quote.alpha_u == pytest.approx(-0.2181, abs=1e-4)
    assert_json_ready(report)


def test_identical_sets_are_perfect():
    a = [A("quote", 0, 40, mode="direct"), A("actor", 5, 12, kind="person"), A("actor", 60, 70, kind="state")]
    b = [B(x.label, x.start, x.end, **x.attributes) for x in a]
    report = compute_agreement([(100, a, b)])
    for scores in (report.overall, *report.labels.values()):
        for value in (
            scores.f1_exact,
            scores.f1_overlap,
            scores.kappa_char,
            scores.alpha_u,
            scores.precision_exact,
            scores.recall_exact,
            scores.precision_overlap,
            scores.recall_overlap,
        ):
            assert value == 1.0
    actor_kind = [r for r in report.attributes if (r.label, r.attribute) == ("actor", "kind")]
    assert [(r.basis, r.agreement, r.kappa) for r in actor_kind] == [("exact", 1.0, 1.0), ("overlap", 1.0, 1.0)]
    quote_mode = next(r for r in report.attributes if r.attribute == "mode")
    assert quote_mode.agreement == 1.0 and quote_mode.kappa is None  # one value only: p_e = 1
    assert report.confusion == ()


def test_no_overlap_at_all():
    """A quote [0, 10), B quote [50, 60) in 100 characters.

    κ: p_o = 0.8, p_e = 0.1·0.1 + 0.9·0.9 = 0.82, κ = −0.02/0.18 = −1/9.
    α_u: each unit lies inside the other's gap, D_o = (10² + 10²)/100² = 0.02. N_c = 2 units of
    length 10, gaps 90 (A), 50 and 40 (B): per unit (2 − 1)·10·9·19/3 + 10²·(81 + 41 + 31) = 15870,
    D_e = (2/100)·31740 / (200·199 − 2·90) = 634.8/39620.
    """
    report = compute_agreement([(100, [A("quote", 0, 10)], [B("quote", 50, 60)])])
    quote = report.labels["quote"]
    assert quote.f1_exact == 0.0 and quote.f1_overlap == 0.0
    assert quote.kappa_char == pytest.approx(-1 / 9)
    assert quote.alpha_u_observed == pytest.approx(0.02)
    assert quote.alpha_u_expected == pytest.approx(634.8 / 39620)
    assert quote.alpha_u == pytest.approx(1 - 0.02 * 39620 / 634.8)
    assert report.confusion == ()


def test_a_label_only_one_analyst_used():
    a = [A("quote", 0, 10), A("actor", 20, 30)]
    b = [B("quote", 0, 10)]
    report = compute_agreement([(100, a, b)])
    assert list(report.labels) == ["actor", "quote"]
    actor = report.labels["actor"]
    assert (actor.count_a, actor.count_b, actor.f1_exact, actor.kappa_char) == (1, 0, 0.0, 0.0)
    assert actor.alpha_u is not None and actor.alpha_u < 0
    assert report.labels["quote"].f1_exact == 1.0
    assert report.overall.f1_exact == pytest.approx(2 / 3)
    assert report.overall.recall_exact == pytest.approx(1 / 2) and report.overall.precision_exact == 1.0


def test_nested_and_self_overlapping_spans():
    a = [A("quote", 0, 50), A("actor", 10, 20), A("condition", 60, 80), A("condition", 70, 90)]
    b = [B("quote", 0, 50), B("actor", 12, 20), B("condition", 60, 90)]
    report = compute_agreement([(100, a, b)])
    actor = report.labels["actor"]
    assert (actor.matches_exact, actor.matches_overlap) == (0, 1)
    assert actor.kappa_char == pytest.approx(kappa_2x2(100, 10, 8, 8))
    assert report.overall.f1_exact == pytest.approx(2 * 1 / 7)
    assert report.overall.f1_overlap == pytest.approx(2 * 3 / 7)
    condition = report.labels["condition"]
    # A's two overlapping conditions count twice but cover [60, 90) once: same characters as B
    assert (condition.count_a, condition.chars_a, condition.chars_b) == (2, 30, 30)
    assert condition.kappa_char == 1.0
    assert condition.alpha_u == 1.0  # merged into one unit, identical to B's
    assert condition.f1_overlap == pytest.approx(2 / 3)


def test_two_documents_are_pooled():
    first = (100, [A("quote", 0, 10, doc=7)], [B("quote", 0, 10, doc=7)])
    second = (50, [A("quote", 20, 30, doc=8), A("actor", 0, 5, doc=8)], [B("actor", 0, 5, doc=8)])
    report = compute_agreement([first, second])
    quote = report.labels["quote"]
    assert quote.f1_exact == pytest.approx(2 * 1 / 3)  # micro: 2·1/(2 + 1), not the mean of 1.0 and 0.0
    assert quote.kappa_char == pytest.approx(kappa_2x2(150, 20, 10, 10))
    # α_u on the concatenated continuum: the second document starts at 100
    assert quote.alpha_u == pytest.approx(unitized_alpha(150, [[(0, 10), (120, 130)], [(0, 10)]]).alpha)
    assert [(d.document_id, d.count_a, d.count_b, d.f1_exact) for d in report.documents] == [
        (7, 1, 1, 1.0),
        (8, 2, 1, pytest.approx(2 / 3)),
    ]
    assert report.documents[1].disagreements == 1
    overall = report.overall
    assert overall.chars_total == 300  # 150 characters × 2 labels
    assert overall.kappa_char == pytest.approx(kappa_2x2(300, 25, 15, 15))
    labels = report.labels.values()
    expected_alpha = 1 - sum(s.alpha_u_observed for s in labels) / sum(s.alpha_u_expected for s in labels)
    assert overall.alpha_u == pytest.approx(expected_alpha)


def test_document_ids_from_tuples_named_tuples_or_annotations():
    report = compute_agreement(
        [
            (10, [], [], 42),
            DocumentSets(10, [], [], document_id=43),
            (10, [A("quote", 0, 2, doc=44)], []),
            (10, [], []),
        ]
    )
    assert [d.document_id for d in report.documents] == [42, 43, 44, None]
    assert [d.index for d in report.documents] == [0, 1, 2, 3]


def test_attribute_agreement_counts_missing_as_its_own_value():
    a = [
        A("actor", 0, 5, kind="person"),
        A("actor", 10, 15, kind="state"),
        A("actor", 20, 25, kind="person"),
        A("actor", 30, 40, kind="group"),
    ]
    b = [
        B("actor", 0, 5, kind="person"),
        B("actor", 10, 15, kind="state"),
        B("actor", 20, 25),
        B("actor", 32, 40, kind="group"),
    ]
    report = compute_agreement([(50, a, b)])
    rows = {r.basis: r for r in report.attributes}
    exact = rows["exact"]
    assert (exact.pairs, exact.agreeing) == (3, 2) and exact.agreement == pytest.approx(2 / 3)
    assert exact.kappa == pytest.approx(cohen_kappa([("person", "person"), ("state", "state"), ("person", "")]))
    overlap = rows["overlap"]  # the boundary pair [30, 40) / [32, 40) joins
    assert (overlap.pairs, overlap.agreeing) == (4, 3)
    assert overlap.kappa == pytest.approx(
        cohen_kappa([("person", "person"), ("state", "state"), ("person", ""), ("group", "group")])
    )


def test_confusion_table():
    a = [A("actor", 0, 10), A("actor", 20, 30), A("quote", 40, 50)]
    b = [B("condition", 5, 10), B("condition", 20, 25), B("actor", 45, 50)]
    report = compute_agreement([(60, a, b)])
    assert [(c.label_a, c.label_b, c.count) for c in report.confusion] == [
        ("actor", "condition", 2),
        ("quote", "actor", 1),
    ]
    assert report.to_dict()["confusion"][0] == {"label_a": "actor", "label_b": "condition", "count": 2}


def test_spans_outside_the_document_are_refused():
    with pytest.raises(ValueError, match="outside"):
        compute_agreement([(10, [A("quote", 5, 11)], [])])
    with pytest.raises(ValueError, match="outside"):
        compute_agreement([(10, [], [B("quote", -1, 3)])])


def test_to_dict_shape():
    report = compute_agreement([(30, [A("quote", 0, 10, mode="direct")], [B("quote", 0, 10)])])
    data = assert_json_ready(report)
    assert set(data) == {"overall", "labels", "attributes", "confusion", "documents", "relations"}
    assert data["labels"]["quote"]["chars"] == {"total": 30, "a": 10, "b": 10, "both": 10}
    assert data["attributes"][0]["attribute"] == "mode" and data["attributes"][0]["agreement"] == 0.0
    assert data["documents"][0]["f1_exact"] == 1.0


# --------------------------------------------------------------------------- cross-checks


@st.composite
def documents(draw):
    length = draw(st.integers(1, 30))
    sets = []
    for maker in (A, B):
        spans = []
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            spans.append(maker(draw(st.sampled_from(["quote", "actor"])), start, end))
        sets.append(spans)
    return (length, sets[0], sets[1])


@settings(max_examples=150, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=4))
def test_matches_and_character_kappa_agree_with_brute_force(corpus):
    report = compute_agreement(corpus)
    for label, scores in report.labels.items():
        ratings = []
        for length, a, b in corpus:
            inside_a = {i for x in a if x.label == label for i in range(x.start, x.end)}
            inside_b = {i for x in b if x.label == label for i in range(x.start, x.end)}
            ratings.extend((i in inside_a, i in inside_b) for i in range(length))
        expected = cohen_kappa(ratings, labels=[False, True])
        assert scores.kappa_char == (None if expected is None else pytest.approx(expected))
    pairs = [p for _, a, b in corpus for p in align(a, b)]
    assert report.overall.matches_exact == sum(p.kind in ("match", "attributes") for p in pairs)
    assert report.overall.matches_overlap == sum(p.kind in ("match", "attributes", "boundary") for p in pairs)


def synthetic_corpus(documents=1000, spans=20, seed=7):
    rng = random.Random(seed)
    labels = ["quote", "condition", "actor", "guarantee_type"]
    corpus = []
    for doc in range(documents):
        length = rng.randint(2000, 6000)
        a, b = [], []
        for target, maker in ((a, A), (b, B)):
            for _ in range(spans):
                start = rng.randrange(0, length - 60)
                target.append(
                    maker(rng.choice(labels), start, start + rng.randint(1, 60), doc=doc, kind=rng.choice("xy"))
                )
        b[:8] = [B(x.label, x.start, x.end, doc=doc, **x.attributes) for x in a[:8]]
        corpus.append((length, a, b))
    return corpus


def test_thousand_documents_run_once():
    """Size check only (1,000 documents × 2 analysts × 20 spans); timing is measured outside the suite."""
    corpus = synthetic_corpus()
    report = compute_agreement(corpus)
    assert len(report.documents) == 1000
    assert report.overall.count_a == report.overall.count_b == 20_000
    assert report.overall.matches_exact >= 8000
    assert all(s.alpha_u is not None and s.kappa_char is not None for s in report.labels.values())
    assert_json_ready(report)
